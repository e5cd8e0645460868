import { describe, expect, it } from 'vitest';
import { expectRefusal, setup } from '../helpers';

const agents = [
  { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
  { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
];

describe('policy: preferred and last agent (issue 9)', () => {
  it('reserves a chat for its preferred agent while logged in, then offers it to everyone', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { affinity: { reserveMs: 15_000 } } }], agents });
    t.login('alice', 'bob');
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'coffee', paid: true });
    const chatId = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, preferredAgentId: 'bob' }) as { chatId: string }).chatId;
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    expect(t.engine.waitingActivities('alice')).toMatchObject([{ chatId, preferredAgentId: 'bob', preferredUntil: 15_000 }]);
    t.clock.advanceBy(14_999);
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    t.clock.advanceBy(1);
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('alice');
  });

  it('offers to everyone at once when the preferred agent is not logged in', () => {
    const t = setup({ agents });
    t.login('alice');
    const chatId = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, preferredAgentId: 'bob' }) as { chatId: string }).chatId;
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('alice');
  });

  it('prefers the contact’s last agent when the queue asks for it', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { affinity: { lastAgent: true } } }], agents });
    t.login('alice', 'bob');
    const first = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'eve' } }) as { chatId: string }).chatId;
    const firstAgent = t.engine.getChat(first)?.offer?.agentId as string;
    t.ok({ type: 'offer.accept', agentId: firstAgent, chatId: first });
    t.ok({ type: 'chat.setStatus', agentId: firstAgent, chatId: first, status: 'done' });
    t.ok({ type: 'chat.close', agentId: firstAgent, chatId: first });
    t.clock.advanceBy(60_000);
    // The other agent has been idle longer, but the contact's last agent is preferred.
    const again = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'eve' } }) as { chatId: string }).chatId;
    expect(t.engine.getChat(again)?.offer?.agentId).toBe(firstAgent);
  });

  it('ends the reservation when the preferred agent turns the chat down', () => {
    const t = setup({ agents });
    t.login('alice', 'bob');
    const chatId = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, preferredAgentId: 'bob' }) as { chatId: string }).chatId;
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('bob');
    t.ok({ type: 'offer.reject', agentId: 'bob', chatId });
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('alice');
  });

  it('releases the reservation at once when the preferred agent leaves the queue or logs out', () => {
    const t = setup({ agents });
    t.login('alice', 'bob');
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'coffee', paid: true });
    const chatId = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, preferredAgentId: 'bob' }) as { chatId: string }).chatId;
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'queued', routing: { preferredAgentId: 'bob', reservedUntil: 30_000 } });
    t.ok({ type: 'agent.leaveQueue', agentId: 'bob', queueId: 'sales' });
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('alice');
  });

  it('releases the reservation when the preferred agent is taken out of the queue (agent.upsert)', () => {
    const t = setup({ agents });
    t.login('alice', 'bob');
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'coffee', paid: true });
    const chatId = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, preferredAgentId: 'bob' }) as { chatId: string }).chatId;
    t.ok({ type: 'agent.pause', agentId: 'alice', reason: 'coffee', paid: true });
    t.ok({ type: 'agent.resume', agentId: 'alice' });
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    t.ok({ type: 'agent.upsert', agent: { id: 'bob', name: 'Bob', capacity: 1, queues: [] } });
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('alice');
  });

  it('refuses an unknown preferred agent', () => {
    const t = setup();
    expectRefusal(t.engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, preferredAgentId: 'nobody' }), 'not-found');
  });
});
