import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type Database from 'better-sqlite3';

/** scrypt's cost: N = 2^14, r = 8, p = 1 (about 16 MiB and tens of milliseconds per hash, on the libuv pool). */
const COST: ScryptOptions = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions = COST): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * A password as stored: `scrypt$N$r$p$salt$key` (base64url). Async, so hashing never blocks the event loop.
 *
 * @example
 * ```ts
 * const stored = await hashPassword('alice-demo');
 * await verifyPassword(stored, 'alice-demo'); // true
 * ```
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches a {@link hashPassword} string (constant-time compare; false for a malformed one). */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), maxmem: COST.maxmem });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash nobody's password matches: unknown agents cost the same time as known ones, so ids cannot be probed. */
const decoy = hashPassword(randomBytes(16).toString('hex'));

/**
 * Agents' passwords, scrypt-hashed in the host's table `host_credential`. The configuration's passwords seed agents
 * that have none yet (like the engine's `queues`/`agents` options seed a new store); after that the admin page
 * sets them.
 */
export class Credentials {
  readonly #get: Database.Statement<[string], { hash: string }>;
  readonly #put: Database.Statement<[string, string]>;
  readonly #delete: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS host_credential (agent_id TEXT PRIMARY KEY, hash TEXT NOT NULL) WITHOUT ROWID');
    this.#get = db.prepare('SELECT hash FROM host_credential WHERE agent_id = ?');
    this.#put = db.prepare('INSERT INTO host_credential (agent_id, hash) VALUES (?, ?) ON CONFLICT (agent_id) DO UPDATE SET hash = excluded.hash');
    this.#delete = db.prepare('DELETE FROM host_credential WHERE agent_id = ?');
  }

  /** Stores the configured password of each agent that has none yet. */
  async seed(passwords: Readonly<Record<string, string>>): Promise<void> {
    const missing = Object.entries(passwords).filter(([agentId]) => this.#get.get(agentId) === undefined);
    const hashed = await Promise.all(missing.map(async ([agentId, password]) => [agentId, await hashPassword(password)] as const));
    for (const [agentId, hash] of hashed) this.#put.run(agentId, hash);
  }

  async set(agentId: string, password: string): Promise<void> {
    this.#put.run(agentId, await hashPassword(password));
  }

  has(agentId: string): boolean {
    return this.#get.get(agentId) !== undefined;
  }

  remove(agentId: string): void {
    this.#delete.run(agentId);
  }

  /** Whether the agent exists with this password (a wrong password and an unknown agent take the same time). */
  async verify(agentId: string, password: string): Promise<boolean> {
    const row = this.#get.get(agentId);
    const ok = await verifyPassword(row?.hash ?? (await decoy), password);
    return ok && row !== undefined;
  }
}
