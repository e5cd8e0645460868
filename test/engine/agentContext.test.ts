// Issue 21: agent-only context: notes and whispers, transfer and invite comments, chat tags.
import { describe, expect, it } from 'vitest';
import type { QueueConfig } from 'chatroute';
import { expectRefusal, observe, setup } from '../helpers';

const agents = [
  { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
  { id: 'bob', name: 'Bob', capacity: 2, queues: ['sales'] },
  { id: 'sue', name: 'Sue', capacity: 1, queues: [], supervises: ['sales'] },
];

function chatOf(queue: Partial<QueueConfig> = {}) {
  const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['resolved'], ...queue }], agents, retainFinishedChats: 10 });
  t.login('alice');
  const chatId = t.start('sales', 'Eve', {});
  t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
  t.login('bob');
  return { ...t, chatId };
}

describe('notes and whispers', () => {
  it('a note stays in the agents transcript and history, never in what the customer sees or in message.sent', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['resolved'] }], agents });
    t.login('alice');
    const chatId = (t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'eve' } }) as { chatId: string }).chatId;
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    const seen = t.mark();
    t.ok({ type: 'chat.note', agentId: 'alice', chatId, text: 'refund asked twice' });
    const note = seen().find((e) => e.type === 'note.added');
    expect(note).toMatchObject({ message: { chatId, from: { kind: 'agent', agentId: 'alice' }, text: 'refund asked twice', audience: 'agents' } });
    expect(seen().some((e) => e.type === 'message.sent')).toBe(false);
    expect(t.engine.messages(chatId).some((m) => m.text === 'refund asked twice')).toBe(false);
    expect(t.engine.messages(chatId, { audience: 'customer' }).some((m) => m.audience === 'agents')).toBe(false);
    expect(t.engine.messages(chatId, { audience: 'agents' }).filter((m) => m.audience === 'agents')).toHaveLength(1);
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId, status: 'resolved' });
    t.ok({ type: 'chat.close', agentId: 'alice', chatId });
    expect(t.engine.history('eve').messages.some((m) => m.text === 'refund asked twice' && m.audience === 'agents')).toBe(true);
    // A note is not a line to the customer: the contact record counts customer, agent and system lines only.
    expect(t.events.find((e) => e.type === 'contact.recorded')).toMatchObject({ record: { messages: { customer: 0, agent: 0 } } });
  });

  it('a monitoring supervisor whispers to the agents; outsiders are refused and change nothing', () => {
    const t = chatOf();
    t.login('sue');
    const before = observe(t.engine, ['alice', 'bob'], [t.chatId]);
    expectRefusal(t.engine.dispatch({ type: 'chat.note', agentId: 'bob', chatId: t.chatId, text: 'psst' }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'chat.note', agentId: 'alice', chatId: t.chatId, text: '' }), 'invalid-command');
    expect(observe(t.engine, ['alice', 'bob'], [t.chatId])).toBe(before);
    t.ok({ type: 'supervisor.joinChat', supervisorId: 'sue', chatId: t.chatId, mode: 'monitor' });
    t.ok({ type: 'chat.note', agentId: 'sue', chatId: t.chatId, text: 'offer the voucher' });
    expect(t.engine.messages(t.chatId, { audience: 'agents' }).at(-1)).toMatchObject({ from: { kind: 'agent', agentId: 'sue' }, audience: 'agents' });
    expect(t.engine.messages(t.chatId).some((m) => m.text === 'offer the voucher')).toBe(false);
  });

  it('refuses a note longer than the queue allows', () => {
    const t = chatOf({ maxTextLength: 5 });
    const error = expectRefusal(t.engine.dispatch({ type: 'chat.note', agentId: 'alice', chatId: t.chatId, text: 'too long' }), 'invalid-command');
    expect(error.message).toContain('at most 5');
  });
});

