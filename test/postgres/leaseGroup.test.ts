// Lease groups of chatroute/postgres on a real PostgreSQL: one renewal statement per tick for all of a node's shards;
// a shard taken from the group steps down alone and its writes are fenced; released shards leave the renewals.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ChatrouteError } from '../../src/index';
import { createLeaseGroup, createPostgresStore, realTimers, type LeaseTimers } from '../../src/postgres/index';
import { record } from '../store/contract';
import { withTestDatabase } from './database';

let pool: pg.Pool;
withTestDatabase(10, (_server, p) => {
  pool = p;
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isFenced = (error: unknown) => ChatrouteError.is(error) && error.code === 'fenced';

/** Real timers that count how many renewal ticks were armed. */
function countingTimers(): LeaseTimers & { armed: number } {
  const timers = { ...realTimers, armed: 0 };
  timers.setTimeout = (callback, ms) => {
    timers.armed += 1;
    return realTimers.setTimeout(callback, ms);
  };
  return timers;
}

describe('lease groups', () => {
  it('holds 300 shards past their TTL with one renewal statement per tick, not one per shard', async () => {
    const group = createLeaseGroup({ pool, owner: 'group-a', ttlMs: 1_500, renewEveryMs: 250 });
    const shards = Array.from({ length: 300 }, (_, i) => `g1-${i}`);
    const stores = shards.map((shard) => createPostgresStore({ pool, shard, owner: 'ignored: the group names it', leaseGroup: group }));
    for (const store of stores) expect(await store.acquire({ waitMs: 0 })).toBe(1);
    expect(group.size).toBe(300);
    expect(stores[0]?.owner).toBe('group-a');
    const before = group.renewals;
    await sleep(2_500); // well past the TTL: only renewals keep the leases
    const sent = group.renewals - before;
    // ~10 ticks in 2.5 s (fewer on a loaded machine), never one per shard.
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(sent).toBeLessThanOrEqual(12);
    expect(stores.every((store) => store.state === 'owner')).toBe(true);
    const rows = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM chatroute_shards WHERE owner = 'group-a' AND expires_at > now()`);
    expect(Number(rows.rows[0]?.n)).toBe(300);
    const peer = createPostgresStore({ pool, shard: 'g1-7', owner: 'b', leaseTtlMs: 1_500 });
    expect(await peer.acquire({ waitMs: 0 })).toBeNull();
    for (const store of stores) await store.release();
    expect(group.size).toBe(0);
    expect(await peer.acquire({ waitMs: 0 })).toBe(2);
    await peer.close();
    group.close();
  }, 60_000);

  it('steps down only the shard taken from it; its writes are fenced, the others go on', async () => {
    const group = createLeaseGroup({ pool, owner: 'group-b', ttlMs: 1_000, renewEveryMs: 100, timers: countingTimers() });
    const [kept, taken] = ['g2-kept', 'g2-taken'].map((shard) => createPostgresStore({ pool, shard, owner: 'group-b', leaseGroup: group })) as [ReturnType<typeof createPostgresStore>, ReturnType<typeof createPostgresStore>];
    await kept.acquire({ waitMs: 0 });
    await taken.acquire({ waitMs: 0 });
    await taken.initialize(1);
    await taken.append([record(1)]);
    // Another node takes `taken` (its lease made to lapse, as if this node had stalled).
    await pool.query(`UPDATE chatroute_shards SET expires_at = now() - interval '1 second' WHERE shard = 'g2-taken'`);
    const thief = createPostgresStore({ pool, shard: 'g2-taken', owner: 'c', leaseTtlMs: 5_000 });
    expect(await thief.acquire({ waitMs: 0 })).toBe(2);
    const lost = await taken.lost;
    expect(lost.code).toBe('fenced');
    expect(taken.state).toBe('stepped-down');
    await expect(taken.append([record(2, 'stale')])).rejects.toSatisfy(isFenced);
    await thief.append([record(2, 'c')]);
    expect([...(await thief.load()).entries].map((e) => e.seq)).toEqual([1, 2]);
    await sleep(1_500);
    expect(kept.state).toBe('owner');
    expect(group.size).toBe(1);
    await kept.append([record(1)]);
    await Promise.all([kept.close(), taken.close(), thief.close()]);
    group.close();
  }, 30_000);

  it('lets leases lapse after close, so a peer takes them once the TTL has passed', async () => {
    const group = createLeaseGroup({ pool, owner: 'group-c', ttlMs: 600 });
    const store = createPostgresStore({ pool, shard: 'g3', owner: 'group-c', leaseGroup: group });
    await store.acquire({ waitMs: 0 });
    group.close();
    const peer = createPostgresStore({ pool, shard: 'g3', owner: 'd', leaseTtlMs: 600 });
    expect(await peer.acquire({ waitMs: 10_000, pollMs: 50 })).toBe(2);
    // The closed group's store notices through its own deadline: no renewal within the TTL.
    expect((await store.lost).code).toBe('fenced');
    await Promise.all([store.close(), peer.close()]);
  }, 30_000);

  it('refuses bad settings with a stable code', () => {
    expect(() => createLeaseGroup({ pool, owner: '', ttlMs: 1_000 })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(() => createLeaseGroup({ pool, owner: 'x', ttlMs: 1_000, renewEveryMs: 1_000 })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });
});
