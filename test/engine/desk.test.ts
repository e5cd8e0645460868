import { describe, expect, it } from 'vitest';
import type { Desk } from 'chatroute';
import { setup } from '../helpers';

const config = {
  queues: [
    { id: 'sales', name: 'Sales', closeStatuses: ['sold', 'lost'], templates: [{ id: 't1', title: 'Hello', text: 'Hi {{customer.name}}' }], externalUrl: 'https://crm/{{customer.name}}', reminders: { mode: 'after-first-message' as const, delayMs: 60_000 } },
    { id: 'other', name: 'Other', closeStatuses: ['done'] },
  ],
  agents: [
    { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
    { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
    { id: 'olga', name: 'Olga', capacity: 1, queues: ['other'] },
  ],
};

function watch(t: ReturnType<typeof setup>, agentId: string) {
  const desks: Desk[] = [];
  const subscription = t.engine.desk$(agentId).subscribe((d) => desks.push(d));
  return { desks, last: () => desks[desks.length - 1] as Desk, subscription };
}

describe('desk$', () => {
  it("shows everything of the agent's screen: status, offers with notification fields, waiting badge, open chats", () => {
    const t = setup(config);
    t.login('alice', 'bob');
    const alice = watch(t, 'alice');
    expect(alice.last()).toMatchObject({ agent: { id: 'alice', name: 'Alice', state: 'ready', capacity: 2, slotsUsed: 0 }, offers: [], waiting: { count: 0 }, chats: [] });
    t.clock.advanceBy(1_000);
    const chatId = t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', crmUrl: 'https://crm/eve' } }).chatId;
    expect(alice.last().offers).toEqual([
      { offerId: 'offer-1', chatId, kind: 'route', customer: { name: 'Eve', crmUrl: 'https://crm/eve' }, queue: { id: 'sales', name: 'Sales' }, enqueuedAt: 1_000, offeredAt: 1_000, expiresAt: 21_000, externalUrl: 'https://crm/Eve' },
    ]);
    const second = t.start('sales', 'Sam');
    expect(t.engine.getChat(second)?.offer?.agentId).toBe('bob');
    expect(alice.last().waiting).toMatchObject({ count: 1, items: [{ chatId: second, state: 'offered' }] });
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'hi' });
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'there?' });
    t.ok({ type: 'chat.markImportant', agentId: 'alice', chatId, important: true });
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId, status: 'sold' });
    expect(alice.last().chats).toEqual([
      expect.objectContaining({
        chatId,
        state: 'active',
        customer: { name: 'Eve', crmUrl: 'https://crm/eve' },
        queue: { id: 'sales', name: 'Sales' },
        participants: [{ agentId: 'alice', name: 'Alice', joinedAt: 1_000 }],
        owner: 'alice',
        important: true,
        status: 'sold',
        closeStatuses: ['sold', 'lost'],
        unread: 2,
        hasHistory: false,
        templates: [{ id: 't1', title: 'Hello' }],
        externalUrl: 'https://crm/Eve',
        customerLeft: false,
      }),
    ]);
    t.clock.advanceBy(60_000);
    expect(alice.last().chats[0]?.reminder).toEqual({ waitingSince: 1_000, at: 61_000 });
    t.ok({ type: 'chat.read', agentId: 'alice', chatId });
    expect(alice.last().chats[0]?.unread).toBe(0);
    t.ok({ type: 'message.send', chatId, from: { kind: 'agent', agentId: 'alice' }, text: 'yes!' });
    expect(alice.last().chats[0]).toMatchObject({ unread: 0, lastMessage: { text: 'yes!' } });
    expect(alice.last().chats[0]?.reminder).toBeUndefined();
    expect(alice.last().directory).toEqual({ version: 0, queues: [{ id: 'sales', name: 'Sales' }, { id: 'other', name: 'Other' }] });
  });

  it("counts only the customer's lines as unread: a colleague's line, a note or a system line asks no answer (issue 21)", () => {
    const t = setup(config);
    t.login('alice', 'bob');
    const chatId = t.start('sales', 'Eve');
    const first = t.engine.getChat(chatId)?.offer?.agentId as string;
    const second = first === 'alice' ? 'bob' : 'alice';
    t.ok({ type: 'offer.accept', agentId: first, chatId });
    t.ok({ type: 'chat.invite', agentId: first, chatId, target: { agentId: second } });
    t.ok({ type: 'offer.accept', agentId: second, chatId });
    const desk = watch(t, first);
    t.ok({ type: 'message.send', chatId, from: { kind: 'agent', agentId: second }, text: 'I am the expert' });
    t.ok({ type: 'chat.note', agentId: second, chatId, text: 'VIP, be nice' });
    expect(t.engine.messages(chatId, { audience: 'agents' }).some((m) => m.from.kind === 'system')).toBe(true);
    expect(desk.last().chats[0]?.unread).toBe(0);
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'thanks' });
    expect(desk.last().chats[0]).toMatchObject({ unread: 1, lastMessage: { text: 'thanks' } });
    expect(t.engine.getDesk(second)?.chats[0]?.unread).toBe(1);
  });

  it('emits only when the desk changes: unrelated events cost nothing', () => {
    const t = setup(config);
    t.login('alice', 'olga');
    const alice = watch(t, 'alice');
    const olga = watch(t, 'olga');
    const before = alice.desks.length;
    const other = t.start('other');
    t.ok({ type: 'offer.accept', agentId: 'olga', chatId: other });
    t.ok({ type: 'message.send', chatId: other, from: { kind: 'customer' }, text: 'hello' });
    t.clock.advanceBy(10_000);
    expect(alice.desks.length).toBe(before);
    expect(olga.desks.length).toBeGreaterThan(1);
    // Every emission differs from the previous one.
    for (let i = 1; i < olga.desks.length; i++) expect(JSON.stringify(olga.desks[i])).not.toBe(JSON.stringify(olga.desks[i - 1]));
  });

  it('shows the unpaid pause after a missed offer, and completes when the engine stops', () => {
    const t = setup(config);
    t.login('bob');
    const bob = watch(t, 'bob');
    t.start('sales');
    t.clock.advanceBy(20_000);
    expect(bob.last().agent).toMatchObject({ state: 'paused', pause: { reason: 'missed-offer', paid: false } });
    expect(bob.last().waiting.count).toBe(1);
    let completed = false;
    t.engine.desk$('bob').subscribe({ complete: () => (completed = true) });
    t.engine.stop();
    expect(completed).toBe(true);
  });

  it('throws for an unknown agent (misuse)', () => {
    const t = setup(config);
    expect(() => t.engine.desk$('nobody')).toThrow(/no agent/);
  });
});
