import type { Pool } from 'pg';
import { ChatrouteError } from '../errors/ChatrouteError';
import { listenToPool } from './connections';
import { realTimers, type LeaseKeeper, type LeaseMembership, type LeaseTimers } from './LeaseKeeper';
import { ensureSchema, tables } from './schema';
import { statements } from './statements';

/** Options of {@link createLeaseGroup}. */
export interface LeaseGroupOptions {
  /** A `pg` pool you manage: the group's renewals and its stores' queries run on it. */
  readonly pool: Pool;
  /** This node's name as every lease row of the group shows it (unique per process: `node-a@10.0.0.7:3101#1`). */
  readonly owner: string;
  /** How long a lease runs unrenewed, by the database's clock (default 10 s). */
  readonly ttlMs?: number;
  /** How often the group renews all its leases, in one statement (default a third of the TTL). */
  readonly renewEveryMs?: number;
  /** A PostgreSQL schema for the tables, as for `createPostgresStore`. */
  readonly schema?: string;
  /** Timers of the renewals (real ones by default). */
  readonly timers?: LeaseTimers;
}

/**
 * The leases of one node's many shards, renewed together: one `UPDATE` per tick for all of them, so a node holding
 * 300 shards sends one renewal every `renewEveryMs`, not 300. Each shard's store (from `createPostgresStore` with
 * `leaseGroup`) still acquires, releases and fences its own writes with its own epoch; a shard the renewal finds
 * gone (expired, taken) steps down alone. See {@link createLeaseGroup}.
 */
export interface LeaseGroup {
  readonly pool: Pool;
  readonly owner: string;
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  readonly schema: string | undefined;
  readonly timers: LeaseTimers;
  /** Leases held and renewed by the group now. */
  readonly size: number;
  /** Renewal statements sent since the group started (for a cost per shard: renewals ÷ seconds ÷ shards). */
  readonly renewals: number;
  /** Stops renewing. Leases still held then lapse after their TTL: release each store first for a quick handover. */
  close(): void;
}

const memberships = new WeakMap<LeaseGroup, LeaseMembership>();

/** The renewals a store joins (internal: `createPostgresStore` with `leaseGroup`). */
export function membershipOf(group: LeaseGroup): LeaseMembership {
  const membership = memberships.get(group);
  if (membership === undefined) throw new ChatrouteError('invalid-argument', 'leaseGroup must come from createLeaseGroup');
  return membership;
}

/**
 * Renews every lease of one node in one statement per tick. Give it to each shard's store as `leaseGroup`: the store
 * takes its owner, TTL and timers from the group, acquires its shard as usual, and joins the group's renewals while
 * it holds the lease. A renewal that does not come back for a shard (its lease expired or was taken) steps that store
 * down; a renewal that fails (the database out of reach) keeps every lease while it surely runs, then steps each down,
 * as a store renewing alone would.
 *
 * @example
 * ```ts
 * import { createLeaseGroup, createPostgresStore } from 'chatroute/postgres';
 * const group = createLeaseGroup({ pool, owner: 'node-a@10.0.0.7:3101#1', ttlMs: 3_000 });
 * const stores = ['tenant-1', 'tenant-2'].map((shard) => createPostgresStore({ pool, shard, owner: group.owner, leaseGroup: group }));
 * for (const store of stores) await store.acquire({ waitMs: 0 });
 * // one UPDATE per second renews both leases
 * ```
 */
export function createLeaseGroup(options: LeaseGroupOptions): LeaseGroup {
  const ttlMs = options.ttlMs ?? 10_000;
  const renewEveryMs = options.renewEveryMs ?? Math.floor(ttlMs / 3);
  if (typeof options.owner !== 'string' || options.owner === '') throw new ChatrouteError('invalid-argument', 'createLeaseGroup needs a non-empty owner');
  if (!(ttlMs > 0) || !(renewEveryMs > 0) || renewEveryMs >= ttlMs) {
    throw new ChatrouteError('invalid-argument', `ttlMs (${ttlMs}) and renewEveryMs (${renewEveryMs}) must be positive, renewals more frequent than the TTL`);
  }
  const { pool, owner } = options;
  listenToPool(pool);
  const timers = options.timers ?? realTimers;
  const names = tables(options.schema);
  const sql = statements(names);
  const members = new Set<LeaseKeeper>();
  let renewals = 0;
  let closed = false;
  let timer: unknown;
  let schemaReady: Promise<void> | undefined;

  async function tick(): Promise<void> {
    timer = undefined;
    if (closed) return;
    // Judged against the leases held when the statement was sent: one acquired meanwhile is not missing from it.
    const held = [...members].filter((keeper) => keeper.state === 'owner' && keeper.epoch !== undefined);
    if (held.length > 0) {
      const sent = timers.now();
      renewals += 1;
      try {
        await (schemaReady ??= ensureSchema(pool, options.schema, names));
        const result = await pool.query<{ shard: string }>(sql.renewMany, [owner, held.map((k) => k.settings.shard), held.map((k) => k.epoch), ttlMs]);
        const renewed = new Set(result.rows.map((row) => row.shard));
        for (const keeper of held) {
          if (renewed.has(keeper.settings.shard)) keeper.renewed(sent);
          else keeper.stepDown(new ChatrouteError('fenced', `owner ${JSON.stringify(owner)} of shard ${JSON.stringify(keeper.settings.shard)} at epoch ${keeper.epoch} lost its lease: it expired or another owner took the shard`));
        }
      } catch (error) {
        schemaReady = undefined;
        for (const keeper of held) keeper.renewFailed(error);
      }
    }
    schedule();
  }

  function schedule(): void {
    if (closed || timer !== undefined || members.size === 0) return;
    timer = timers.setTimeout(() => void tick(), renewEveryMs);
  }

  const group: LeaseGroup = {
    pool,
    owner,
    ttlMs,
    renewEveryMs,
    schema: options.schema,
    timers,
    get size() {
      return members.size;
    },
    get renewals() {
      return renewals;
    },
    close() {
      closed = true;
      timers.clearTimeout(timer);
      timer = undefined;
    },
  };
  memberships.set(group, {
    join(keeper) {
      if (closed) return;
      members.add(keeper);
      schedule();
    },
    leave(keeper) {
      members.delete(keeper);
    },
  });
  return group;
}
