import { describe, expect, it } from 'vitest';
import { expectRefusal, setup } from '../helpers';

const queues = [{ id: 'sales', name: 'Sales', closeStatuses: ['resolved', 'spam'] }];
const two = [
  { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
  { id: 'bob', name: 'Bob', capacity: 2, queues: ['sales'] },
];

describe('agent presence (issue 9)', () => {
  it('a disconnected agent gets no offers; a pending offer is withdrawn without a pause, and goes to a colleague', () => {
    const t = setup({ queues, agents: two });
    t.login('alice');
    const chatId = t.start();
    expect(t.engine.getAgent('alice')?.offers).toHaveLength(1);
    const since = t.mark();
    t.ok({ type: 'agent.disconnected', agentId: 'alice' });
    const events = since();
    expect(events.find((e) => e.type === 'offer.withdrawn')).toMatchObject({ chatId, agentId: 'alice', reason: 'agent-disconnected' });
    expect(events.find((e) => e.type === 'agent.presenceChanged')).toMatchObject({ agentId: 'alice', connected: false });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'ready', disconnectedSince: 0, offers: [] });
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    t.clock.advanceBy(20_000);
    expect(t.engine.getAgent('alice')?.state).toBe('ready');
    t.login('bob');
    expect(t.engine.getAgent('bob')?.offers.map((o) => o.chatId)).toEqual([chatId]);
    // Nobody was paused for the withdrawn offer.
    expect(t.events.some((e) => e.type === 'agent.statusChanged' && e.state === 'paused')).toBe(false);
  });

  it('reconnecting within the grace changes nothing but the marker, and offers resume', () => {
    const t = setup({ queues, agents: two });
    t.login('alice');
    t.ok({ type: 'agent.disconnected', agentId: 'alice' });
    const chatId = t.start();
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    t.clock.advanceBy(10_000);
    t.ok({ type: 'agent.connected', agentId: 'alice' });
    expect(t.engine.getAgent('alice')?.disconnectedSince).toBeUndefined();
    expect(t.engine.getAgent('alice')?.offers.map((o) => o.chatId)).toEqual([chatId]);
    t.clock.advanceBy(60_000);
    // The grace timer was cancelled: no disconnected pause (the missed offer's own pause is another matter).
    expect(t.events.some((e) => e.type === 'agent.statusChanged' && e.pause?.reason === 'disconnected')).toBe(false);
  });

  it('after the grace the agent is paused (paid by default); reconnecting does not resume', () => {
    const t = setup({ queues, agents: two });
    t.login('alice');
    t.ok({ type: 'agent.disconnected', agentId: 'alice' });
    t.clock.advanceBy(29_999);
    expect(t.engine.getAgent('alice')?.state).toBe('ready');
    t.clock.advanceBy(1);
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'paused', pause: { reason: 'disconnected', paid: true, since: 30_000 } });
    t.ok({ type: 'agent.connected', agentId: 'alice' });
    expect(t.engine.getAgent('alice')?.state).toBe('paused');
    t.ok({ type: 'agent.resume', agentId: 'alice' });
    expect(t.engine.getAgent('alice')?.state).toBe('ready');
  });

  it('the pause follows the policy (unpaid, another reason); an existing pause is kept', () => {
    const t = setup({ queues, agents: two, presence: { agentGraceMs: 1_000, agentPause: { reason: 'away', paid: false } } });
    t.login('alice', 'bob');
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'lunch', paid: true });
    t.ok({ type: 'agent.disconnected', agentId: 'alice' });
    t.ok({ type: 'agent.disconnected', agentId: 'bob' });
    t.clock.advanceBy(1_000);
    expect(t.engine.getAgent('alice')?.pause).toMatchObject({ reason: 'away', paid: false });
    expect(t.engine.getAgent('bob')?.pause).toMatchObject({ reason: 'lunch', paid: true });
  });

  it("'requeue': after agentChatsAfterMs a chat held alone goes back to its queue, keeping its enqueue time", () => {
    const t = setup({ queues, agents: two, presence: { agentChats: 'requeue' } });
    t.login('alice');
    const chatId = t.start();
    t.clock.advanceBy(3_000);
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'agent.disconnected', agentId: 'alice' });
    t.clock.advanceBy(119_999);
    expect(t.engine.getChat(chatId)?.state).toBe('active');
    t.clock.advanceBy(1);
    const chat = t.engine.getChat(chatId);
    expect(chat).toMatchObject({ state: 'queued', enqueuedAt: 0, participants: [], waitingFor: { queueId: 'sales' } });
    expect(t.engine.getAgent('alice')?.chats).toEqual([]);
    t.login('bob');
    expect(t.engine.getAgent('bob')?.offers.map((o) => o.chatId)).toEqual([chatId]);
  });

  it("'close-with-status': the agent's chats are closed with the configured status", () => {
    const t = setup({ queues, agents: two, presence: { agentChats: 'close-with-status', closeStatus: 'spam', agentChatsAfterMs: 5_000 } });
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'agent.disconnected', agentId: 'alice' });
    t.clock.advanceBy(5_000);
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'closed', status: 'spam', closedBy: 'alice' });
  });

  it("'keep' (default): chats stay with the agent however long they are away", () => {
    const t = setup({ queues, agents: two });
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'agent.disconnected', agentId: 'alice' });
    t.clock.advanceBy(3_600_000);
    expect(t.engine.getChat(chatId)?.participants.map((p) => p.agentId)).toEqual(['alice']);
  });

  it('is idempotent; logging out ends presence and its timers', () => {
    const t = setup({ queues, agents: two });
    t.ok({ type: 'agent.disconnected', agentId: 'alice' }); // offline: nothing to track
    expect(t.events).toEqual([]);
    t.login('alice');
    t.ok({ type: 'agent.connected', agentId: 'alice' });
    t.ok({ type: 'agent.disconnected', agentId: 'alice' });
    const count = t.events.length;
    t.ok({ type: 'agent.disconnected', agentId: 'alice' });
    expect(t.events.length).toBe(count);
    t.ok({ type: 'agent.logout', agentId: 'alice' });
    expect(t.engine.getAgent('alice')?.disconnectedSince).toBeUndefined();
    t.clock.advanceBy(60_000);
    t.login('alice');
    expect(t.engine.getAgent('alice')?.state).toBe('ready');
    expectRefusal(t.engine.dispatch({ type: 'agent.disconnected', agentId: 'nobody' }), 'not-found');
  });

  it('a transfer addressed to a disconnected agent waits until they reconnect', () => {
    const t = setup({ queues, agents: two });
    t.login('alice', 'bob');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'agent.disconnected', agentId: 'bob' });
    t.ok({ type: 'chat.transfer', agentId: 'alice', chatId, target: { agentId: 'bob' } });
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    t.ok({ type: 'agent.connected', agentId: 'bob' });
    expect(t.engine.getAgent('bob')?.offers.map((o) => o.chatId)).toEqual([chatId]);
  });

  it('rejects a malformed presence policy at construction', () => {
    expect(() => setup({ queues, agents: two, presence: { agentChats: 'drop' as never } })).toThrow(/agentChats/);
    expect(() => setup({ queues, agents: two, presence: { agentGraceMs: -1 } })).toThrow(/agentGraceMs/);
  });
});

