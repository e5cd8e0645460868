import type { AgentConfig, Engine, QueueConfig } from 'chatroute';
import type Database from 'better-sqlite3';

type Kind = 'queue' | 'agent';

/** A queue as the host keeps it: the engine's configuration plus the number the desk's chat header shows. */
export type HostQueue = QueueConfig & { readonly number?: number };

/**
 * The host's copy of the contact center's configuration, for the admin page and the start form: the engine
 * journals configuration commands and answers per-id queries, but does not hand a whole `QueueConfig` back. The
 * copy lives in the same SQLite file as the journal (table `host_config`), is written right after each accepted
 * `queue.upsert` / `agent.upsert` / `*.remove`, and is seeded from the configuration when new, exactly when the
 * engine seeds a new store. Listing keeps only what the engine knows, so a crash between the journal write and this
 * write can at worst hide a change from the list (the engine, not this copy, decides routing).
 *
 * @example
 * ```ts
 * const configuration = new Configuration(db, engine);
 * configuration.seed(config.queues, config.agents);
 * configuration.queues(); // QueueConfig[] as last accepted
 * ```
 */
export class Configuration {
  readonly #engine: Engine;
  /** The listing, kept until the next change (`engine.stats()`, which it filters by, is not cheap). */
  #queues: HostQueue[] | undefined;
  readonly #sql: {
    put: Database.Statement<[Kind, string, string]>;
    delete: Database.Statement<[Kind, string]>;
    all: Database.Statement<[Kind], { body: string }>;
    count: Database.Statement<[], { n: number }>;
  };

  constructor(db: Database.Database, engine: Engine) {
    this.#engine = engine;
    db.exec('CREATE TABLE IF NOT EXISTS host_config (kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, id))');
    this.#sql = {
      put: db.prepare('INSERT INTO host_config (kind, id, body) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body'),
      delete: db.prepare('DELETE FROM host_config WHERE kind = ? AND id = ?'),
      all: db.prepare('SELECT body FROM host_config WHERE kind = ? ORDER BY rowid'),
      count: db.prepare('SELECT count(*) AS n FROM host_config'),
    };
  }

  /** Copies the configuration in when the copy is empty (a new data folder). */
  seed(queues: readonly QueueConfig[], agents: readonly AgentConfig[], numbers: Readonly<Record<string, number>> = {}): void {
    if ((this.#sql.count.get()?.n ?? 0) > 0) return;
    for (const queue of queues) this.putQueue(queue, numbers[queue.id]);
    for (const agent of agents) this.putAgent(agent);
  }

  /** Queues as last accepted, in creation order, of those the engine has. */
  queues(): HostQueue[] {
    if (this.#queues === undefined) {
      const known = new Set(this.#engine.stats().map((s) => s.queueId));
      this.#queues = this.#all<HostQueue>('queue').filter((q) => known.has(q.id));
    }
    return [...this.#queues];
  }

  /** Each queue's number: as configured, else its place in creation order (1, 2, ...). */
  queueNumbers(): Record<string, number> {
    return Object.fromEntries(this.queues().map((q, index) => [q.id, q.number ?? index + 1]));
  }

  /** Agents as last accepted, of those the engine has. */
  agents(): AgentConfig[] {
    return this.#all<AgentConfig>('agent').filter((a) => this.#engine.getAgent(a.id) !== undefined);
  }

  putQueue(queue: QueueConfig, number?: number): void {
    this.#queues = undefined;
    this.#sql.put.run('queue', queue.id, JSON.stringify(number !== undefined ? { ...queue, number } : queue));
  }

  putAgent(agent: AgentConfig): void {
    this.#sql.put.run('agent', agent.id, JSON.stringify(agent));
  }

  remove(kind: Kind, id: string): void {
    this.#queues = undefined;
    this.#sql.delete.run(kind, id);
  }

  #all<T>(kind: Kind): T[] {
    return this.#sql.all.all(kind).map((row) => JSON.parse(row.body) as T);
  }
}
