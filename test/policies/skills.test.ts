import { describe, expect, it } from 'vitest';
import { expectRefusal, setup } from '../helpers';

describe('policy: skills with proficiency (issue 9)', () => {
  it('offers a chat only to agents who meet every required level', () => {
    const t = setup({
      agents: [
        { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'], skills: { german: 1 } },
        { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'], skills: { german: 3, billing: 2 } },
      ],
    });
    t.login('alice', 'bob');
    const chatId = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, skills: { german: 2 } }) as { chatId: string }).chatId;
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('bob');
    const other = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Fay' }, skills: { french: 1 } }) as { chatId: string }).chatId;
    expect(t.engine.getChat(other)?.state).toBe('queued');
  });

  it('refuses a pick by an agent lacking a required level, and keeps requirements on a transfer back to a queue', () => {
    const t = setup({
      agents: [
        { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
        { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'], skills: { german: 2 } },
      ],
    });
    t.login('alice');
    const chatId = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, skills: { german: 2 } }) as { chatId: string }).chatId;
    expectRefusal(t.engine.dispatch({ type: 'chat.pick', agentId: 'alice', chatId }), 'forbidden');
    t.login('bob');
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId });
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'break', paid: true });
    t.ok({ type: 'chat.transfer', agentId: 'bob', chatId, target: { queueId: 'sales' } });
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
  });

  it('relaxes requirements step by step as the chat waits (on the engine clock)', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { skills: { relaxAfterMs: [10_000, 20_000] } } }],
      agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }],
    });
    t.login('alice');
    const chatId = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, skills: { german: 2 } }) as { chatId: string }).chatId;
    t.clock.advanceBy(10_000);
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    t.clock.advanceBy(10_000);
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('alice');
  });

  it('prefers the highest proficiency among eligible agents of the best tier when configured', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { skills: { preferProficiency: true } } }],
      agents: [
        { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'], skills: { german: 2 } },
        { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'], skills: { german: 5 } },
      ],
    });
    t.login('alice', 'bob');
    const chatId = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, skills: { german: 1 } }) as { chatId: string }).chatId;
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('bob');
  });
});
