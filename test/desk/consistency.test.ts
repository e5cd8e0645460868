import type { Desk } from 'chatroute';
import { describe, expect, it } from 'vitest';
import { setup } from '../helpers';
import { watchDesks } from './deskWatchers';

// Issue 10: the desk always equals what the queries say. Each case failed before the incremental desk.
const config = {
  queues: [
    { id: 'sales', name: 'Sales', closeStatuses: ['done'] },
    { id: 'other', name: 'Other', closeStatuses: ['done'] },
  ],
  agents: [
    { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
    { id: 'bob', name: 'Bob', capacity: 1, queues: ['other'] },
    { id: 'carol', name: 'Carol', capacity: 1, queues: ['sales'] },
  ],
};

const lastOf = (t: ReturnType<typeof setup>, agentId: string) => {
  let last: Desk | undefined;
  t.engine.desk$(agentId).subscribe((d) => (last = d));
  return () => last as Desk;
};

describe('desk consistency (issue 10)', () => {
  it('a desk that accepts from inside desk$ sees its own accepted chat', () => {
    const t = setup(config);
    t.login('alice');
    const desks: Desk[] = [];
    t.engine.desk$('alice').subscribe((desk) => {
      desks.push(desk);
      for (const offer of desk.offers) t.engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: offer.chatId });
    });
    const watchers = watchDesks(t.engine, ['alice', 'carol']);
    const chatId = t.start('sales');
    expect(t.engine.getAgent('alice')?.chats).toEqual([chatId]);
    const last = desks[desks.length - 1] as Desk;
    expect(last.offers).toEqual([]);
    expect(last.chats.map((c) => c.chatId)).toEqual([chatId]);
    expect(last).toEqual(t.engine.getDesk('alice'));
    watchers.check(50);
  });

  it('a host that answers from inside events$ without emitting an event (chat.read) still gets the new desk', () => {
    const t = setup(config);
    t.login('alice');
    const chatId = t.start('sales');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.engine.events$.subscribe((e) => {
      if (e.type === 'message.sent' && e.message.from.kind === 'customer') t.engine.dispatch({ type: 'chat.read', agentId: 'alice', chatId });
    });
    const alice = lastOf(t, 'alice');
    const watchers = watchDesks(t.engine, ['alice']);
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'hello' });
    expect(alice().chats[0]?.unread).toBe(0);
    expect(alice()).toEqual(t.engine.getDesk('alice'));
    watchers.check(50);
  });

  it("after a transfer target's chat is picked back by its queue, the target's desk no longer lists it", () => {
    const t = setup(config);
    t.login('alice', 'bob', 'carol');
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'lunch', paid: true });
    t.ok({ type: 'agent.pause', agentId: 'carol', reason: 'lunch', paid: true });
    const chatId = t.start('sales');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    const bob = lastOf(t, 'bob');
    const carol = lastOf(t, 'carol');
    const watchers = watchDesks(t.engine, ['alice', 'bob', 'carol']);
    t.ok({ type: 'chat.transfer', agentId: 'alice', chatId, target: { agentId: 'bob' } });
    expect(bob().waiting).toMatchObject({ count: 1, items: [{ chatId, reservedFor: 'bob' }] });
    // Bob is not in Sales, so Sales lists it only to Bob; Carol may still take it back by its id.
    expect(carol().waiting.count).toBe(0);
    watchers.check(50);
    t.ok({ type: 'chat.pick', agentId: 'carol', chatId });
    expect(t.engine.waitingActivities('bob')).toEqual([]);
    expect(bob().waiting).toEqual({ count: 0, items: [] });
    expect(carol().chats.map((c) => c.chatId)).toEqual([chatId]);
    watchers.check(50);
  });

  it('after a queue invitation is offered to a colleague, other members no longer list it', () => {
    const t = setup({ ...config, agents: [...config.agents, { id: 'dave', name: 'Dave', capacity: 1, queues: ['other'] }] });
    t.login('alice', 'bob', 'dave');
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'lunch', paid: true });
    t.ok({ type: 'agent.pause', agentId: 'dave', reason: 'lunch', paid: true });
    const chatId = t.start('sales');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    const bob = lastOf(t, 'bob');
    const watchers = watchDesks(t.engine, ['alice', 'bob', 'dave']);
    t.ok({ type: 'chat.invite', agentId: 'alice', chatId, target: { queueId: 'other' } });
    expect(bob().waiting).toMatchObject({ count: 1, items: [{ chatId, kind: 'invite' }] });
    t.ok({ type: 'agent.resume', agentId: 'dave' });
    expect(t.engine.getChat(chatId)?.offers.map((o) => o.agentId)).toEqual(['dave']);
    expect(t.engine.waitingActivities('bob')).toEqual([]);
    expect(bob().waiting).toEqual({ count: 0, items: [] });
    watchers.check(50);
  });

  it('after the chat of a waiting queue invitation closes, members no longer list it', () => {
    const t = setup(config);
    t.login('alice', 'bob');
    t.ok({ type: 'agent.pause', agentId: 'bob', reason: 'lunch', paid: true });
    const chatId = t.start('sales');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    const bob = lastOf(t, 'bob');
    const watchers = watchDesks(t.engine, ['alice', 'bob']);
    t.ok({ type: 'chat.invite', agentId: 'alice', chatId, target: { queueId: 'other' } });
    expect(bob().waiting.count).toBe(1);
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId, status: 'done' });
    t.ok({ type: 'chat.close', agentId: 'alice', chatId });
    expect(bob().waiting).toEqual({ count: 0, items: [] });
    watchers.check(50);
  });

  it("refreshes hasHistory of a contact's second, simultaneous chat when the first closes", () => {
    const t = setup({ ...config, agents: config.agents.map((a) => ({ ...a, queues: ['sales'] })) });
    t.login('alice', 'bob');
    const first = t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'eve' } }).chatId;
    const second = t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'eve' } }).chatId;
    const owner = (chatId: string) => t.engine.getChat(chatId)?.offer?.agentId as string;
    const firstOwner = owner(first);
    const secondOwner = owner(second);
    t.ok({ type: 'offer.accept', agentId: firstOwner, chatId: first });
    t.ok({ type: 'offer.accept', agentId: secondOwner, chatId: second });
    const desk = lastOf(t, secondOwner);
    const watchers = watchDesks(t.engine, ['alice', 'bob']);
    expect(desk().chats.find((c) => c.chatId === second)?.hasHistory).toBe(false);
    t.ok({ type: 'chat.setStatus', agentId: firstOwner, chatId: first, status: 'done' });
    t.ok({ type: 'chat.close', agentId: firstOwner, chatId: first });
    expect(desk().chats.find((c) => c.chatId === second)?.hasHistory).toBe(true);
    watchers.check(50);
  });
});
