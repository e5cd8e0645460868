import type { Pool } from 'pg';
import { ChatrouteError } from '../errors/ChatrouteError';
import { isTransient, storageFailed } from './connections';
import type { Statements } from './statements';

/**
 * The timers a lease runs on. Leases are infrastructure, not engine time: they run on real time by default, and the
 * database's clock decides expiry; only a node's own giving up (renewals failing for a whole TTL) reads `now()`.
 */
export interface LeaseTimers {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  /** Monotonic milliseconds. */
  readonly now: () => number;
}

/**
 * Real timers: `globalThis.setTimeout` and `performance.now()`; the default. Wrap them to watch renewals.
 *
 * @example
 * ```ts
 * import { createPostgresStore, realTimers } from 'chatroute/postgres';
 * const timers = { ...realTimers, setTimeout: (fn: () => void, ms: number) => realTimers.setTimeout(() => { console.log('renewing'); fn(); }, ms) };
 * const store = createPostgresStore({ pool, shard: 'tenant-42', owner: 'node-a', timers });
 * ```
 */
export const realTimers: LeaseTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => performance.now(),
};

/** Where a store stands with its shard's lease. */
export type LeaseState = 'idle' | 'acquiring' | 'owner' | 'stepped-down' | 'released';

/** Who holds a shard, by the database's clock. */
export interface LeaseInfo {
  readonly owner: string;
  readonly epoch: number;
  /** Milliseconds the lease still runs (≤ 0: expired or released, free to take). */
  readonly remainingMs: number;
}

export interface LeaseSettings {
  readonly pool: Pool;
  readonly sql: Statements;
  readonly shard: string;
  readonly owner: string;
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  readonly timers: LeaseTimers;
  readonly ready: () => Promise<void>;
  /** Renews this lease together with the group's others (one statement per tick) instead of on a timer of its own. */
  readonly group?: LeaseMembership;
}

/** How a {@link LeaseKeeper} joins the renewals of a lease group (see `createLeaseGroup`). */
export interface LeaseMembership {
  join(keeper: LeaseKeeper): void;
  leave(keeper: LeaseKeeper): void;
}

/**
 * One store's hold on one shard: acquires (polling until free), renews on a timer, steps down for good when a renewal
 * or a write finds the lease gone, and releases on a graceful stop. Stepping down is final: a node that wants the
 * shard back makes a new store, loads and replays, like any other node.
 *
 * The database going away (a restart, a failover, a dropped connection) is ridden out where it can be: `acquire`
 * keeps polling through connection errors, and renewals keep trying while the lease surely runs. A renewal that
 * gets no answer at all (a connection hanging in a partition) cannot keep the holder believing it owns the shard:
 * once the lease's local deadline passes without a renewal, it steps down.
 */
export class LeaseKeeper {
  state: LeaseState = 'idle';
  epoch: number | undefined = undefined;
  readonly lost: Promise<ChatrouteError>;
  #resolveLost!: (error: ChatrouteError) => void;
  #lostError: ChatrouteError | undefined;
  readonly #listeners = new Set<(error: ChatrouteError) => void>();
  #renewTimer: unknown = undefined;
  #expiryTimer: unknown = undefined;
  /** Local monotonic time until which the lease is surely ours: when the last successful renewal was sent + TTL. */
  #validUntil = 0;

  constructor(readonly settings: LeaseSettings) {
    this.lost = new Promise((resolve) => (this.#resolveLost = resolve));
  }

  /** The fencing error of this store: why it may not write. */
  fencedError(what: string): ChatrouteError {
    return this.#lostError ?? new ChatrouteError('fenced', `${what}: ${this.#who()} does not hold the lease (${this.state})`);
  }

  #who(): string {
    const { shard, owner } = this.settings;
    return `owner ${JSON.stringify(owner)} of shard ${JSON.stringify(shard)}${this.epoch !== undefined ? ` at epoch ${this.epoch}` : ''}`;
  }

  /** The parameters every fenced write starts with. */
  fence(what: string): [string, string, number] {
    if (this.state !== 'owner' || this.epoch === undefined) throw this.fencedError(what);
    return [this.settings.shard, this.settings.owner, this.epoch];
  }

  async acquire(waitMs: number, pollMs: number): Promise<number | null> {
    if (this.state === 'owner') return this.epoch as number;
    if (this.state !== 'idle') {
      throw new ChatrouteError('invalid-argument', `acquire: this store has ${this.state}; make a new store to take the shard again`);
    }
    this.state = 'acquiring';
    const { pool, sql, shard, owner, ttlMs, timers } = this.settings;
    const started = timers.now();
    try {
      for (;;) {
        const sent = timers.now();
        let row: { epoch: string } | undefined;
        try {
          await this.settings.ready();
          row = (await pool.query<{ epoch: string }>(sql.acquire, [shard, owner, ttlMs])).rows[0];
        } catch (error) {
          // The database is down or restarting: a standby waits for it as it waits for the shard.
          if (!isTransient(error)) throw storageFailed('acquire', error, 'check the connection settings and the database');
        }
        if (row !== undefined) {
          this.epoch = Number(row.epoch);
          this.state = 'owner';
          this.#validUntil = sent + ttlMs;
          this.#armExpiry();
          this.#scheduleRenewal();
          return this.epoch;
        }
        const left = started + waitMs - timers.now();
        if (left <= 0 || this.state !== 'acquiring') break;
        await new Promise<void>((resolve) => timers.setTimeout(resolve, Math.min(pollMs, left)));
      }
    } catch (error) {
      if (this.state === 'acquiring') this.state = 'idle';
      throw error;
    }
    if (this.state === 'acquiring') this.state = 'idle';
    return null;
  }

  #scheduleRenewal(): void {
    if (this.settings.group !== undefined) return this.settings.group.join(this);
    this.#renewTimer = this.settings.timers.setTimeout(() => void this.#renew(), this.settings.renewEveryMs);
  }

