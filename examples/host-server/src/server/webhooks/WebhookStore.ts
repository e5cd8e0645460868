import type Database from 'better-sqlite3';
import type { DeadLetterView, WebhookView } from '../../shared/webhooks';

/**
 * A subscription as stored: what the admin page lists ({@link WebhookView}: where to POST, which event types, how far
 * delivery is, the write-ahead `inFlight` and the `behind` mark), plus the signing secret the page never sees.
 */
export type Subscription = Omit<WebhookView, 'secretHint' | 'deadLetters'> & { readonly secret: string };

/** A dead letter as stored: exactly what the admin page lists. */
export type DeadLetter = DeadLetterView;

interface Row {
  id: string;
  url: string;
  types: string;
  secret: string;
  enabled: number;
  cursor: number;
  inflight_seq: number | null;
  attempts: number;
  last_error: string | null;
  behind_oldest: number | null;
  behind_at: number | null;
  created_at: number;
}

interface DeadRow {
  seq: number;
  type: string;
  attempts: number;
  error: string;
  dead_at: number;
  replay: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS host_webhook (
    id TEXT PRIMARY KEY, url TEXT NOT NULL, types TEXT NOT NULL, secret TEXT NOT NULL, enabled INTEGER NOT NULL,
    cursor INTEGER NOT NULL, inflight_seq INTEGER, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
    behind_oldest INTEGER, behind_at INTEGER, created_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS host_webhook_dead (
    subscription_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL,
    dead_at INTEGER NOT NULL, replay INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (subscription_id, seq)
  ) WITHOUT ROWID;
`;

const toSubscription = (row: Row): Subscription => ({
  id: row.id,
  url: row.url,
  types: JSON.parse(row.types) as string[],
  secret: row.secret,
  enabled: row.enabled === 1,
  cursor: row.cursor,
  ...(row.inflight_seq !== null ? { inFlight: { seq: row.inflight_seq, attempts: row.attempts, ...(row.last_error !== null ? { lastError: row.last_error } : {}) } } : {}),
  ...(row.behind_oldest !== null ? { behind: { oldestSeq: row.behind_oldest, at: row.behind_at ?? 0 } } : {}),
  createdAt: row.created_at,
});

const toDeadLetter = (row: DeadRow): DeadLetter => ({ seq: row.seq, type: row.type, attempts: row.attempts, error: row.error, deadAt: row.dead_at, replaying: row.replay === 1 });

/**
 * Subscriptions, their cursors and their dead letters, in the host's SQLite file (tables `host_webhook` and
 * `host_webhook_dead`). Every write is one synchronous statement or transaction, so what it says survives a
 * `kill -9` the moment it returns: the delivery loop writes the event it is about to send *before* sending it and
 * moves the cursor only after the receiver said 2xx, so a crash can re-send only the event that was in flight.
 * Dead letters keep the event's `seq` and type, not its body: the body is read again from the event log on replay,
 * so an erased contact's data is never copied here.
 *
 * @example
 * ```ts
 * const store = new WebhookStore(db);
 * store.create({ id: 'wh-1', url: 'https://crm.example.com/hooks', types: [], secret, enabled: true, cursor: 0, createdAt: now });
 * store.begin('wh-1', 5, 1); // about to send event 5, attempt 1
 * store.ack('wh-1', 5);      // the receiver answered 2xx
 * ```
 */
export class WebhookStore {
  readonly #db: Database.Database;
  readonly #sql;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(SCHEMA);
    this.#sql = {
      all: db.prepare<[], Row>('SELECT * FROM host_webhook ORDER BY created_at, id'),
      get: db.prepare<[string], Row>('SELECT * FROM host_webhook WHERE id = ?'),
      insert: db.prepare('INSERT INTO host_webhook (id, url, types, secret, enabled, cursor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE host_webhook SET url = ?, types = ?, secret = ?, enabled = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM host_webhook WHERE id = ?'),
      removeDead: db.prepare('DELETE FROM host_webhook_dead WHERE subscription_id = ?'),
      begin: db.prepare('UPDATE host_webhook SET cursor = MAX(cursor, ?), inflight_seq = ?, attempts = ?, last_error = CASE WHEN inflight_seq = ? THEN last_error END WHERE id = ?'),
      failed: db.prepare('UPDATE host_webhook SET last_error = ? WHERE id = ?'),
      ack: db.prepare('UPDATE host_webhook SET cursor = MAX(cursor, ?), inflight_seq = NULL, attempts = 0, last_error = NULL WHERE id = ?'),
      advance: db.prepare('UPDATE host_webhook SET cursor = MAX(cursor, ?) WHERE id = ?'),
      behind: db.prepare('UPDATE host_webhook SET behind_oldest = ?, behind_at = ? WHERE id = ?'),
      resume: db.prepare('UPDATE host_webhook SET cursor = ?, behind_oldest = NULL, behind_at = NULL, inflight_seq = NULL, attempts = 0, last_error = NULL WHERE id = ?'),
      dead: db.prepare<[string], DeadRow>('SELECT seq, type, attempts, error, dead_at, replay FROM host_webhook_dead WHERE subscription_id = ? ORDER BY seq'),
      deadCounts: db.prepare<[], { id: string; n: number }>('SELECT subscription_id AS id, count(*) AS n FROM host_webhook_dead GROUP BY subscription_id'),
      putDead: db.prepare('INSERT OR REPLACE INTO host_webhook_dead (subscription_id, seq, type, attempts, error, dead_at, replay) VALUES (?, ?, ?, ?, ?, ?, 0)'),
      deleteDead: db.prepare('DELETE FROM host_webhook_dead WHERE subscription_id = ? AND seq = ?'),
      markReplay: db.prepare('UPDATE host_webhook_dead SET replay = 1 WHERE subscription_id = ? AND seq = ?'),
      markReplayAll: db.prepare('UPDATE host_webhook_dead SET replay = 1 WHERE subscription_id = ?'),
      nextReplay: db.prepare<[string], DeadRow>('SELECT seq, type, attempts, error, dead_at, replay FROM host_webhook_dead WHERE subscription_id = ? AND replay = 1 ORDER BY seq LIMIT 1'),
    };
  }

  list(): Subscription[] {
    return this.#sql.all.all().map(toSubscription);
  }

  get(id: string): Subscription | undefined {
    const row = this.#sql.get.get(id);
    return row === undefined ? undefined : toSubscription(row);
  }

  create(s: Omit<Subscription, 'inFlight' | 'behind'>): void {
    this.#sql.insert.run(s.id, s.url, JSON.stringify(s.types), s.secret, s.enabled ? 1 : 0, s.cursor, s.createdAt);
  }

  update(id: string, change: Pick<Subscription, 'url' | 'types' | 'secret' | 'enabled'>): void {
    this.#sql.update.run(change.url, JSON.stringify(change.types), change.secret, change.enabled ? 1 : 0, id);
  }

  remove(id: string): void {
    this.#db.transaction(() => {
      this.#sql.removeDead.run(id);
      this.#sql.remove.run(id);
    })();
  }

  /**
   * Write-ahead: before attempt `attempts` of event `seq`. The cursor moves to just before it (the events in
   * between were not for this subscription), and the attempt counts even if the process dies during it.
   */
  begin(id: string, seq: number, attempts: number): void {
    this.#sql.begin.run(seq - 1, seq, attempts, seq, id);
  }

  failed(id: string, error: string): void {
    this.#sql.failed.run(error.slice(0, 500), id);
  }

  /** The receiver took event `seq`: the cursor moves past it. */
  ack(id: string, seq: number): void {
    this.#sql.ack.run(seq, id);
  }

  /** Events up to `seq` are not for this subscription (its type filter): nothing to send, the cursor moves on. */
  advance(id: string, seq: number): void {
    this.#sql.advance.run(seq, id);
  }

  /** Every attempt failed: the event becomes a dead letter and the cursor moves past it, in one transaction. */
  deadLetter(id: string, letter: Omit<DeadLetter, 'replaying'>): void {
    this.#db.transaction(() => {
      this.#sql.putDead.run(id, letter.seq, letter.type, letter.attempts, letter.error.slice(0, 500), letter.deadAt);
      this.#sql.ack.run(letter.seq, id);
    })();
  }

  markBehind(id: string, oldestSeq: number, at: number): void {
    this.#sql.behind.run(oldestSeq, at, id);
  }

  /** Restarts delivery at `cursor` (after a fall behind the retention: the admin's explicit choice). */
  resume(id: string, cursor: number): void {
    this.#sql.resume.run(cursor, id);
  }

  deadLetters(id: string): DeadLetter[] {
    return this.#sql.dead.all(id).map(toDeadLetter);
  }

  deadCounts(): Map<string, number> {
    return new Map(this.#sql.deadCounts.all().map((r) => [r.id, r.n]));
  }

  /** Queues dead letters for replay: one, or all of the subscription's; returns how many were marked. */
  markReplay(id: string, seq?: number): number {
    return (seq === undefined ? this.#sql.markReplayAll.run(id) : this.#sql.markReplay.run(id, seq)).changes;
  }

  /** The lowest dead letter waiting for its replay. */
  nextReplay(id: string): DeadLetter | undefined {
    const row = this.#sql.nextReplay.get(id);
    return row === undefined ? undefined : toDeadLetter(row);
  }

  /** A dead letter delivered at last (or discarded by the admin). */
  deleteDeadLetter(id: string, seq: number): boolean {
    return this.#sql.deleteDead.run(id, seq).changes > 0;
  }

  /** A replay that failed again: the dead letter stays, with its new attempts and error, no longer queued. */
  replayFailed(id: string, letter: Omit<DeadLetter, 'replaying'>): void {
    this.#sql.putDead.run(id, letter.seq, letter.type, letter.attempts, letter.error.slice(0, 500), letter.deadAt);
  }
}
