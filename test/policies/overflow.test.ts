import { describe, expect, it } from 'vitest';
import type { QueueConfig } from 'chatroute';
import { expectRefusal, setup } from '../helpers';

const backup: QueueConfig = { id: 'backup', name: 'Backup', closeStatuses: ['done'] };

describe('policy: overflow and escalation (issue 9)', () => {
  it('moves a chat to the overflow queue at its max wait, keeping its enqueue time, withdrawing a pending offer', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], offerTimeoutMs: 60_000, policies: { overflow: { maxWaitMs: 30_000, to: 'backup' } } }, backup],
      agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }, { id: 'bob', name: 'Bob', capacity: 1, queues: ['backup'] }],
    });
    t.login('alice');
    t.clock.advanceBy(1_000);
    const chatId = t.start();
    expect(t.engine.getChat(chatId)?.state).toBe('offered');
    t.clock.advanceBy(29_999);
    expect(t.engine.getChat(chatId)?.queueId).toBe('sales');
    const since = t.mark();
    t.clock.advanceBy(1);
    expect(t.types(since())).toEqual(expect.arrayContaining(['offer.withdrawn', 'chat.overflowed', 'chat.queued']));
    const chat = t.engine.getChat(chatId);
    expect(chat).toMatchObject({ state: 'queued', queueId: 'backup', enqueuedAt: 1_000 });
    expect(since().find((e) => e.type === 'offer.withdrawn')).toMatchObject({ reason: 'max-wait' });
    t.login('bob');
    expect(t.engine.getChat(chatId)?.state).toBe('offered');
  });

  it('abandons a chat at its max wait with reason max-wait when there is no overflow queue', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { overflow: { maxWaitMs: 10_000 } } }] });
    const chatId = t.start();
    t.clock.advanceBy(10_000);
    expect(t.engine.getChat(chatId)?.state).toBe('abandoned');
    expect(t.events.find((e) => e.type === 'chat.abandoned')).toMatchObject({ chatId, reason: 'max-wait', waitedMs: 10_000 });
  });

  it('refuses chat.start with queue-full at maxQueueLength, and draws no id', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { overflow: { maxQueueLength: 2 } } }] });
    t.start();
    t.start();
    expectRefusal(t.engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'C' } }), 'queue-full');
    expect(t.engine.getChat('chat-3')).toBeUndefined();
  });

  it('sends a new chat on to the overflow queue when full, or when nobody is logged in', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { overflow: { maxQueueLength: 1, whenNobodyLoggedIn: true, to: 'backup' } } }, backup],
      agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }],
    });
    const first = t.start();
    expect(t.engine.getChat(first)?.queueId).toBe('backup');
    expect(t.events.find((e) => e.type === 'chat.overflowed')).toMatchObject({ chatId: first, fromQueueId: 'sales', queueId: 'backup', reason: 'nobody-logged-in' });
    t.ok({ type: 'agent.login', agentId: 'alice' });
    t.ok({ type: 'agent.pause', agentId: 'alice', reason: 'lunch', paid: true });
    const second = t.start();
    const third = t.start();
    expect(t.engine.getChat(second)?.queueId).toBe('sales');
    expect(t.engine.getChat(third)?.queueId).toBe('backup');
  });

  it('sends waiting chats on when the last agent of the queue goes, once someone is in the overflow queue', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { overflow: { whenNobodyLoggedIn: true, to: 'backup' } } }, backup],
      agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }, { id: 'bob', name: 'Bob', capacity: 1, queues: ['backup'] }],
    });
    t.login('alice');
    t.ok({ type: 'agent.pause', agentId: 'alice', reason: 'lunch', paid: true });
    const chatId = t.start();
    t.ok({ type: 'agent.logout', agentId: 'alice' });
    // Nobody in backup either: the chat stays where it is.
    expect(t.engine.getChat(chatId)?.queueId).toBe('sales');
    t.login('bob');
    expect(t.engine.getChat(chatId)).toMatchObject({ queueId: 'backup', state: 'offered' });
    expect(t.events.find((e) => e.type === 'chat.overflowed')).toMatchObject({ chatId, reason: 'nobody-logged-in' });
  });

  it('refuses an overflow target that is not a known queue', () => {
    expect(() => setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { overflow: { maxWaitMs: 1_000, to: 'nowhere' } } }] })).toThrow(/overflow.to/);
  });
});
