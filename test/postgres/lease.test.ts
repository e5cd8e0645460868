// Leases of chatroute/postgres on a real PostgreSQL: acquire, renew, expire and take over by the database's clock;
// epochs only grow; a stale owner's writes are refused (fenced) even after it comes back; racing acquirers: one wins.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ChatrouteError } from '../../src/index';
import { createPostgresStore, realTimers, type LeaseTimers, type PostgresStore } from '../../src/postgres/index';
import { record } from '../store/contract';
import { withTestDatabase } from './database';

let pool: pg.Pool;
withTestDatabase(20, (_server, p) => {
  pool = p;
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let shards = 0;
const newShard = () => `lease-${++shards}`;

/** Timers on a virtual clock: each wait passes at once, moving the clock by its length (recorded in `waits`). */
function virtualTimers(): LeaseTimers & { waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    setTimeout: (callback, ms) => {
      waits.push(ms);
      now += ms;
      queueMicrotask(callback);
    },
    clearTimeout: () => {},
    now: () => now,
  };
}

/** Timers of a frozen process (SIGSTOP): nothing fires until `thaw()` runs what came due meanwhile. */
function frozenTimers(): LeaseTimers & { thaw(): void } {
  const due: Array<() => void> = [];
  return {
    setTimeout: (callback) => due.push(callback),
    clearTimeout: () => {},
    now: () => performance.now(),
    thaw: () => due.splice(0).forEach((callback) => callback()),
  };
}

const isFenced = (error: unknown) => ChatrouteError.is(error) && error.code === 'fenced';

describe('leases', () => {
  it('takes a free shard at epoch 1; a second node waits, and gives up after waitMs', async () => {
    const shard = newShard();
    const a = createPostgresStore({ pool, shard, owner: 'a', leaseTtlMs: 2_000 });
    // b waits on its own (virtual) clock: it polls every pollMs and gives up once waitMs of it has passed.
    const timers = virtualTimers();
    const b = createPostgresStore({ pool, shard, owner: 'b', leaseTtlMs: 2_000, timers });
    expect(await a.acquire()).toBe(1);
    expect(a.state).toBe('owner');
    expect(await b.acquire({ waitMs: 300, pollMs: 50 })).toBeNull();
    expect(timers.waits).toEqual([50, 50, 50, 50, 50, 50]);
    expect(b.state).toBe('idle');
    const lease = await b.readLease();
    expect(lease).toMatchObject({ owner: 'a', epoch: 1 });
    expect(lease?.remainingMs).toBeGreaterThan(0);
    await Promise.all([a.close(), b.close()]);
  });

  it('renews while alive, so a lease outlives its TTL; release hands the shard over at once with a higher epoch', async () => {
    const shard = newShard();
    // Renewed 20 times a TTL: only a stall of nearly 2 s (not a loaded machine's scheduling) would let it lapse.
    const a = createPostgresStore({ pool, shard, owner: 'a', leaseTtlMs: 2_000, renewEveryMs: 100 });
    const b = createPostgresStore({ pool, shard, owner: 'b', leaseTtlMs: 2_000 });
    expect(await a.acquire()).toBe(1);
    await sleep(2_500); // longer than the TTL
    expect(await b.acquire({ waitMs: 0 })).toBeNull();
    await a.append([record(1)]);
    await a.release();
    // At once: b's very first attempt takes it (waitMs 0), no TTL to wait out.
    expect(await b.acquire({ waitMs: 0 })).toBe(2);
    await expect(a.append([record(2)])).rejects.toSatisfy(isFenced);
    await Promise.all([a.close(), b.close()]);
  });

  it('expires by the database clock: a frozen owner loses the shard after its TTL, and a peer takes it at epoch + 1', async () => {
    const shard = newShard();
    const timers = frozenTimers();
    const a = createPostgresStore({ pool, shard, owner: 'a', leaseTtlMs: 1_000, timers });
    const b = createPostgresStore({ pool, shard, owner: 'b', leaseTtlMs: 1_000 });
    expect(await a.acquire()).toBe(1);
    await a.initialize(1);
    await a.append([record(1)]);
    expect(await b.acquire({ waitMs: 0 })).toBeNull();
    const row = async () => (await pool.query<{ expires_at: Date; acquired_at: Date }>('SELECT expires_at, acquired_at FROM chatroute_shards WHERE shard = $1', [shard])).rows[0];
    const held = await row();
    expect(await b.acquire({ waitMs: 30_000, pollMs: 20 })).toBe(2);
    // Taken only once the frozen owner's lease had run out, by the database's clock (an order, not a duration).
    expect((await row())?.acquired_at.getTime()).toBeGreaterThanOrEqual(held?.expires_at.getTime() as number);
    expect([...(await b.load()).entries]).toEqual([record(1)]);
    await b.append([record(2, 'b')]);
    await Promise.all([a.close(), b.close()]);
  });

  it('judges expiry by the database clock alone, not by the node\'s', async () => {
    const shard = newShard();
    // The holder's own clock runs far ahead: it still renews, because the database says the lease is held.
    const fast: LeaseTimers = { ...realTimers, now: () => performance.now() * 1_000 };
    const a = createPostgresStore({ pool, shard, owner: 'a', leaseTtlMs: 5_000, renewEveryMs: 50, timers: fast });
    const b = createPostgresStore({ pool, shard, owner: 'b', leaseTtlMs: 5_000 });
    expect(await a.acquire()).toBe(1);
    await sleep(200);
    expect(a.state).toBe('owner');
    expect(await b.acquire({ waitMs: 0 })).toBeNull();
    // And when the database says it has expired (its row in the past), it has, whatever the holder thinks.
    await pool.query(`UPDATE chatroute_shards SET expires_at = now() - interval '1 second' WHERE shard = $1`, [shard]);
    expect(await b.acquire({ waitMs: 0 })).toBe(2);
    await expect(a.append([record(1)])).rejects.toSatisfy(isFenced);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a stale owner\'s writes when it comes back, and it steps down for good', async () => {
    const shard = newShard();
    const timers = frozenTimers();
    // Long enough for its first writes even on a loaded machine; frozen, it then never renews.
    const a = createPostgresStore({ pool, shard, owner: 'a', leaseTtlMs: 1_000, timers });
    const b = createPostgresStore({ pool, shard, owner: 'b', leaseTtlMs: 5_000 });
    await a.acquire();
    await a.initialize(1);
    await a.append([record(1, 'a')]);
    const lostCalls: ChatrouteError[] = [];
    a.onLost((error) => lostCalls.push(error));
    expect(await b.acquire({ pollMs: 20 })).toBe(2);
    await b.append([record(2, 'b')]);
    // The old owner resumes: every kind of write is refused, and nothing of it lands.
    await expect(a.append([record(2, 'a'), record(3, 'a')])).rejects.toSatisfy(isFenced);
    expect(a.state).toBe('stepped-down');
    expect(a.epoch).toBeUndefined();
    expect((await a.lost).code).toBe('fenced');
    expect(lostCalls).toHaveLength(1);
    await expect(a.append([record(3, 'a')])).rejects.toSatisfy(isFenced);
    await expect(a.saveSnapshot({ seq: 1, body: 'stale', crc: 0 }, { compact: true })).rejects.toSatisfy(isFenced);
    await expect(a.truncateAfter(0)).rejects.toSatisfy(isFenced);
    await expect(a.initialize(99)).rejects.toSatisfy(isFenced);
    await expect(a.acquire()).rejects.toThrow(/make a new store/);
    timers.thaw(); // its renewal timer fires late and finds another owner: nothing changes
    await sleep(50);
    expect(lostCalls).toHaveLength(1);
    const held = await b.load();
    expect([...held.entries]).toEqual([record(1, 'a'), record(2, 'b')]);
    expect(held.snapshot).toBeNull();
    expect(held.formatVersion).toBe(1);
    expect(await b.readLease()).toMatchObject({ owner: 'b', epoch: 2 });
    await Promise.all([a.close(), b.close()]);
  });

  it('fences each kind of write in the statement itself, even when the store does not know it lost the lease', async () => {
    const writes: Record<string, (store: PostgresStore) => Promise<void>> = {
      append: (s) => s.append([record(2), record(3)]),
      saveSnapshot: (s) => s.saveSnapshot({ seq: 1, body: 'stale', crc: 0 }, { compact: true }),
      truncateAfter: (s) => s.truncateAfter(0),
      initialize: (s) => s.initialize(99),
    };
    for (const [kind, write] of Object.entries(writes)) {
      const shard = newShard();
      const a = createPostgresStore({ pool, shard, owner: 'a', leaseTtlMs: 60_000, timers: frozenTimers() });
      await a.acquire();
      await a.initialize(1);
      await a.append([record(1)]);
      // Another node bumps the epoch behind a's back (as a takeover after expiry would); a has not renewed since.
      await pool.query(`UPDATE chatroute_shards SET owner = 'z', epoch = epoch + 1 WHERE shard = $1`, [shard]);
      expect(a.state, kind).toBe('owner');
      await expect(write(a), kind).rejects.toSatisfy(isFenced);
      expect(a.state, kind).toBe('stepped-down');
      const z = createPostgresStore({ pool, shard, owner: 'reader' });
      const held = await z.load();
      expect({ formatVersion: held.formatVersion, snapshot: held.snapshot, entries: [...held.entries] }, kind).toEqual({ formatVersion: 1, snapshot: null, entries: [record(1)] });
      await Promise.all([a.close(), z.close()]);
    }
  });

  it('steps down when renewal finds another owner, and tells its listeners once', async () => {
    const shard = newShard();
    const a = createPostgresStore({ pool, shard, owner: 'a', leaseTtlMs: 5_000, renewEveryMs: 50 });
    await a.acquire();
    const heard: string[] = [];
    a.onLost((e) => heard.push(e.code));
    await pool.query(`UPDATE chatroute_shards SET owner = 'z', epoch = epoch + 1 WHERE shard = $1`, [shard]);
    const error = await a.lost;
    expect(error.message).toMatch(/lost its lease/);
    expect(heard).toEqual(['fenced']);
    expect(a.state).toBe('stepped-down');
    await a.close();
  });

  it('steps down when a renewal never gets an answer (a connection hanging in a partition), once its TTL has run', async () => {
    const shard = newShard();
    let hang = false;
    // The pool as a partition leaves it: every query from now on waits for ever.
    const partitioned = new Proxy(pool, {
      get(target, key) {
        if (key === 'query') return (...args: Parameters<pg.Pool['query']>) => (hang ? new Promise(() => {}) : (target.query as (...a: unknown[]) => unknown)(...args));
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const a = createPostgresStore({ pool: partitioned, shard, owner: 'a', leaseTtlMs: 300, renewEveryMs: 50 });
    await a.acquire();
    hang = true;
    const error = await a.lost;
    expect(error.message).toMatch(/could not renew its lease within its TTL \(no renewal was answered in time/);
    expect(a.state).toBe('stepped-down');
    await expect(a.append([record(1)])).rejects.toSatisfy(isFenced);
  });

  it('lets exactly one of many racing acquirers win, round after round, with epochs that only grow', async () => {
    const shard = newShard();
    let lastEpoch = 0;
    for (let round = 0; round < 8; round++) {
      const racers: PostgresStore[] = Array.from({ length: 8 }, (_, i) => createPostgresStore({ pool, shard, owner: `r${round}-${i}`, leaseTtlMs: 5_000 }));
      const epochs = await Promise.all(racers.map((r) => r.acquire({ waitMs: 0 })));
      const winners = epochs.filter((e): e is number => e !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toBe(lastEpoch + 1);
      lastEpoch = winners[0] as number;
      const lease = await racers[0]?.readLease();
      expect(lease?.owner).toBe(racers[epochs.findIndex((e) => e !== null)]?.owner);
      await Promise.all(racers.map((r) => r.close())); // the winner releases: next round starts free
    }
  });

  it('never acknowledges an append that the next owner does not load (the write and the takeover serialise on the lease row)', async () => {
    for (let round = 0; round < 4; round++) {
      const shard = newShard();
      // Frozen: the lease runs out after its TTL whatever the machine's load, with the writer mid-batch.
      const a = createPostgresStore({ pool, shard, owner: 'a', leaseTtlMs: 600 + round * 100, timers: frozenTimers() });
      const b = createPostgresStore({ pool, shard, owner: 'b', leaseTtlMs: 5_000 });
      await a.acquire();
      await a.initialize(1);
      // Large batches keep a write in progress most of the time, so the takeover lands in the middle of one.
      const big = (seq: number) => ({ seq, body: `${seq}`.padEnd(2_000, '.'), crc: seq });
      const first = Array.from({ length: 400 }, (_, i) => big(1 + i));
      await a.append(first); // not vacuous: at least one batch is acknowledged before the takeover can come
      const acknowledged: number[] = first.map((e) => e.seq);
      const writer = (async () => {
        for (let seq = 401; ; seq += 400) {
          try {
            const batch = Array.from({ length: 400 }, (_, i) => big(seq + i));
            await a.append(batch);
            acknowledged.push(...batch.map((e) => e.seq));
          } catch (error) {
            expect(isFenced(error)).toBe(true);
            return;
          }
        }
      })();
      await b.acquire({ pollMs: 1 });
      // Loaded at once after the takeover, while the old owner may still be writing.
      const loaded = [...(await b.load()).entries].map((e) => e.seq);
      await writer;
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(loaded).toEqual(acknowledged);
      await Promise.all([a.close(), b.close()]);
    }
  });
});
