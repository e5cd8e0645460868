import { describe, expect, it } from 'vitest';
import type { Desk } from 'chatroute';
import { expectRefusal, setup } from '../helpers';

function closeOne(t: ReturnType<typeof setup>, agentId: string) {
  const chatId = t.start();
  t.ok({ type: 'offer.accept', agentId, chatId });
  t.ok({ type: 'chat.setStatus', agentId, chatId, status: 'done' });
  t.ok({ type: 'chat.close', agentId, chatId });
  return chatId;
}

describe('policy: after-chat work (wrap-up) (issue 9)', () => {
  it('holds the slot for its time, counted as wrapUp in time in state', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { wrapUp: { ms: 10_000 } } }] });
    t.login('alice');
    const closed = closeOne(t, 'alice');
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'busy', slotsUsed: 1, wrapUps: [{ chatId: closed, until: 10_000, whole: false }] });
    let desk: Desk | undefined;
    t.engine.desk$('alice').subscribe((d) => (desk = d)).unsubscribe();
    expect(desk?.agent.wrapUps).toEqual([{ chatId: closed, until: 10_000, whole: false }]);
    const next = t.start();
    t.clock.advanceBy(9_999);
    expect(t.engine.getChat(next)?.state).toBe('queued');
    t.clock.advanceBy(1);
    expect(t.engine.getChat(next)?.offer?.agentId).toBe('alice');
    expect(t.engine.getAgent('alice')?.timeInState.wrapUp).toBe(10_000);
  });

  it('ends early with agent.wrapUpDone, and refuses it when there is none', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { wrapUp: { ms: 60_000 } } }] });
    t.login('alice');
    closeOne(t, 'alice');
    t.clock.advanceBy(3_000);
    t.ok({ type: 'agent.wrapUpDone', agentId: 'alice' });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'ready', slotsUsed: 0, wrapUps: [] });
    expect(t.engine.getAgent('alice')?.timeInState.wrapUp).toBe(3_000);
    expectRefusal(t.engine.dispatch({ type: 'agent.wrapUpDone', agentId: 'alice' }), 'invalid-state');
  });

  it('holds the whole agent with hold: agent, even with free slots', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { wrapUp: { ms: 5_000, hold: 'agent' } } }],
      agents: [{ id: 'alice', name: 'Alice', capacity: 3, queues: ['sales'] }],
    });
    t.login('alice');
    closeOne(t, 'alice');
    const next = t.start();
    expect(t.engine.getChat(next)?.state).toBe('queued');
    t.clock.advanceBy(5_000);
    expect(t.engine.getChat(next)?.offer?.agentId).toBe('alice');
  });

  it('lets an agent log out during a wrap-up (it ends with the session)', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { wrapUp: { ms: 60_000 } } }] });
    t.login('alice');
    closeOne(t, 'alice');
    t.ok({ type: 'agent.logout', agentId: 'alice' });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'offline', slotsUsed: 0, wrapUps: [] });
  });
});

describe('policy: wrap-up, an agent who leaves a chat twice', () => {
  it('holds one slot, from the last leaving', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { wrapUp: { ms: 10_000 } } }],
      agents: [
        { id: 'alice', name: 'Alice', capacity: 3, queues: ['sales'] },
        { id: 'bob', name: 'Bob', capacity: 3, queues: [] },
      ],
    });
    t.login('alice', 'bob');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'chat.invite', agentId: 'alice', chatId, target: { agentId: 'bob' } });
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId });
    t.ok({ type: 'chat.close', agentId: 'bob', chatId });
    t.clock.advanceBy(4_000);
    t.ok({ type: 'chat.invite', agentId: 'alice', chatId, target: { agentId: 'bob' } });
    t.ok({ type: 'offer.accept', agentId: 'bob', chatId });
    t.ok({ type: 'chat.close', agentId: 'bob', chatId });
    expect(t.engine.getAgent('bob')).toMatchObject({ slotsUsed: 1, wrapUps: [{ chatId, until: 14_000 }] });
    t.clock.advanceBy(6_000);
    expect(t.engine.getAgent('bob')?.slotsUsed).toBe(1);
    t.clock.advanceBy(4_000);
    expect(t.engine.getAgent('bob')).toMatchObject({ slotsUsed: 0, wrapUps: [] });
  });
});
