// Issue 21: a silent customer no longer holds a slot for ever (queue option `inactivity`).
import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, createMemoryStore, type InactivityPolicy } from 'chatroute';
import { expectRefusal, setup } from '../helpers';

const policy: InactivityPolicy = { warnAfterMs: 60_000, closeAfterMs: 30_000, status: 'no-answer' };

function chatWith(inactivity: InactivityPolicy = policy) {
  const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['resolved', 'no-answer'], inactivity }] });
  t.login('alice');
  const chatId = t.start();
  const customer = (text = 'hello') => t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text });
  const agent = (text = 'how can I help?') => t.ok({ type: 'message.send', chatId, from: { kind: 'agent', agentId: 'alice' }, text });
  const warnings = () => t.engine.messages(chatId).filter((m) => m.notice?.type === 'inactivity-warning');
  return { ...t, chatId, customer, agent, warnings };
}

describe('inactivity', () => {
  it('warns a customer silent for warnAfterMs, then closes with the status closeAfterMs later, freeing the slot', () => {
    const t = chatWith();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: t.chatId });
    t.clock.advanceBy(59_999);
    expect(t.warnings()).toHaveLength(0);
    t.clock.advanceBy(1);
    expect(t.warnings()).toEqual([expect.objectContaining({ from: { kind: 'system' }, notice: { type: 'inactivity-warning', closesAt: 90_000 }, at: 60_000 })]);
    t.clock.advanceBy(29_999);
    expect(t.engine.getChat(t.chatId)?.state).toBe('active');
    t.clock.advanceBy(1);
    expect(t.engine.getChat(t.chatId)).toMatchObject({ state: 'closed', status: 'no-answer', closedBy: 'alice', closeReason: 'inactivity' });
    expect(t.events.find((e) => e.type === 'chat.closed')).toMatchObject({ chatId: t.chatId, agentId: 'alice', status: 'no-answer', reason: 'inactivity', at: 90_000 });
    expect(t.events.find((e) => e.type === 'contact.recorded')).toMatchObject({ record: { status: 'no-answer', closeReason: 'inactivity' } });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'ready', chats: [], slotsUsed: 0 });
  });

  it('counts only while the customer owes the next line: a customer message stops it, an agent message restarts it', () => {
    const t = chatWith();
    t.customer('hi, anyone?'); // written while waiting: the agent owes the answer
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: t.chatId });
    t.clock.advanceBy(300_000);
    expect(t.warnings()).toHaveLength(0);
    t.agent();
    t.clock.advanceBy(59_000);
    t.customer('I need a refund');
    t.clock.advanceBy(300_000);
    expect(t.warnings()).toHaveLength(0);
    t.agent('sure, which order?');
    t.clock.advanceBy(60_000);
    expect(t.warnings()).toHaveLength(1);
    // A reply after the warning forgets it: the close never comes.
    t.customer('order 42');
    t.clock.advanceBy(300_000);
    expect(t.engine.getChat(t.chatId)?.state).toBe('active');
  });

  it('an agent line after the warning starts the silence again, with a new warning', () => {
    const t = chatWith();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: t.chatId });
    t.clock.advanceBy(60_000);
    t.agent('are you still there?');
    t.clock.advanceBy(59_999);
    expect(t.engine.getChat(t.chatId)?.state).toBe('active');
    expect(t.warnings()).toHaveLength(1);
    t.clock.advanceBy(1);
    expect(t.warnings()).toHaveLength(2);
  });

  it('closes a chat with several participants for everyone, and uses the configured warning text', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['resolved', 'no-answer'], inactivity: { ...policy, warningText: 'Still there?' } }],
      agents: [
        { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
        { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
      ],
    });
    t.login('alice', 'bob');
    const chatId = t.start();
    const owner = t.offersTo('alice').length > 0 ? 'alice' : 'bob';
    const other = owner === 'alice' ? 'bob' : 'alice';
    t.ok({ type: 'offer.accept', agentId: owner, chatId });
    t.ok({ type: 'chat.invite', agentId: owner, chatId, target: { agentId: other } });
    t.ok({ type: 'offer.accept', agentId: other, chatId });
    t.clock.advanceBy(60_000);
    expect(t.engine.messages(chatId).at(-1)?.text).toBe('Still there?');
    t.clock.advanceBy(30_000);
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'closed', closedBy: owner, status: 'no-answer' });
    expect(t.engine.getAgent('alice')?.slotsUsed).toBe(0);
    expect(t.engine.getAgent('bob')?.slotsUsed).toBe(0);
  });

  it('stops when the customer leaves, and does nothing once the policy is removed', () => {
    const t = chatWith();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: t.chatId });
    t.ok({ type: 'queue.upsert', queue: { id: 'sales', name: 'Sales', closeStatuses: ['resolved', 'no-answer'] } });
    t.clock.advanceBy(600_000);
    expect(t.warnings()).toHaveLength(0);
    expect(t.engine.getChat(t.chatId)?.state).toBe('active');
    const u = chatWith();
    u.ok({ type: 'offer.accept', agentId: 'alice', chatId: u.chatId });
    u.ok({ type: 'customer.leave', chatId: u.chatId });
    u.clock.advanceBy(600_000);
    expect(u.engine.getChat(u.chatId)?.state).toBe('closing');
  });

  it('refuses a status that is not one of the queue close statuses', () => {
    const t = setup();
    const error = expectRefusal(
      t.engine.dispatch({ type: 'queue.upsert', queue: { id: 'sales', name: 'Sales', closeStatuses: ['resolved'], inactivity: { ...policy, status: 'gone' } } }),
      'invalid-command',
    );
    expect(error.message).toContain('closeStatuses');
    expect(() => createEngine({ queues: [{ id: 's', name: 'S', closeStatuses: ['a'], inactivity: { ...policy, status: 'b' } }], agents: [] })).toThrow(/inactivity.status/);
  });

  it('survives a restart: the pending warning and close come at their times on the recovered engine', () => {
    const store = createMemoryStore();
    const clock = createManualClock(0);
    const options = {
      clock,
      store,
      snapshotEvery: 1,
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['no-answer'], inactivity: policy }],
      agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }],
    };
    const first = createEngine(options);
    first.dispatch({ type: 'agent.login', agentId: 'alice' });
    first.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, chatId: 'c1' });
    first.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: 'c1' });
    clock.advanceBy(60_000); // warned
    first.stop();
    const second = createEngine(options);
    expect(second.messages('c1').at(-1)?.notice?.type).toBe('inactivity-warning');
    clock.advanceBy(29_999);
    expect(second.getChat('c1')?.state).toBe('active');
    clock.advanceBy(1);
    expect(second.getChat('c1')).toMatchObject({ state: 'closed', closeReason: 'inactivity' });
    second.stop();
  });
});
