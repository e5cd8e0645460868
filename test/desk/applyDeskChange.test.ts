import { applyDeskChange, waitingOf, type DeskState, type PersonalDeskChange, type WaitingEntry } from 'chatroute';
import { describe, expect, it } from 'vitest';
import { setup } from '../helpers';

const entry = (key: string, seq: number, priority = 0, enqueuedAt = 0): WaitingEntry => ({
  key,
  seq,
  activity: { chatId: `chat-${key}`, queue: { id: 'sales', name: 'Sales' }, customer: { name: key }, priority, enqueuedAt, state: 'queued', kind: 'chat' },
});

/** A real initial state (alice in Sales, nothing going on), from the engine. */
function initial(limit = 2): DeskState {
  const t = setup({ desk: { waitingLimit: limit }, agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }, { id: 'bob', name: 'Bob', capacity: 1, queues: [] }] });
  let state: DeskState | undefined;
  t.engine.deskChanges$('alice').subscribe((c: PersonalDeskChange) => {
    if (c.type === 'desk.init') state = c.state;
  });
  return state as DeskState;
}

describe('applyDeskChange', () => {
  it('derives the waiting list from the shared window: most urgent first, capped, with the exact count', () => {
    let state = initial(2);
    expect(state.queues).toEqual({ sales: { count: 0, entries: [] } });
    state = applyDeskChange(state, { type: 'waiting.added', queueId: 'sales', count: 1, entry: entry('a', 1) });
    state = applyDeskChange(state, { type: 'waiting.added', queueId: 'sales', count: 2, entry: entry('b', 2, 5) });
    state = applyDeskChange(state, { type: 'waiting.added', queueId: 'sales', count: 3, entry: entry('c', 3) });
    state = applyDeskChange(state, { type: 'waiting.count', queueId: 'sales', count: 40 });
    expect(state.desk.waiting.count).toBe(40);
    expect(state.desk.waiting.items.map((i) => i.chatId)).toEqual(['chat-b', 'chat-a']);
    state = applyDeskChange(state, { type: 'waiting.removed', queueId: 'sales', count: 39, key: 'b' });
    expect(state.desk.waiting.items.map((i) => i.chatId)).toEqual(['chat-a', 'chat-c']);
  });

  it('hides what is offered to the agent and adds what waits for it alone', () => {
    let state = initial(5);
    state = applyDeskChange(state, { type: 'waiting.added', queueId: 'sales', count: 1, entry: entry('a', 1) });
    state = applyDeskChange(state, { type: 'waiting.added', queueId: 'sales', count: 2, entry: entry('b', 2) });
    state = applyDeskChange(state, { type: 'hidden.changed', hidden: ['a'] });
    state = applyDeskChange(state, { type: 'targeted.added', entry: entry('t', 0, 0, 0) });
    expect(state.desk.waiting).toEqual({ count: 2, items: [entry('t', 0).activity, entry('b', 2).activity] });
    expect(state.desk.waiting).toEqual(waitingOf(state));
  });

  it('ignores queues the agent is not in, and directory changes it has seen (by version)', () => {
    const state = initial();
    expect(applyDeskChange(state, { type: 'waiting.added', queueId: 'other', count: 1, entry: entry('x', 1) })).toBe(state);
    expect(state.desk.directory).toEqual({ version: 0, queues: [{ id: 'sales', name: 'Sales' }] });
    const renamed = applyDeskChange(state, { type: 'directory.agent', agent: { agentId: 'bob', name: 'Robert' }, version: 1 });
    // Colleagues are not on the desk: their change only moves the version a picker's page is compared with.
    expect(renamed.desk.directory).toEqual({ version: 1, queues: [{ id: 'sales', name: 'Sales' }] });
    const queue = applyDeskChange(renamed, { type: 'directory.queue', queue: { id: 'sales', name: 'Sales & more' }, version: 2 });
    expect(queue.desk.directory).toEqual({ version: 2, queues: [{ id: 'sales', name: 'Sales & more' }] });
    expect(applyDeskChange(queue, { type: 'directory.queue', queue: { id: 'sales', name: 'Sales' }, version: 2 })).toBe(queue);
    expect(applyDeskChange(queue, { type: 'directory.agentRemoved', agentId: 'bob', version: 1 })).toBe(queue);
    expect(applyDeskChange(queue, { type: 'directory.queueRemoved', queueId: 'sales', version: 3 }).desk.directory).toEqual({ version: 3, queues: [] });
  });

  it('is absolute: applying a change twice gives the same state', () => {
    let state = initial();
    const add = { type: 'waiting.added', queueId: 'sales', count: 1, entry: entry('a', 1) } as const;
    state = applyDeskChange(state, add);
    expect(applyDeskChange(state, add)).toEqual(state);
    const offer = { offerId: 'o1', chatId: 'c1', kind: 'route', customer: { name: 'E' }, queue: { id: 'sales', name: 'Sales' }, enqueuedAt: 0, offeredAt: 0, expiresAt: 1 } as const;
    const once = applyDeskChange(state, { type: 'offer.added', index: 0, offer });
    expect(applyDeskChange(once, { type: 'offer.added', index: 0, offer })).toEqual(once);
    expect(applyDeskChange(once, { type: 'offer.removed', offerId: 'o1' }).desk.offers).toEqual([]);
  });

  it('patches a chat tab in place and leaves untouched parts identical', () => {
    const t = setup({ agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }] });
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    const changes: PersonalDeskChange[] = [];
    let state: DeskState | undefined;
    t.engine.deskChanges$('alice').subscribe((c) => {
      if (c.type === 'desk.init') state = c.state;
      else changes.push(c);
    });
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'hi' });
    expect(changes).toEqual([{ type: 'chat.message', chatId, lastMessage: { text: 'hi', at: 0, attachments: [] }, unread: 1 }]);
    const before = state as DeskState;
    const after = applyDeskChange(before, changes[0] as PersonalDeskChange);
    expect(after.desk.chats[0]?.lastMessage?.text).toBe('hi');
    expect(after.desk.offers).toBe(before.desk.offers);
    expect(after.desk.directory).toBe(before.desk.directory);
    expect(after.desk).toEqual(t.engine.getDesk('alice'));
  });
});
