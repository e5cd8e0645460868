import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

/** Who a connection or an HTTP request is, once authenticated. The server derives every `agentId` from this. */
export type Identity =
  | { readonly role: 'agent'; readonly agentId: string }
  | { readonly role: 'customer'; readonly chatId: string }
  | { readonly role: 'admin'; readonly user: string };

/** How long sign-ins last. */
export interface SessionPolicy {
  /** An agent's token lapses after this long unused (sliding: every use extends it). Default 12 h. */
  readonly agentIdleMs: number;
  /** ...and after this long in any case. Default 7 days. */
  readonly agentMaxMs: number;
  /** An admin's token, sliding. Default 1 h. */
  readonly adminIdleMs: number;
  /** A customer's token lives as long as their chat, and this long after it ended. Default 1 h. */
  readonly customerGraceMs: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  agentIdleMs: 12 * 3_600_000,
  agentMaxMs: 7 * 24 * 3_600_000,
  adminIdleMs: 3_600_000,
  customerGraceMs: 3_600_000,
};

/** What the sessions need of a chat: when it started (its identity across id reuse) and when it ended. */
export type ChatLookup = (chatId: string) => { readonly startedAt: number; readonly endedAt?: number } | undefined;

interface Row {
  role: 'agent' | 'customer' | 'admin';
  subject: string;
  bound_at: number;
  created_at: number;
  seen_at: number;
}

/** A sliding expiry is written back at most this often, so a busy tab is not a write per frame. */
const TOUCH_EVERY_MS = 60_000;

/** Tokens are stored as their SHA-256: the table alone signs nobody in. */
const keyOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Bearer tokens in the host's table `host_session`, so sign-ins survive a restart. Each token is 256 random bits
 * (the capability itself), scoped to a role and one subject, and expires: agents and admins after a sliding idle
 * time (and agents after a maximum), customers with their chat. A customer's token is bound to the chat's start
 * time as well as its id, so it can never reach a later chat that happens to get the same id.
 *
 * @example
 * ```ts
 * const sessions = new Sessions(db, defaultSessionPolicy, Date.now, (chatId) => undefined);
 * const token = sessions.issue({ role: 'agent', agentId: 'alice' });
 * sessions.identify(token); // { role: 'agent', agentId: 'alice' }
 * sessions.revoke(token);   // signed out: identify(token) is undefined from now on, here and after a restart
 * ```
 */
