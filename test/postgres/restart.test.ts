// Issue 17: a PostgreSQL restart crashed the process (`npm run bench:postgres` died of an unhandled 'error' event,
// 57P01, from a client the store had checked out). Under load — an engine appending, its lease renewing, readers
// loading with clients checked out — the server restarts: nothing may crash, every failure is a typed value
// (`storage-failed`, or `fenced` once the lease lapsed), and once the database is back the host reopens and serves
// again with every acknowledged command there.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatrouteError, openEngine, systemClock, type DurableEngine } from '../../src/index';
import { createPostgresStore, type PostgresStore } from '../../src/postgres/index';
import { startTestServer, type TestServer } from './server';

const queues = [{ id: 'q', name: 'Q', closeStatuses: ['done'] }];
const agents = [{ id: 'a', name: 'A', capacity: 1, queues: ['q'] }];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const typed = (error: unknown) => (ChatrouteError.is(error) ? error.code : `untyped: ${String(error)}`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 90_000);
afterAll(async () => {
  await server?.stop();
}, 30_000);

/** Errors that reached the process's top level while a test ran: each would have killed a host process. */
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

/** A host as a real one would be: serves while it can, reopens from the store when the engine fails. */
class Host {
  engine: DurableEngine | undefined;
  readonly acked: string[] = [];
  readonly outcomes = new Map<string, number>();
  readonly failures: unknown[] = [];
  readonly reopenErrors: unknown[] = [];
  /** What a failed engine answers a command with, asked right after it failed. */
  readonly afterFailure: string[] = [];
  stores = 0;
  #opening: Promise<void> | undefined;

  constructor(
    public store: PostgresStore,
    readonly newStore: () => PostgresStore,
  ) {}

  count(what: string): void {
    this.outcomes.set(what, (this.outcomes.get(what) ?? 0) + 1);
  }

  /** Opens the engine, taking a new store (and the lease) when this one stepped down; retries until it serves. */
  open(): Promise<void> {
    this.#opening ??= (async () => {
      for (;;) {
        try {
          if (this.store.state !== 'owner') {
            await this.store.close().catch(() => {});
            this.store = this.newStore();
            this.stores++;
            await this.store.acquire();
          }
          const engine = await openEngine({
            store: this.store,
            clock: systemClock,
            queues,
            agents,
            onFailed: (error) => {
              this.failures.push(error);
              const answer = engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'late' } });
              this.afterFailure.push(answer.ok ? 'accepted' : answer.error.code);
              if (this.engine === engine) this.engine = undefined;
              void this.open();
            },
          });
          this.engine = engine;
          this.#opening = undefined;
          return;
        } catch (error) {
          this.reopenErrors.push(error);
          await sleep(50);
        }
      }
    })();
    return this.#opening;
  }

  /** One chat.start, with the outcome counted by kind: acknowledged, refused (by code), rejected (by code). */
  async send(n: number): Promise<void> {
    const engine = this.engine;
    if (engine === undefined) return this.count('not serving');
    // A refusal by an engine that failed meanwhile is still a typed answer; only untyped ones count against it.
    const result = engine.dispatchDurable({ type: 'chat.start', queueId: 'q', chatId: `chat-${n}`, customer: { name: `c${n}` } });
    try {
      const r = await result;
      if (r.ok) this.acked.push(`chat-${n}`);
      this.count(r.ok ? 'acknowledged' : `refused ${r.error.code}`);
    } catch (error) {
      this.count(`rejected ${typed(error)}`);
    }
  }
}

/** Loads the shard over and over with small pages, so a client is checked out (mid-transaction) most of the time. */
async function readLoop(reader: PostgresStore, until: () => boolean, errors: unknown[]): Promise<number> {
  let loads = 0;
  while (!until()) {
    try {
      await reader.load();
      loads++;
    } catch (error) {
      errors.push(error);
      await sleep(20);
    }
  }
  return loads;
}

/** Drives `host` at a command every 2 ms while `during` runs, and for `afterMs` more. */
async function underLoad(host: Host, during: () => Promise<void>, afterMs: number): Promise<void> {
  let stop = false;
  let n = 0;
  const loading = (async () => {
    while (!stop) {
      void host.send(++n);
      await sleep(2);
    }
  })();
  await during();
  await sleep(afterMs);
  stop = true;
  await loading;
}

