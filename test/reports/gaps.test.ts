import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, type ContactRecord, type EngineEvent } from 'chatroute';
import { createMemoryReportStore, followReports, INTERVAL_MS, type ReportBatch, type ReportGap, type SyncReportStore } from 'chatroute/reports';

const queues = [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], offerTimeoutMs: 60_000 }];
const agents = [{ id: 'alice', name: 'Alice', capacity: 5, queues: ['sales'] }];

/** `n` chats, each started, taken, closed by alice; returns their ids. */
function chats(engine: ReturnType<typeof createEngine>, clock: ReturnType<typeof createManualClock>, n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: `c${i}` } });
    if (!r.ok) throw new Error(r.error.message);
    engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: r.chatId });
    clock.advanceBy(1_000);
    engine.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId: r.chatId, status: 'done' });
    engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: r.chatId });
    ids.push(r.chatId);
  }
  return ids;
}

/** A report store that counts its saves (the transactions the follower makes). */
function counting(store: SyncReportStore): SyncReportStore & { saves: ReportBatch[] } {
  const saves: ReportBatch[] = [];
  return { ...store, saves, save: (batch) => (saves.push(batch), store.save(batch)) };
}

/** The records of the chats whose `contact.recorded` the log still keeps. */
async function kept(engine: ReturnType<typeof createEngine>, after: number): Promise<string[]> {
  const page = await engine.eventsAfter(after, { limit: 10_000 });
  if (!page.ok) throw new Error(page.error.message);
  return page.events.flatMap((e: EngineEvent) => (e.type === 'contact.recorded' ? [e.record.chatId] : []));
}

describe('followReports past the retention and in batches (issue 18)', () => {
  it('starts a new report store on a log whose retention moved past 0 from the oldest event kept, with the gap marked', async () => {
    const clock = createManualClock(0);
    const engine = createEngine({ clock, queues, agents, eventRetention: 25 });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    chats(engine, clock, 12);
    const expired = await engine.eventsAfter(0);
    if (expired.ok || expired.error.oldestSeq === undefined) throw new Error('the log should have moved past 0');
    const oldest = expired.error.oldestSeq;
    const expected = await kept(engine, oldest - 1);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(12);

    const store = createMemoryReportStore();
    const told: ReportGap[] = [];
    const follower = followReports(engine, store, { onGap: (gap) => told.push(gap) });
    await follower.caughtUp();
    const gap = { afterSeq: 0, resumedAt: oldest, at: clock.now() };
    expect(follower.lastError).toBeUndefined();
    expect(follower.gaps).toEqual([gap]);
    expect(told).toEqual([gap]);
    expect(store.position().state.gaps).toEqual([gap]);
    expect(store.position().seq).toBe(engine.metrics().lastEventSeq);
    // What the kept events hold is rebuilt: their contact records and the queue figures from them.
    expect(store.contactRecords().map((r: ContactRecord) => r.chatId)).toEqual(expected);
    expect(store.queueIntervals({ from: 0, to: INTERVAL_MS })[0]).toMatchObject({ handled: expected.length });

    // It never stalls: new work is reported as it comes, with no new gap.
    const more = chats(engine, clock, 2);
    await follower.caughtUp();
    expect(store.contactRecords().map((r) => r.chatId)).toEqual([...expected, ...more]);
    expect(follower.gaps).toEqual([gap]);
    follower.stop();
  });

  it('resumes a follower that lagged past the retention after the oldest kept event, and keeps both gaps across restarts', async () => {
    const clock = createManualClock(0);
    const engine = createEngine({ clock, queues, agents, eventRetention: 25 });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    const store = createMemoryReportStore();
    let follower = followReports(engine, store);
    chats(engine, clock, 2);
    await follower.caughtUp();
    const before = store.position().seq;
    follower.stop();
    chats(engine, clock, 10); // while it was stopped, the log moved past its position
    follower = followReports(engine, store);
    await follower.caughtUp();
    expect(follower.gaps).toHaveLength(1);
    expect(follower.gaps[0]?.afterSeq).toBe(before);
    expect(follower.gaps[0]?.resumedAt).toBeGreaterThan(before + 1);
    expect(store.position().seq).toBe(engine.metrics().lastEventSeq);
    follower.stop();
    // A restart of the follower reads its gaps back from the store.
    const again = followReports(engine, store);
    await again.caughtUp();
    expect(again.gaps).toEqual(follower.gaps);
    again.stop();
  });

  it('with flushMs, saves a burst of events in one transaction after the delay, on the engine clock', async () => {
    const clock = createManualClock(0);
    const engine = createEngine({ clock, queues, agents });
    const store = counting(createMemoryReportStore());
    const follower = followReports(engine, store, { flushMs: 1_000 });
    await follower.caughtUp();
    const start = store.saves.length;
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    for (let i = 0; i < 40; i++) {
      const r = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: `c${i}` } });
      if (r.ok) engine.dispatch({ type: 'customer.leave', chatId: r.chatId });
    }
    await Promise.resolve();
    expect(store.saves.length).toBe(start); // nothing yet: the flush waits on the clock
    clock.advanceBy(1_000);
    await follower.caughtUp();
    expect(store.saves.length).toBe(start + 1);
    expect(store.position().seq).toBe(engine.metrics().lastEventSeq);
    expect(store.contactRecords()).toHaveLength(40);
    follower.stop();
  });

  it('joins pages up to batchEvents per save, with the same figures as page-by-page saving', async () => {
    const clock = createManualClock(0);
    const engine = createEngine({ clock, queues, agents });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    chats(engine, clock, 30);
    const small = counting(createMemoryReportStore());
    const big = counting(createMemoryReportStore());
    const a = followReports(engine, small, { pageSize: 7, batchEvents: 7 });
    const b = followReports(engine, big, { pageSize: 7, batchEvents: 1_000 });
    await Promise.all([a.caughtUp(), b.caughtUp()]);
    expect(big.saves.length).toBe(1);
    expect(small.saves.length).toBeGreaterThan(10);
    expect(big.contactRecords()).toEqual(small.contactRecords());
    expect(big.queueIntervals({ from: 0, to: INTERVAL_MS })).toEqual(small.queueIntervals({ from: 0, to: INTERVAL_MS }));
    expect(big.agentIntervals({ from: 0, to: INTERVAL_MS })).toEqual(small.agentIntervals({ from: 0, to: INTERVAL_MS }));
    expect(big.position()).toEqual(small.position());
    a.stop();
    b.stop();
  });
});
