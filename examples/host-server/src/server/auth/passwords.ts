import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * scrypt's cost for new hashes: N = 2^17, r = 8, p = 1, OWASP's minimum (128 MiB and a few hundred milliseconds per
 * hash, on the libuv pool). Stored hashes carry their own parameters and are verified with them, so a data folder
 * written at N = 2^14 still signs in (and is rehashed at the current cost on the next good sign-in).
 */
export const DEFAULT_SCRYPT_N = 2 ** 17;
const R = 8;
const P = 1;
/** scrypt needs 128 · N · r bytes; Node refuses past `maxmem` (32 MiB by default), so it is raised for N up to 2^18. */
const MAXMEM = 2 * 128 * 2 ** 18 * R;
const KEY_BYTES = 32;

const costOf = (N: number): ScryptOptions => ({ N, r: R, p: P, maxmem: MAXMEM });

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
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
export async function hashPassword(password: string, N = DEFAULT_SCRYPT_N): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, costOf(N));
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** The N of a {@link hashPassword} string, or undefined for a malformed one. */
export function scryptNOf(stored: string): number | undefined {
  const [scheme, n] = stored.split('$');
  const N = Number(n);
  return scheme === 'scrypt' && Number.isInteger(N) && N > 1 ? N : undefined;
}

/** Whether `password` matches a {@link hashPassword} string, with its own parameters (constant-time compare; false for a malformed one). */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  let actual: Buffer;
  try {
    actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM });
  } catch {
    return false; // parameters scrypt refuses (a corrupt row): nobody signs in with it
  }
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Hashes nobody's password matches, one per cost: unknown agents cost the same time as known ones, so ids cannot be probed. */
const decoys = new Map<number, Promise<string>>();
const decoyOf = (N: number): Promise<string> => {
  let decoy = decoys.get(N);
  if (decoy === undefined) decoys.set(N, (decoy = hashPassword(randomBytes(16).toString('hex'), N)));
  return decoy;
};

/**
 * Agents' passwords, scrypt-hashed in the host's table `host_credential`. The configuration's passwords seed agents
 * that have none yet (like the engine's `queues`/`agents` options seed a new store); after that the admin page
 * sets them.
 */
export class Credentials {
  readonly #get: Database.Statement<[string], { hash: string }>;
  readonly #put: Database.Statement<[string, string]>;
  readonly #delete: Database.Statement<[string]>;
  /** scrypt's N for new hashes (tests pass a lower one to stay fast). */
  readonly N: number;

  constructor(db: Database.Database, N = DEFAULT_SCRYPT_N) {
    this.N = N;
    // Made now, in the background: the first unknown agent must cost no more than a known one.
    void decoyOf(N).catch(() => undefined);
    db.exec('CREATE TABLE IF NOT EXISTS host_credential (agent_id TEXT PRIMARY KEY, hash TEXT NOT NULL) WITHOUT ROWID');
    this.#get = db.prepare('SELECT hash FROM host_credential WHERE agent_id = ?');
    this.#put = db.prepare('INSERT INTO host_credential (agent_id, hash) VALUES (?, ?) ON CONFLICT (agent_id) DO UPDATE SET hash = excluded.hash');
    this.#delete = db.prepare('DELETE FROM host_credential WHERE agent_id = ?');
  }

  /** Stores the configured password of each agent that has none yet. */
  async seed(passwords: Readonly<Record<string, string>>): Promise<void> {
    const missing = Object.entries(passwords).filter(([agentId]) => this.#get.get(agentId) === undefined);
    const hashed = await Promise.all(missing.map(async ([agentId, password]) => [agentId, await hashPassword(password, this.N)] as const));
    for (const [agentId, hash] of hashed) this.#put.run(agentId, hash);
  }

  async set(agentId: string, password: string): Promise<void> {
    this.#put.run(agentId, await hashPassword(password, this.N));
  }

  has(agentId: string): boolean {
    return this.#get.get(agentId) !== undefined;
  }

  remove(agentId: string): void {
    this.#delete.run(agentId);
  }

  /**
   * Whether the agent exists with this password (a wrong password and an unknown agent take the same time). A good
   * password stored at a lower cost than the current one is rehashed at the current cost.
   */
  async verify(agentId: string, password: string): Promise<boolean> {
    const row = this.#get.get(agentId);
    const ok = await verifyPassword(row?.hash ?? (await decoyOf(this.N)), password);
    if (ok && row !== undefined && (scryptNOf(row.hash) ?? 0) < this.N) {
      const hash = await hashPassword(password, this.N);
      // Only if nobody changed it meanwhile (an admin's reset wins).
      if (this.#get.get(agentId)?.hash === row.hash) this.#put.run(agentId, hash);
    }
    return ok && row !== undefined;
  }
}
