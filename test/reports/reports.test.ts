import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, createMemoryStore, type ContactRecord, type EngineEvent } from 'chatroute';
import { agentReports, createMemoryReportStore, followReports, INTERVAL_MS, queueReport, toCsv, toNdjson } from 'chatroute/reports';

const queues = [{ id: 'sales', name: 'Sales', closeStatuses: ['won', 'lost'], offerTimeoutMs: 10_000, serviceLevelMs: 20_000, shortAbandonMs: 5_000 }];
const agents = [
  { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
  { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
];

/** A small morning whose figures are worked out by hand below. */
function morning() {
  const clock = createManualClock(0);
  const engine = createEngine({ clock, queues, agents });
  const events: EngineEvent[] = [];
  engine.events$.subscribe((e) => events.push(e));
  engine.dispatch({ type: 'agent.login', agentId: 'alice' }); // t=0
  // Eve at 0: offered to alice, missed at 10 s (alice paused, unpaid), then bob logs in at 12 s and takes it at 15 s.
  const eve = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'c-eve', email: 'eve@example.com' } });
  clock.advanceTo(10_000);
  clock.advanceTo(12_000);
  engine.dispatch({ type: 'agent.login', agentId: 'bob' });
  clock.advanceTo(15_000);
  if (!eve.ok) throw new Error('eve');
  engine.dispatch({ type: 'offer.accept', agentId: 'bob', chatId: eve.chatId });
  engine.dispatch({ type: 'message.send', chatId: eve.chatId, from: { kind: 'customer' }, text: 'hi, =cmd|stuff' });
  clock.advanceTo(75_000);
  engine.dispatch({ type: 'chat.setStatus', agentId: 'bob', chatId: eve.chatId, status: 'won' });
  engine.dispatch({ type: 'chat.close', agentId: 'bob', chatId: eve.chatId }); // handled 60 s
  // Sam at 16 min: nobody free (alice paused); he leaves after 3 s: a short abandon, in the second interval.
  clock.advanceTo(16 * 60_000);
  engine.dispatch({ type: 'agent.pause', agentId: 'bob', reason: 'lunch', paid: false });
  const sam = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Sam' } });
  clock.advanceBy(3_000);
  if (!sam.ok) throw new Error('sam');
  engine.dispatch({ type: 'customer.leave', chatId: sam.chatId });
  return { engine, clock, events, eve: eve.chatId, sam: sam.chatId };
}

describe('contact records (issue 18)', () => {
  it('records each chat once, as worked out by hand', () => {
    const { events, eve, sam } = morning();
    const records = events.flatMap((e) => (e.type === 'contact.recorded' ? [e.record] : []));
    expect(records.map((r) => r.chatId)).toEqual([eve, sam]);
    expect(records[0]).toMatchObject({
      chatId: eve,
      contactId: 'c-eve',
      queueId: 'sales',
      queues: ['sales'],
      enqueuedAt: 0,
      firstOfferedAt: 0,
      answeredAt: 15_000,
      answeredInQueue: 'sales',
      endedAt: 75_000,
      outcome: 'handled',
      waitMs: 15_000,
      handleMs: 60_000,
      withinServiceLevel: true,
      agents: [{ agentId: 'bob', via: 'offer', joinedAt: 15_000, leftAt: 75_000, ms: 60_000, share: 1 }],
      offers: { made: 2, accepted: 1, rejected: 0, missed: 1, withdrawn: 0 },
      status: 'won',
      closedBy: 'bob',
      messages: { customer: 1, agent: 0, system: 1 },
    });
    expect(records[1]).toMatchObject({ chatId: sam, outcome: 'abandoned', shortAbandon: true, waitMs: 3_000, handleMs: 0, agents: [], offers: { made: 0 } });
  });

  it('follows the event log into a store: queryable, exportable, 15-minute intervals matching stats()', async () => {
    const { engine, clock, eve, sam } = morning();
    const store = createMemoryReportStore();
    const follower = followReports(engine, store, { pageSize: 3 });
    await follower.caughtUp();
    expect(store.contactRecords().map((r) => r.chatId)).toEqual([eve, sam]);
    expect(store.contactRecords({ agentId: 'bob' }).map((r) => r.chatId)).toEqual([eve]);
    expect(store.contactRecords({ status: 'won' })).toHaveLength(1);
    expect(store.contactRecords({ outcome: 'abandoned', from: 15 * 60_000 }).map((r) => r.chatId)).toEqual([sam]);
    expect(store.contactRecords({ to: 60_000 })).toEqual([]);

    const rows = store.queueIntervals({ from: 0, to: 2 * INTERVAL_MS }).map(queueReport);
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
    const agentRows = agentReports(store.agentIntervals({ from: 0, to: 2 * INTERVAL_MS }), store.position().state, now, 0, 2 * INTERVAL_MS, INTERVAL_MS);
    const bob0 = agentRows.find((r) => r.agentId === 'bob' && r.start === 0);
    expect(bob0?.time).toEqual({ ready: INTERVAL_MS - 75_000, busy: 63_000, pausedPaid: 0, pausedUnpaid: 0, handling: 60_000 });
    expect(bob0?.chats).toBe(1);
    expect(bob0?.occupancy).toBeCloseTo(60_000 / (INTERVAL_MS - 12_000));
    const alice0 = agentRows.find((r) => r.agentId === 'alice' && r.start === 0);
    expect(alice0?.time).toMatchObject({ ready: 0, busy: 10_000, pausedUnpaid: INTERVAL_MS - 10_000, handling: 0 });
    expect(alice0?.occupancy).toBe(0);

    const csv = toCsv(store.contactRecords());
    expect(csv.split('\r\n')[0]).toMatch(/^chatId,contactId,customerName,customerEmail,queueId/);
    expect(csv).toContain(`${eve},c-eve,Eve,eve@example.com,sales`);
    const ndjson = toNdjson(store.contactRecords());
    expect(ndjson.trim().split('\n').map((line) => (JSON.parse(line) as ContactRecord).chatId)).toEqual([eve, sam]);
    follower.stop();
  });

  it('resumes from the store’s position after a restart: nothing lost, nothing counted twice', async () => {
    const store = createMemoryStore();
    const reports = createMemoryReportStore();
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
    expect(reports.contactRecords().map((r) => r.chatId)).toEqual(['chat-1', 'chat-2', 'chat-3', 'chat-4', 'chat-5', 'chat-6']);
    expect(reports.queueIntervals({ from: 0, to: INTERVAL_MS })[0]).toMatchObject({ offered: 6, answered: 6, handled: 6 });
    follower.stop();
  });
});
