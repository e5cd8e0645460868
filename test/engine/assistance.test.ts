import { describe, expect, it } from 'vitest';
import { expectRefusal, setup } from '../helpers';

const config = {
  queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'] }],
  agents: [
    { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
    { id: 'sue', name: 'Sue', capacity: 1, queues: [], supervises: ['sales'] },
  ],
};

describe('assistance and important', () => {
  it('an agent asks for assistance; supervisors of the queue see and resolve it', () => {
    const t = setup(config);
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    const supervisorDesk: number[] = [];
    t.engine.desk$('sue').subscribe((d) => supervisorDesk.push(d.assistance.length));
    t.ok({ type: 'chat.requestAssistance', agentId: 'alice', chatId, note: 'angry customer' });
    const [request] = t.engine.assistanceRequests('sales');
    expect(request).toMatchObject({ chatId, agentId: 'alice', queueId: 'sales', note: 'angry customer', requestedAt: 0 });
    expect(t.engine.assistanceRequests('other')).toEqual([]);
    expectRefusal(t.engine.dispatch({ type: 'chat.requestAssistance', agentId: 'alice', chatId }), 'invalid-state');
    t.ok({ type: 'assistance.resolve', agentId: 'sue', requestId: request!.id });
    expect(t.engine.assistanceRequests()).toEqual([]);
    expect(t.events.at(-1)).toMatchObject({ type: 'assistance.resolved', agentId: 'sue', reason: 'resolved' });
    expect(supervisorDesk).toEqual([0, 1, 0]);
  });

  it('only a supervisor of the queue or the asking agent may resolve; ending the chat resolves it', () => {
    const t = setup({ ...config, agents: [...config.agents, { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] }] });
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'chat.requestAssistance', agentId: 'alice', chatId });
    const [request] = t.engine.assistanceRequests();
    expectRefusal(t.engine.dispatch({ type: 'assistance.resolve', agentId: 'bob', requestId: request!.id }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'assistance.resolve', agentId: 'bob', requestId: 'nope' }), 'not-found');
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId, status: 'done' });
    t.ok({ type: 'chat.close', agentId: 'alice', chatId });
    expect(t.events.find((e) => e.type === 'assistance.resolved')).toMatchObject({ reason: 'chat-ended' });
    expect(t.engine.assistanceRequests()).toEqual([]);
  });

  it('marks a chat important', () => {
    const t = setup(config);
    t.login('alice');
    const chatId = t.start();
    expectRefusal(t.engine.dispatch({ type: 'chat.markImportant', agentId: 'alice', chatId, important: true }), 'forbidden');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'chat.markImportant', agentId: 'alice', chatId, important: true });
    expect(t.engine.getChat(chatId)?.important).toBe(true);
    expect(t.events.at(-1)).toMatchObject({ type: 'chat.importantChanged', important: true, agentId: 'alice' });
    const count = t.events.length;
    t.ok({ type: 'chat.markImportant', agentId: 'alice', chatId, important: true });
    expect(t.events.length).toBe(count);
  });
});