describe('customer presence (issue 9)', () => {
  it('a disconnected customer is shown as away on the chat and the desk; reconnecting clears it', () => {
    const t = setup({ queues, agents: two });
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.clock.advanceBy(1_000);
    t.ok({ type: 'customer.disconnected', chatId });
    expect(t.engine.getChat(chatId)?.customerAway).toBe(1_000);
    let desk: { chats: ReadonlyArray<{ customerAway?: number }> } | undefined;
    t.engine.desk$('alice').subscribe((d) => (desk = d)).unsubscribe();
    expect(desk?.chats[0]?.customerAway).toBe(1_000);
    t.clock.advanceBy(59_000);
    t.ok({ type: 'customer.connected', chatId });
    expect(t.engine.getChat(chatId)?.customerAway).toBeUndefined();
    t.clock.advanceBy(120_000);
    expect(t.engine.getChat(chatId)?.state).toBe('active');
    expect(t.events.filter((e) => e.type === 'customer.presenceChanged').map((e) => e.type === 'customer.presenceChanged' && e.connected)).toEqual([false, true]);
  });

  it('after customerGraceMs an active chat goes to closing, as with customer.leave', () => {
    const t = setup({ queues, agents: two });
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'customer.disconnected', chatId });
    t.clock.advanceBy(60_000);
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'closing', customerLeftAt: 60_000 });
    expect(t.engine.getChat(chatId)?.customerAway).toBeUndefined();
    expectRefusal(t.engine.dispatch({ type: 'customer.connected', chatId }), 'invalid-state');
  });

  it('a waiting customer who does not come back within the grace is abandoned', () => {
    const t = setup({ queues, agents: two, presence: { customerGraceMs: 10_000 } });
    const chatId = t.start();
    t.ok({ type: 'customer.disconnected', chatId });
    t.clock.advanceBy(10_000);
    expect(t.engine.getChat(chatId)?.state).toBe('abandoned');
    expect(t.engine.stats()[0]).toMatchObject({ abandoned: 1, waiting: 0 });
  });

  it('customer.leave while away cancels the grace timer', () => {
    const t = setup({ queues, agents: two });
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'customer.disconnected', chatId });
    t.ok({ type: 'customer.leave', chatId });
    const count = t.events.length;
    t.clock.advanceBy(120_000);
    expect(t.events.length).toBe(count);
  });
});