describe('a PostgreSQL restart under load (issue 17)', () => {
  it('crashes nothing, fails only with typed errors, and serves again from the store with every acknowledged chat', { timeout: 120_000 }, async () => {
    process.on('uncaughtException', onUncaught);
    // The host's pool has no 'error' listener of its own: the store must not rely on one.
    const pool = new pg.Pool({ connectionString: server.connectionString, max: 6 });
    const newStore = () => createPostgresStore({ pool, shard: 'restart', owner: 'host', leaseTtlMs: 30_000, renewEveryMs: 50 });
    const host = new Host(newStore(), newStore);
    const readerErrors: unknown[] = [];
    let reading = true;
    try {
      await host.store.acquire();
      await host.open();
      // Two readers: one on the host's pool, one on a pool of its own (connectionString).
      const readers = [
        createPostgresStore({ pool, shard: 'restart', owner: 'reader-1', pageRows: 5 }),
        createPostgresStore({ connectionString: server.connectionString, shard: 'restart', owner: 'reader-2', pageRows: 5 }),
      ];
      const reads = readers.map((reader) => readLoop(reader, () => !reading, readerErrors));
      let ackedAtRestart = 0;
      await underLoad(
        host,
        async () => {
          while (host.acked.length < 100) await sleep(10);
          ackedAtRestart = host.acked.length;
          await server.restart(500);
          // Served again: acknowledgements resume after the restart.
          while (host.acked.length < ackedAtRestart + 100) await sleep(10);
        },
        200,
      );
      reading = false;
      const loads = await Promise.all(reads);
      await Promise.all(readers.map((reader) => reader.close()));
      await host.engine?.flush();

      console.log(`restart test: ${JSON.stringify({ outcomes: Object.fromEntries(host.outcomes), failures: host.failures.map(typed), stores: host.stores, reopenErrors: host.reopenErrors.length, readerErrors: readerErrors.length, loads })}`);
      expect(uncaught).toEqual([]);
      // The restart was felt (not vacuous), and every failure said what it was.
      expect(host.failures.length).toBeGreaterThan(0);
      expect(host.failures.map(typed).filter((code) => code !== 'storage-failed' && code !== 'fenced')).toEqual([]);
      expect(new Set(host.afterFailure)).toEqual(new Set(['storage-failed']));
      expect(readerErrors.length).toBeGreaterThan(0);
      expect(readerErrors.map(typed).filter((code) => code !== 'storage-failed')).toEqual([]);
      expect(host.reopenErrors.map(typed).filter((code) => code !== 'storage-failed')).toEqual([]);
      const kinds = [...host.outcomes.keys()];
      expect(kinds.filter((k) => !['acknowledged', 'not serving', 'refused storage-failed', 'rejected storage-failed'].includes(k))).toEqual([]);
      expect(loads.every((count) => count > 0)).toBe(true);

      // Every acknowledged chat is in the journal: a fresh owner, after a graceful hand-over, recovers all of them.
      await host.engine?.close();
      const verifier = createPostgresStore({ pool, shard: 'restart', owner: 'verifier' });
      await verifier.acquire({ waitMs: 10_000 });
      const recovered = await openEngine({ store: verifier, clock: systemClock, queues, agents });
      const lost = host.acked.filter((chatId) => recovered.getChat(chatId) === undefined);
      await recovered.close();
      expect({ acked: host.acked.length > ackedAtRestart, lost }).toEqual({ acked: true, lost: [] });
    } finally {
      reading = false;
      process.off('uncaughtException', onUncaught);
      await host.engine?.close().catch(() => {});
      await host.store.close().catch(() => {});
      await pool.end();
    }
  });

  it('lets a lease lapse while the database is down longer than its TTL: the store steps down, a waiting acquire takes the shard once it is back', { timeout: 120_000 }, async () => {
    process.on('uncaughtException', onUncaught);
    const pool = new pg.Pool({ connectionString: server.connectionString, max: 4 });
    // Down for well over the TTL, which renewals every 100 ms keep alive until the server goes (even under load).
    const store = createPostgresStore({ pool, shard: 'lapse', owner: 'first', leaseTtlMs: 1_000, renewEveryMs: 100 });
    const next = createPostgresStore({ pool, shard: 'lapse', owner: 'second', leaseTtlMs: 1_000 });
    try {
      expect(await store.acquire()).toBe(1);
      const engine = await openEngine({ store, clock: systemClock, queues, agents });
      expect((await engine.dispatchDurable({ type: 'chat.start', queueId: 'q', chatId: 'before', customer: { name: 'Eve' } })).ok).toBe(true);
      let settled = false;
      const restarting = server.restart(3_000);
      // Waiting for the shard while the server is down: connection errors are ridden out, not thrown.
      const taking = next.acquire({ pollMs: 50 }).finally(() => (settled = true));
      const lost = await store.lost;
      expect(lost.code).toBe('fenced');
      expect(lost.message).toMatch(/could not renew its lease within its TTL/);
      expect(settled).toBe(false);
      await restarting;
      expect(await taking).toBe(2);
      const recovered = await openEngine({ store: next, clock: systemClock, queues, agents });
      expect(recovered.getChat('before')?.state).toBe('queued');
      expect((await recovered.dispatchDurable({ type: 'chat.start', queueId: 'q', chatId: 'after', customer: { name: 'Ann' } })).ok).toBe(true);
      engine.stop();
      await recovered.close();
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await Promise.all([store.close().catch(() => {}), next.close().catch(() => {})]);
      await pool.end();
    }
  });
});