  /**
   * Steps down when no renewal has been answered for a whole TTL, even if one is still waiting for an answer (a
   * connection hanging in a partition). Measured by the timer alone, not by `now()` arithmetic: a renewal the
   * database accepted is held by the database's clock, however slow its answer was by ours.
   */
  #armExpiry(): void {
    const { timers, ttlMs } = this.settings;
    timers.clearTimeout(this.#expiryTimer);
    this.#expiryTimer = timers.setTimeout(() => {
      if (this.state !== 'owner') return;
      this.stepDown(new ChatrouteError('fenced', `${this.#who()} could not renew its lease within its TTL (no renewal was answered in time: the database did not answer, or this process was too busy to renew)`));
    }, ttlMs);
  }

  /** The group renewed this lease in a statement sent at `sent` (monotonic ms): it surely runs a TTL from then. */
  renewed(sent: number): void {
    if (this.state !== 'owner') return;
    this.#validUntil = Math.max(this.#validUntil, sent + this.settings.ttlMs);
    this.#armExpiry();
  }

  /** The group's renewal got no answer: keep the lease while it surely runs, then step down. */
  renewFailed(error: unknown): void {
    if (this.state !== 'owner' || this.settings.timers.now() < this.#validUntil) return;
    const message = error instanceof Error ? error.message : String(error);
    this.stepDown(new ChatrouteError('fenced', `${this.#who()} could not renew its lease within its TTL (${message})`));
  }

  async #renew(): Promise<void> {
    if (this.state !== 'owner') return;
    const { pool, sql, shard, owner, ttlMs, timers } = this.settings;
    const sent = timers.now();
    try {
      const result = await pool.query(sql.renew, [shard, owner, this.epoch, ttlMs]);
      if (this.state !== 'owner') return;
      if (result.rowCount === 0) {
        this.stepDown(new ChatrouteError('fenced', `${this.#who()} lost its lease: it expired or another owner took the shard`));
        return;
      }
      this.#validUntil = sent + ttlMs;
      this.#armExpiry();
    } catch (error) {
      if (this.state !== 'owner') return;
      // The database is unreachable: keep trying while the lease surely runs, then give up before a peer may take it.
      if (timers.now() >= this.#validUntil) {
        const message = error instanceof Error ? error.message : String(error);
        this.stepDown(new ChatrouteError('fenced', `${this.#who()} could not renew its lease within its TTL (${message})`));
        return;
      }
    }
    this.#scheduleRenewal();
  }

  /** Stops writing for good: a write or renewal found the lease gone. Listeners hear it once. */
  stepDown(error: ChatrouteError): void {
    if (this.state === 'stepped-down' || this.state === 'released') return;
    this.state = 'stepped-down';
    this.settings.group?.leave(this);
    this.#lostError = error;
    this.settings.timers.clearTimeout(this.#renewTimer);
    this.settings.timers.clearTimeout(this.#expiryTimer);
    this.#resolveLost(error);
    for (const listener of this.#listeners) {
      try {
        listener(error);
      } catch {
        // A listener's failure is its own; the others still hear of the loss.
      }
    }
    this.#listeners.clear();
  }

  onLost(listener: (error: ChatrouteError) => void): () => void {
    if (this.#lostError !== undefined) {
      listener(this.#lostError);
      return () => {};
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Ends the lease in the database (when still held) so a peer takes over at once; stops renewing. */
  async release(): Promise<void> {
    const wasOwner = this.state === 'owner';
    this.settings.timers.clearTimeout(this.#renewTimer);
    this.settings.timers.clearTimeout(this.#expiryTimer);
    if (this.state !== 'stepped-down') this.state = 'released';
    this.settings.group?.leave(this);
    this.#lostError ??= new ChatrouteError('fenced', `${this.#who()} released its lease`);
    this.#listeners.clear();
    if (!wasOwner) return;
    try {
      await this.settings.pool.query(this.settings.sql.release, [this.settings.shard, this.settings.owner, this.epoch]);
    } catch (error) {
      throw storageFailed('release', error, 'the lease was not ended early: a peer takes the shard once its TTL has passed');
    }
  }

  async read(): Promise<LeaseInfo | null> {
    try {
      await this.settings.ready();
      const result = await this.settings.pool.query<{ owner: string; epoch: string; remaining_ms: number }>(this.settings.sql.readLease, [this.settings.shard]);
      const row = result.rows[0];
      return row === undefined ? null : { owner: row.owner, epoch: Number(row.epoch), remainingMs: row.remaining_ms };
    } catch (error) {
      throw storageFailed('readLease', error, 'retry once the database is back');
    }
  }
}
