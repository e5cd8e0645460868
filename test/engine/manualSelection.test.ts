// Issue 21: a queue in manual selection (`assignment: 'manual'`): no automatic offers, agents pick from waiting activities.
import { describe, expect, it } from 'vitest';
import type { Desk, QueueConfig } from 'chatroute';
import { expectRefusal, setup } from '../helpers';

const manual: QueueConfig = { id: 'vip', name: 'VIP', closeStatuses: ['done'], assignment: 'manual' };
const auto: QueueConfig = { id: 'sales', name: 'Sales', closeStatuses: ['done'] };
const config = {
  queues: [manual, auto],
  agents: [
    { id: 'alice', name: 'Alice', capacity: 2, queues: ['vip', 'sales'] },
    { id: 'bob', name: 'Bob', capacity: 1, queues: ['vip'] },
  ],
  audit: true,
};

describe('manual selection (assignment: manual)', () => {
  it('offers nothing automatically; the chat waits in every member\'s waiting activities, in stats and on the desk', () => {
    const t = setup(config);
    t.login('alice', 'bob');
    const desks: Desk[] = [];
    t.engine.desk$('bob').subscribe((d) => desks.push(d));
    t.clock.advanceBy(1_000);
    const vip = t.start('vip', 'Vera');
    t.clock.advanceBy(60_000);
    expect(t.events.filter((e) => e.type === 'offer.created')).toEqual([]);
    expect(t.engine.getChat(vip)).toMatchObject({ state: 'queued', waitingFor: { queueId: 'vip' } });
    for (const agentId of ['alice', 'bob']) expect(t.engine.waitingActivities(agentId).map((w) => [w.chatId, w.state])).toEqual([[vip, 'queued']]);
    expect(t.engine.stats().find((s) => s.queueId === 'vip')).toMatchObject({ waiting: 1, longestWaitMs: 60_000, offered: 1 });
    expect(desks[desks.length - 1]?.waiting).toMatchObject({ count: 1, items: [{ chatId: vip, state: 'queued' }] });
    // The automatic queue next to it routes as ever.
    const sale = t.start('sales', 'Sam');
    expect(t.engine.getChat(sale)?.offer?.agentId).toBe('alice');
    t.ok({ type: 'chat.pick', agentId: 'bob', chatId: vip });
    expect(t.engine.getChat(vip)).toMatchObject({ state: 'active', owner: 'bob' });
    expect(t.engine.stats().find((s) => s.queueId === 'vip')).toMatchObject({ waiting: 0, answered: 1 });
    expect(t.events.filter((e) => e.type === 'invariant.violated')).toEqual([]);
  });

  it('a pick keeps the usual rules: members only, within capacity', () => {
    const t = setup({ ...config, agents: [...config.agents, { id: 'olga', name: 'Olga', capacity: 1, queues: ['sales'] }] });
    t.login('alice', 'bob', 'olga');
    const first = t.start('vip', 'Vera');
    const second = t.start('vip', 'Vic');
    expectRefusal(t.engine.dispatch({ type: 'chat.pick', agentId: 'olga', chatId: first }), 'forbidden');
    t.ok({ type: 'chat.pick', agentId: 'bob', chatId: first });
    expectRefusal(t.engine.dispatch({ type: 'chat.pick', agentId: 'bob', chatId: second }), 'capacity-exceeded');
    // A free agent of the queue is never offered its chats, however long they wait.
    t.clock.advanceBy(600_000);
    expect(t.engine.getChat(second)?.state).toBe('queued');
    expect(t.offersTo('alice')).toEqual([]);
  });

  it('transfers and invitations to a manual queue wait to be picked too', () => {
    const t = setup(config);
    t.login('alice', 'bob');
    const sale = t.start('sales', 'Sam');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: sale });
    t.ok({ type: 'chat.invite', agentId: 'alice', chatId: sale, target: { queueId: 'vip' } });
    expect(t.offersTo('bob')).toEqual([]);
    expect(t.engine.waitingActivities('bob').map((w) => [w.chatId, w.kind])).toEqual([[sale, 'invite']]);
    t.ok({ type: 'chat.pick', agentId: 'bob', chatId: sale });
    expect(t.engine.getChat(sale)?.participants.map((p) => p.agentId).sort()).toEqual(['alice', 'bob']);
  });

  it('switching at runtime: to automatic offers what waits at once; back to manual, new chats wait and a pending offer stands', () => {
    const t = setup(config);
    t.login('alice', 'bob');
    const first = t.start('vip', 'Vera');
    const second = t.start('vip', 'Vic');
    t.ok({ type: 'queue.upsert', queue: { ...manual, assignment: 'auto' } });
    expect(t.engine.getChat(first)?.offer?.agentId).toBe('alice');
    expect(t.engine.getChat(second)?.offer?.agentId).toBe('bob');
    t.ok({ type: 'queue.upsert', queue: manual });
    // Offers already made are left to be answered; what comes back (a reject) waits for a pick.
    expect(t.engine.getChat(first)?.state).toBe('offered');
    t.ok({ type: 'offer.reject', agentId: 'alice', chatId: first });
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId: second });
    const third = t.start('vip', 'Val');
    t.clock.advanceBy(120_000);
    expect(t.engine.getChat(first)?.state).toBe('queued');
    expect(t.engine.getChat(third)?.state).toBe('queued');
    expect(t.engine.waitingActivities('alice').map((w) => w.chatId)).toEqual([first, third]);
    t.ok({ type: 'chat.pick', agentId: 'alice', chatId: third });
    expect(t.engine.getChat(third)?.owner).toBe('alice');
    expect(t.events.filter((e) => e.type === 'invariant.violated')).toEqual([]);
  });

  it('refuses an unknown assignment mode with the allowed ones, through queue.upsert and createEngine alike', () => {
    const t = setup(config);
    const error = expectRefusal(t.engine.dispatch({ type: 'queue.upsert', queue: { ...manual, assignment: 'pull' as never } }), 'invalid-command');
    expect(error.message).toMatch(/auto.*manual/);
    expect(() => setup({ ...config, queues: [{ ...manual, assignment: 'pull' as never }, auto] })).toThrow(/assignment/);
  });
});