describe('transfer and invite comments', () => {
  it('the receiver sees the comment in the offer event and the desk offer, the customer never does', () => {
    const t = chatOf();
    t.ok({ type: 'chat.transfer', agentId: 'alice', chatId: t.chatId, target: { agentId: 'bob' }, comment: 'wants the annual plan' });
    const offer = t.offersTo('bob').at(-1);
    expect(offer?.notification).toMatchObject({ kind: 'transfer', from: { agentId: 'alice', name: 'Alice' }, comment: 'wants the annual plan' });
    expect(t.engine.getDesk('bob')?.offers[0]).toMatchObject({ chatId: t.chatId, comment: 'wants the annual plan' });
    expect(t.engine.messages(t.chatId).some((m) => m.text.includes('annual plan'))).toBe(false);
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId: t.chatId });
    t.ok({ type: 'chat.invite', agentId: 'bob', chatId: t.chatId, target: { agentId: 'alice' }, comment: 'you know this one' });
    expect(t.offersTo('alice').at(-1)?.notification).toMatchObject({ kind: 'invite', from: { agentId: 'bob' }, comment: 'you know this one' });
    expect(t.engine.getChat(t.chatId)?.invitation).toMatchObject({ by: 'bob', comment: 'you know this one' });
    expect(t.engine.getDesk('alice')?.offers[0]).toMatchObject({ kind: 'invite', comment: 'you know this one' });
  });

  it('an offer without a comment has none', () => {
    const t = chatOf();
    t.ok({ type: 'chat.transfer', agentId: 'alice', chatId: t.chatId, target: { agentId: 'bob' } });
    expect(t.offersTo('bob').at(-1)?.notification).not.toHaveProperty('comment');
  });
});

describe('chat tags', () => {
  it('adds and removes tags, keeps them through a transfer, and records them in the contact record', () => {
    const t = chatOf();
    t.ok({ type: 'chat.tag', agentId: 'alice', chatId: t.chatId, add: ['billing', 'vip', 'billing'] });
    expect(t.engine.getChat(t.chatId)?.tags).toEqual(['billing', 'vip']);
    expect(t.events.filter((e) => e.type === 'chat.tagged')).toEqual([expect.objectContaining({ agentId: 'alice', tags: ['billing', 'vip'], added: ['billing', 'vip'], removed: [] })]);
    const seen = t.mark();
    t.ok({ type: 'chat.tag', agentId: 'alice', chatId: t.chatId, add: ['vip'] });
    expect(seen()).toEqual([]);
    t.ok({ type: 'chat.transfer', agentId: 'alice', chatId: t.chatId, target: { agentId: 'bob' } });
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId: t.chatId });
    t.ok({ type: 'chat.tag', agentId: 'bob', chatId: t.chatId, add: ['refund'], remove: ['vip'] });
    expect(t.engine.getDesk('bob')?.chats[0]?.tags).toEqual(['billing', 'refund']);
    t.ok({ type: 'chat.setStatus', agentId: 'bob', chatId: t.chatId, status: 'resolved' });
    t.ok({ type: 'chat.close', agentId: 'bob', chatId: t.chatId });
    expect(t.events.find((e) => e.type === 'contact.recorded')).toMatchObject({ record: { tags: ['billing', 'refund'] } });
  });

  it('holds to the queue limits: allowed tags, tags per chat; refusals change nothing', () => {
    const t = chatOf({ tags: { allowed: ['billing', 'vip', 'refund'], maxPerChat: 2 } });
    const before = observe(t.engine, ['alice'], [t.chatId]);
    expect(expectRefusal(t.engine.dispatch({ type: 'chat.tag', agentId: 'alice', chatId: t.chatId, add: ['spam'] }), 'invalid-command').message).toContain('allowed: "billing", "vip", "refund"');
    expect(expectRefusal(t.engine.dispatch({ type: 'chat.tag', agentId: 'alice', chatId: t.chatId, add: ['billing', 'vip', 'refund'] }), 'invalid-command').message).toContain('at most 2');
    expectRefusal(t.engine.dispatch({ type: 'chat.tag', agentId: 'alice', chatId: t.chatId }), 'invalid-command');
    expectRefusal(t.engine.dispatch({ type: 'chat.tag', agentId: 'bob', chatId: t.chatId, add: ['vip'] }), 'forbidden');
    expectRefusal(t.engine.dispatch({ type: 'chat.tag', agentId: 'alice', chatId: t.chatId, add: ['x'.repeat(65)] }), 'invalid-command');
    expect(observe(t.engine, ['alice'], [t.chatId])).toBe(before);
    expect(t.engine.getChat(t.chatId)).not.toHaveProperty('tags');
    expectRefusal(t.engine.dispatch({ type: 'queue.upsert', queue: { id: 'sales', name: 'Sales', closeStatuses: ['resolved'], tags: { maxPerChat: 101 } } }), 'invalid-command');
  });
});
