import { describe, expect, it } from 'vitest';
import { setup } from '../helpers';

const queues = [{ id: 'sales', name: 'Sales', closeStatuses: ['resolved'], serviceLevelMs: 20_000, shortAbandonMs: 5_000 }];
const agents = [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }];

/**
 * A hand-computed morning (times in seconds): A, B, C and D start at 0; D leaves at 3 (a short abandon); Alice logs in
 * at 10 and takes A (waited 10, within the 20 s threshold); C leaves at 15 (waited 15: abandoned, not short); Alice
 * closes A at 40 (handled 30), B is offered and E starts; Alice accepts B at 50 (waited 50); we look at 70, when E has
 * waited 30 (past the threshold).
 */
function morning() {
  const t = setup({ queues, agents });
  const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((name) => t.start('sales', name)) as [string, string, string, string];
  t.clock.advanceBy(3_000);
  t.ok({ type: 'customer.leave', chatId: d });
  t.clock.advanceBy(7_000);
  t.login('alice');
  t.ok({ type: 'offer.accept', agentId: 'alice', chatId: a });
  t.clock.advanceBy(5_000);
  t.ok({ type: 'customer.leave', chatId: c });
  t.clock.advanceBy(25_000);
  t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId: a, status: 'resolved' });
  t.ok({ type: 'chat.close', agentId: 'alice', chatId: a });
  t.start('sales', 'E');
  t.clock.advanceBy(10_000);
  t.ok({ type: 'offer.accept', agentId: 'alice', chatId: b });
  t.clock.advanceBy(20_000);
  return t;
}

describe('stats (issue 9): the usual contact-center formulas, by hand', () => {
  it('over the lifetime', () => {
    const t = morning();
    expect(t.engine.stats()[0]).toEqual({
      queueId: 'sales',
      waiting: 1,
      longestWaitMs: 30_000,
      offered: 5,
      answered: 2,
      abandoned: 2,
      answeredWithinSl: 1,
      // 1 answered within ÷ (2 answered + (2 abandoned − 1 short) + 1 waiting past 20 s)
      serviceLevel: 1 / 4,
      serviceLevelMs: 20_000,
      shortAbandoned: 1,
      shortAbandonMs: 5_000,
      waitingOverSl: 1,
      asaMs: (10_000 + 50_000) / 2,
      closed: 1,
      ahtMs: 30_000,
      // Alice staffed 10..70 (60 s), handling 10..40 and 50..70 (50 s).
      occupancy: 50 / 60,
      // (1 waiting + 1) × 30 s AHT ÷ 1 slot.
      estimatedWaitMs: 60_000,
      windowMs: null,
    });
  });

  it('over a sliding window (the last 35 s: 35..70)', () => {
    const t = morning();
    expect(t.engine.stats({ windowMs: 35_000 })[0]).toMatchObject({
      waiting: 1,
      longestWaitMs: 30_000,
      offered: 1, // E
      answered: 1, // B
      abandoned: 0,
      answeredWithinSl: 0,
      serviceLevel: 0, // 0 ÷ (1 answered + 1 waiting past the threshold)
      asaMs: 50_000,
      closed: 1,
      ahtMs: 30_000,
      occupancy: 25 / 35, // handling 35..40 and 50..70 of 35 s staffed
      estimatedWaitMs: 60_000,
      windowMs: 35_000,
    });
  });

  it('a chat waiting 24 hours pulls the service level down (it used to read 100 %)', () => {
    const t = setup({ queues, agents });
    t.start();
    t.clock.advanceBy(24 * 3_600_000);
    expect(t.engine.stats()[0]).toMatchObject({ serviceLevel: 0, waitingOverSl: 1, longestWaitMs: 24 * 3_600_000, estimatedWaitMs: null, occupancy: null });
  });

  it('with nothing decided the service level is 1, and a free agent means no wait', () => {
    const t = setup({ queues, agents });
    t.login('alice');
    t.clock.advanceBy(1_000);
    expect(t.engine.stats()[0]).toMatchObject({ serviceLevel: 1, asaMs: null, ahtMs: null, estimatedWaitMs: 0, occupancy: 0 });
  });

  it('occupancy leaves out pauses without chats; windows are bounded by the retention', () => {
    const t = setup({ queues, agents, statsRetentionMs: 60_000 });
    t.login('alice');
    t.clock.advanceBy(10_000);
    t.ok({ type: 'agent.pause', agentId: 'alice', reason: 'lunch', paid: true });
    t.clock.advanceBy(30_000);
    t.ok({ type: 'agent.resume', agentId: 'alice' });
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.clock.advanceBy(10_000);
    // Staffed 0..10 and 40..50, handling 40..50.
    expect(t.engine.stats()[0]?.occupancy).toBe(0.5);
    expect(() => t.engine.stats({ windowMs: 60_001 })).toThrow(/windowMs/);
    expect(() => t.engine.stats({ windowMs: 0 })).toThrow(/windowMs/);
  });

  it('old records leave the window', () => {
    const t = setup({ queues, agents, statsRetentionMs: 60_000 });
    for (let i = 0; i < 300; i++) {
      const chatId = t.start();
      t.ok({ type: 'customer.leave', chatId });
      t.clock.advanceBy(1_000);
    }
    const windowed = t.engine.stats({ windowMs: 60_000 })[0];
    expect(windowed).toMatchObject({ offered: 60, abandoned: 60, shortAbandoned: 60 });
    expect(t.engine.stats()[0]).toMatchObject({ offered: 300, abandoned: 300 });
  });
});
