// Issue 21: per-agent overrides of the queue's wrap-up time and missed-offer rules (FreeSWITCH per-agent settings).
import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, createMemoryStore, type AgentConfig, type QueueConfig } from 'chatroute';
import { expectRefusal, setup } from '../helpers';

const sales: QueueConfig = { id: 'sales', name: 'Sales', closeStatuses: ['done'], offerTimeoutMs: 10_000, rejectCooldownMs: 0, policies: { wrapUp: { ms: 10_000 } } };
const agent = (id: string, overrides?: AgentConfig['overrides']): AgentConfig => ({ id, name: id, capacity: 1, queues: ['sales'], ...(overrides !== undefined ? { overrides } : {}) });

function closeOne(t: ReturnType<typeof setup>, agentId: string) {
  const chatId = t.start();
  t.ok({ type: 'offer.accept', agentId, chatId });
  t.ok({ type: 'chat.setStatus', agentId, chatId, status: 'done' });
  t.ok({ type: 'chat.close', agentId, chatId });
  return chatId;
}

describe('per-agent overrides', () => {
  it("wrapUpMs replaces the queue's wrap-up time for this agent only; 0 means none", () => {
    const t = setup({ queues: [sales], agents: [agent('alice', { wrapUpMs: 30_000 }), agent('bob', { wrapUpMs: 0 }), agent('carl')], audit: true });
    t.login('alice');
    const first = closeOne(t, 'alice');
    expect(t.engine.getAgent('alice')?.wrapUps).toEqual([{ chatId: first, until: 30_000, whole: false }]);
    t.ok({ type: 'agent.logout', agentId: 'alice' });
    t.login('bob');
    closeOne(t, 'bob');
    expect(t.engine.getAgent('bob')).toMatchObject({ state: 'ready', slotsUsed: 0, wrapUps: [] });
    t.ok({ type: 'agent.logout', agentId: 'bob' });
    t.login('carl');
    const third = closeOne(t, 'carl');
    expect(t.engine.getAgent('carl')?.wrapUps).toEqual([{ chatId: third, until: 10_000, whole: false }]);
    expect(t.events.filter((e) => e.type === 'invariant.violated')).toEqual([]);
  });

  it('wrapUpMs gives a wrap-up where the queue has none, and holds the whole agent where the queue says so', () => {
    const plain: QueueConfig = { id: 'sales', name: 'Sales', closeStatuses: ['done'] };
    const t = setup({ queues: [plain], agents: [{ ...agent('alice', { wrapUpMs: 5_000 }), capacity: 2 }] });
    t.login('alice');
    const chatId = closeOne(t, 'alice');
    expect(t.engine.getAgent('alice')?.wrapUps).toEqual([{ chatId, until: 5_000, whole: false }]);
    const next = t.start();
    expect(t.engine.getChat(next)?.offer?.agentId).toBe('alice');
    const whole = setup({ queues: [{ ...plain, policies: { wrapUp: { ms: 60_000, hold: 'agent' } } }], agents: [{ ...agent('alice', { wrapUpMs: 5_000 }), capacity: 2 }] });
    whole.login('alice');
    closeOne(whole, 'alice');
    const waiting = whole.start();
    expect(whole.engine.getChat(waiting)?.state).toBe('queued');
    whole.clock.advanceBy(5_000);
    expect(whole.engine.getChat(waiting)?.offer?.agentId).toBe('alice');
  });

  it("missedOffer 'none' spares this agent the queue's unpaid pause; 'unpaid-pause' pauses where the queue would not", () => {
    const t = setup({ queues: [sales, { ...sales, id: 'lenient', name: 'Lenient', missedOffer: 'none' }], agents: [agent('alice', { missedOffer: 'none' }), { ...agent('bob', { missedOffer: 'unpaid-pause' }), queues: ['lenient'] }] });
    t.login('alice', 'bob');
    t.start('sales');
    t.start('lenient');
    t.clock.advanceBy(10_000);
    expect(t.events.filter((e) => e.type === 'offer.expired').map((e) => e.agentId).sort()).toEqual(['alice', 'bob']);
    expect(t.engine.getAgent('alice')?.state).not.toBe('paused');
    expect(t.engine.getAgent('bob')).toMatchObject({ state: 'paused', pause: { reason: 'missed-offer', paid: false } });
  });

  it('missedOfferPauseAfter pauses this agent only after their own run of misses', () => {
    const t = setup({ queues: [sales], agents: [agent('alice', { missedOfferPauseAfter: 3 }), agent('bob')] });
    t.login('alice');
    t.start('sales');
    t.clock.advanceBy(10_000);
    t.clock.advanceBy(10_000);
    // Two misses: offered again at once (no cooldown), not paused.
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'busy', offers: [expect.anything()] });
    t.clock.advanceBy(10_000);
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'paused', pause: { reason: 'missed-offer' } });
    t.ok({ type: 'agent.logout', agentId: 'alice' });
    t.login('bob');
    t.clock.advanceBy(10_000);
    expect(t.engine.getAgent('bob')?.state).toBe('paused');
  });

  it('agent.upsert changes them at runtime; both createEngine and agent.upsert refuse bad ones, naming the field', () => {
    const t = setup({ queues: [sales], agents: [agent('alice')] });
    t.ok({ type: 'agent.upsert', agent: agent('alice', { wrapUpMs: 2_000 }) });
    t.login('alice');
    const chatId = closeOne(t, 'alice');
    expect(t.engine.getAgent('alice')?.wrapUps).toEqual([{ chatId, until: 2_000, whole: false }]);
    expect(t.engine.configuration().agents[0]?.overrides).toEqual({ wrapUpMs: 2_000 });
    for (const [overrides, field] of [
      [{ wrapUpMs: -1 }, 'wrapUpMs'],
      [{ missedOffer: 'pause' }, 'missedOffer'],
      [{ missedOfferPauseAfter: 0 }, 'missedOfferPauseAfter'],
      [{ missedOfferPauseAfter: 1.5 }, 'missedOfferPauseAfter'],
      [{ wrapUp: 1 }, 'wrapUp'],
    ] as const) {
      const bad = { ...agent('alice'), overrides } as unknown as AgentConfig;
      expect(expectRefusal(t.engine.dispatch({ type: 'agent.upsert', agent: bad }), 'invalid-command').message).toContain(field);
      expect(() => createEngine({ queues: [sales], agents: [bad], clock: createManualClock(0) })).toThrow(field);
    }
    expect(t.engine.getAgent('alice')).toBeDefined();
    expect(t.engine.configuration().agents[0]?.overrides).toEqual({ wrapUpMs: 2_000 });
  });

  it('survive a restart, from a snapshot and from the journal alike', () => {
    for (const snapshotEvery of [1, 1_000]) {
      const clock = createManualClock(0);
      const options = { clock, store: createMemoryStore(), snapshotEvery, queues: [sales], agents: [agent('alice', { wrapUpMs: 0 })] };
      const first = createEngine(options);
      first.dispatch({ type: 'agent.upsert', agent: agent('alice', { wrapUpMs: 4_000, missedOfferPauseAfter: 2 }) });
      first.dispatch({ type: 'agent.login', agentId: 'alice' });
      first.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, chatId: 'c1' });
      clock.advanceBy(10_000);
      const before = first.getAgent('alice');
      first.stop();
      const second = createEngine(options);
      expect(second.getAgent('alice')).toEqual(before);
      expect(second.configuration().agents[0]?.overrides).toEqual({ wrapUpMs: 4_000, missedOfferPauseAfter: 2 });
      // The run of misses carried over: the second miss pauses.
      clock.advanceBy(10_000);
      expect(second.getAgent('alice')).toMatchObject({ state: 'paused', pause: { reason: 'missed-offer' } });
      second.stop();
    }
  });
});
