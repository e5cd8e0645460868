import { describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'chatroute';
import { setup } from '../helpers';

function converse(t: ReturnType<typeof setup>, contactId: string, texts: string[]) {
  const chatId = t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId } }).chatId;
  t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
  for (const text of texts) {
    t.clock.advanceBy(1_000);
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text });
  }
  t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId, status: 'resolved' });
  t.ok({ type: 'chat.close', agentId: 'alice', chatId });
  return chatId;
}

describe('history', () => {
  it("pages through a contact's earlier chats, newest first", () => {
    const t = setup({ agents: [{ id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] }] });
    t.login('alice');
    converse(t, 'c-1', ['a1', 'a2', 'a3']);
    converse(t, 'c-2', ['other']);
    converse(t, 'c-1', ['b1', 'b2']);
    const first = t.engine.history('c-1', { limit: 4 });
    expect(first.messages.map((m) => m.text)).toEqual(['b2', 'b1', 'Alice joined the chat', 'a3']);
    const second = t.engine.history('c-1', { limit: 4, before: first.nextCursor as string });
    expect(second.messages.map((m) => m.text)).toEqual(['a2', 'a1', 'Alice joined the chat']);
    expect(second.nextCursor).toBeUndefined();
    expect(t.engine.history('nobody').messages).toEqual([]);
  });

  it('the in-memory store can be bounded per contact', () => {
    const history = createMemoryHistory({ maxMessagesPerContact: 2 });
    const t = setup({ history });
    t.login('alice');
    converse(t, 'c-1', ['1', '2', '3']);
    expect(t.engine.history('c-1').messages.map((m) => m.text)).toEqual(['3', '2']);
    expect(history.has('c-1')).toBe(true);
    expect(history.has('c-9')).toBe(false);
  });

  it('the desk shows "load older messages" only when history exists', () => {
    const t = setup({ agents: [{ id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] }] });
    t.login('alice');
    const desks: Array<boolean | undefined> = [];
    t.engine.desk$('alice').subscribe((d) => desks.push(d.chats[0]?.hasHistory));
    const first = t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'c-1' } }).chatId;
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: first });
    t.ok({ type: 'message.send', chatId: first, from: { kind: 'customer' }, text: 'hi' });
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId: first, status: 'resolved' });
    t.ok({ type: 'chat.close', agentId: 'alice', chatId: first });
    const second = t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'c-1' } }).chatId;
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: second });
    expect(desks.filter((x) => x !== undefined)).toEqual([false, false, false, true]);
  });
});