export class Sessions {
  readonly #policy: SessionPolicy;
  readonly #now: () => number;
  readonly #chat: ChatLookup;
  readonly #revoked = new Set<(key: string) => void>();
  readonly #sql: {
    insert: Database.Statement<[string, string, string, number, number, number]>;
    get: Database.Statement<[string], Row>;
    touch: Database.Statement<[number, string]>;
    delete: Database.Statement<[string]>;
    ofSubject: Database.Statement<[string, string], { key: string }>;
    sweep: Database.Statement<[number, number, number]>;
    customers: Database.Statement<[], Row & { key: string }>;
  };

  constructor(db: Database.Database, policy: SessionPolicy, now: () => number, chat: ChatLookup) {
    this.#policy = policy;
    this.#now = now;
    this.#chat = chat;
    db.exec(`CREATE TABLE IF NOT EXISTS host_session (
      key TEXT PRIMARY KEY, role TEXT NOT NULL, subject TEXT NOT NULL,
      bound_at INTEGER NOT NULL, created_at INTEGER NOT NULL, seen_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS host_session_subject ON host_session (role, subject);`);
    this.#sql = {
      insert: db.prepare('INSERT INTO host_session (key, role, subject, bound_at, created_at, seen_at) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare('SELECT role, subject, bound_at, created_at, seen_at FROM host_session WHERE key = ?'),
      touch: db.prepare('UPDATE host_session SET seen_at = ? WHERE key = ?'),
      delete: db.prepare('DELETE FROM host_session WHERE key = ?'),
      ofSubject: db.prepare('SELECT key FROM host_session WHERE role = ? AND subject = ?'),
      // Customers' rows are checked against their chat when used; the sweep drops lapsed agent and admin rows.
      sweep: db.prepare("DELETE FROM host_session WHERE (role = 'agent' AND (seen_at < ? OR created_at < ?)) OR (role = 'admin' AND seen_at < ?)"),
      customers: db.prepare("SELECT key, role, subject, bound_at, created_at, seen_at FROM host_session WHERE role = 'customer'"),
    };
  }

  /** The time expiry is judged by. */
  now(): number {
    return this.#now();
  }

  /** A new token for this identity; `chatStartedAt` binds a customer's token to one chat. */
  issue(identity: Identity, chatStartedAt = 0): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.#now();
    this.#sql.insert.run(keyOf(token), identity.role, subjectOf(identity), chatStartedAt, now, now);
    return token;
  }

  /** Who holds this token, or undefined when it is unknown, revoked or expired (an expired row is deleted). */
  identify(token: string | undefined): Identity | undefined {
    if (token === undefined) return undefined;
    const key = keyOf(token);
    const row = this.#sql.get.get(key);
    if (row === undefined) return undefined;
    const now = this.#now();
    if (this.#expired(row, now)) {
      this.#sql.delete.run(key);
      return undefined;
    }
    if (row.role !== 'customer' && now - row.seen_at >= TOUCH_EVERY_MS) this.#sql.touch.run(now, key);
    if (row.role === 'agent') return { role: 'agent', agentId: row.subject };
    if (row.role === 'admin') return { role: 'admin', user: row.subject };
    return { role: 'customer', chatId: row.subject };
  }

  /**
   * When this token lapses if nobody uses it: a time (ms), `Infinity` while it has no end yet (a customer's chat
   * still going), or undefined when it is unknown, revoked or lapsed already. Reads without extending it.
   */
  expiresAt(token: string): number | undefined {
    const row = this.#sql.get.get(keyOf(token));
    if (row === undefined || this.#expired(row, this.#now())) return undefined;
    const policy = this.#policy;
    if (row.role === 'agent') return Math.min(row.seen_at + policy.agentIdleMs, row.created_at + policy.agentMaxMs);
    if (row.role === 'admin') return row.seen_at + policy.adminIdleMs;
    const endedAt = this.#chat(row.subject)?.endedAt;
    return endedAt === undefined ? Infinity : endedAt + policy.customerGraceMs;
  }

  /** Signs this token out, everywhere: open connections holding it are told through {@link onRevoke}. */
  revoke(token: string): void {
    const key = keyOf(token);
    this.#sql.delete.run(key);
    for (const listener of this.#revoked) listener(key);
  }

  /** Signs out every session of this identity (an agent removed, or given a new password). */
  revokeAll(identity: Identity): void {
    for (const { key } of this.#sql.ofSubject.all(identity.role, subjectOf(identity))) {
      this.#sql.delete.run(key);
      for (const listener of this.#revoked) listener(key);
    }
  }

  /** Calls `listener` when `token` is revoked; returns the unsubscribe. */
  onRevoke(token: string, listener: () => void): () => void {
    const key = keyOf(token);
    const check = (revoked: string) => {
      if (revoked === key) listener();
    };
    this.#revoked.add(check);
    return () => this.#revoked.delete(check);
  }

  /** Drops lapsed rows: agents' and admins' by time, customers' by their chat (the server calls it hourly). */
  sweep(): void {
    const now = this.#now();
    this.#sql.sweep.run(now - this.#policy.agentIdleMs, now - this.#policy.agentMaxMs, now - this.#policy.adminIdleMs);
    for (const row of this.#sql.customers.all()) if (this.#expired(row, now)) this.#sql.delete.run(row.key);
  }

  #expired(row: Row, now: number): boolean {
    const policy = this.#policy;
    if (row.role === 'agent') return now - row.seen_at > policy.agentIdleMs || now - row.created_at > policy.agentMaxMs;
    if (row.role === 'admin') return now - row.seen_at > policy.adminIdleMs;
    const chat = this.#chat(row.subject);
    // Unknown chat, or another chat under a reused id: this token belonged to one that is gone.
    if (chat === undefined || chat.startedAt !== row.bound_at) return true;
    return chat.endedAt !== undefined && now - chat.endedAt > policy.customerGraceMs;
  }
}

function subjectOf(identity: Identity): string {
  return identity.role === 'agent' ? identity.agentId : identity.role === 'admin' ? identity.user : identity.chatId;
}
