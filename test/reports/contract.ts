import { expect, it } from 'vitest';
import { createEngine, createManualClock, createMemoryStore, type ContactRecord } from 'chatroute';
import { agentReports, followReports, INTERVAL_MS, queueReport, toCsv, toNdjson, type ReportStore } from 'chatroute/reports';
import { agents, morning, queues } from './morning';

/** The behaviour every report store backend must have, on the morning of `morning.ts` and across a restart. */
export function reportStoreContract(name: string, makeStore: () => Promise<ReportStore>): void {
  it(`follows the event log into a ${name} store: queryable, exportable, 15-minute intervals matching stats()`, async () => {
    const { engine, clock, eve, sam } = morning();
    const store = await makeStore();
    const follower = followReports(engine, store, { pageSize: 3 });
    await follower.caughtUp();
    expect((await store.contactRecords()).map((r) => r.chatId)).toEqual([eve, sam]);
    expect((await store.contactRecords({ agentId: 'bob' })).map((r) => r.chatId)).toEqual([eve]);
    expect(await store.contactRecords({ status: 'won' })).toHaveLength(1);
    expect((await store.contactRecords({ outcome: 'abandoned', from: 15 * 60_000 })).map((r) => r.chatId)).toEqual([sam]);
    expect(await store.contactRecords({ to: 60_000 })).toEqual([]);

    const rows = (await store.queueIntervals({ from: 0, to: 2 * INTERVAL_MS })).map(queueReport);
    expect(rows).toEqual([
      { queueId: 'sales', start: 0, offered: 1, answered: 1, answeredWithinSl: 1, waitAnsweredMs: 15_000, abandoned: 0, shortAbandoned: 0, handled: 1, handleMs: 60_000, serviceLevel: 1, asaMs: 15_000, ahtMs: 60_000 },
      { queueId: 'sales', start: INTERVAL_MS, offered: 1, answered: 0, answeredWithinSl: 0, waitAnsweredMs: 0, abandoned: 1, shortAbandoned: 1, handled: 0, handleMs: 0, serviceLevel: null, asaMs: null, ahtMs: null },
    ]);
    // The same inputs through stats(): the lifetime figures are the intervals' sums.
    const stats = engine.stats()[0];
    expect(stats).toMatchObject({ offered: 2, answered: 1, abandoned: 1, shortAbandoned: 1, answeredWithinSl: 1, asaMs: 15_000, closed: 1, ahtMs: 60_000, serviceLevel: 1 });

    // Agents: alice busy 0–10 s (holding the offer she missed), then on an unpaid pause; bob busy 12–75 s (Eve is offered to him as he logs in: the
    // offer holds his one slot), handling 15–75 s, ready from 75 s to 16 min, then paused.
    const now = clock.now();
    const agentRows = agentReports(await store.agentIntervals({ from: 0, to: 2 * INTERVAL_MS }), (await store.position()).state, now, 0, 2 * INTERVAL_MS, INTERVAL_MS);
    const bob0 = agentRows.find((r) => r.agentId === 'bob' && r.start === 0);
    expect(bob0?.time).toEqual({ ready: INTERVAL_MS - 75_000, busy: 63_000, pausedPaid: 0, pausedUnpaid: 0, handling: 60_000 });
    expect(bob0?.chats).toBe(1);
    expect(bob0?.occupancy).toBeCloseTo(60_000 / (INTERVAL_MS - 12_000));
    const alice0 = agentRows.find((r) => r.agentId === 'alice' && r.start === 0);
    expect(alice0?.time).toMatchObject({ ready: 0, busy: 10_000, pausedUnpaid: INTERVAL_MS - 10_000, handling: 0 });
    expect(alice0?.occupancy).toBe(0);

    const csv = toCsv(await store.contactRecords());
    expect(csv.split('\r\n')[0]).toMatch(/^chatId,contactId,customerName,customerEmail,queueId/);
    expect(csv).toContain(`${eve},c-eve,Eve,eve@example.com,sales`);
    const ndjson = toNdjson(await store.contactRecords());
    expect(ndjson.trim().split('\n').map((line) => (JSON.parse(line) as ContactRecord).chatId)).toEqual([eve, sam]);
    follower.stop();
  });

  it(`resumes from the ${name} store’s position after a restart: nothing lost, nothing counted twice`, async () => {
    const store = createMemoryStore();
    const reports = await makeStore();
    let clock = createManualClock(0);
    let engine = createEngine({ clock, queues, agents, store, snapshotEvery: 5 });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    for (let i = 0; i < 6; i++) {
      const r = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: `c${i}` } });
      if (!r.ok) throw new Error('start');
      engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: r.chatId });
      engine.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId: r.chatId, status: 'won' });
      engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: r.chatId });
      if (i === 2) {
        const follower = followReports(engine, reports);
        await follower.caughtUp();
        follower.stop();
        // A crash: the engine is dropped; a new one recovers from the store.
        clock = createManualClock(clock.now());
        engine = createEngine({ clock, queues, agents, store, snapshotEvery: 5 });
      }
      clock.advanceBy(1_000);
    }
    const follower = followReports(engine, reports);
    await follower.caughtUp();
    expect((await reports.contactRecords()).map((r) => r.chatId)).toEqual(['chat-1', 'chat-2', 'chat-3', 'chat-4', 'chat-5', 'chat-6']);
    expect((await reports.queueIntervals({ from: 0, to: INTERVAL_MS }))[0]).toMatchObject({ offered: 6, answered: 6, handled: 6 });
    follower.stop();
  });
}
