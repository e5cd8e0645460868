// Issue 21: chat.hold / chat.resume, with the queue policy `hold.freesSlot`.
import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, createMemoryStore, type QueueConfig } from 'chatroute';
import { expectRefusal, observe, setup } from '../helpers';

const queue = (freesSlot: boolean): QueueConfig => ({
  id: 'sales',
  name: 'Sales',
  closeStatuses: ['resolved'],
  hold: { freesSlot },
  inactivity: { warnAfterMs: 60_000, closeAfterMs: 30_000, status: 'resolved' },
});

function activeChat(freesSlot: boolean) {
  const t = setup({ queues: [queue(freesSlot)], audit: true });
  t.login('alice');
  const chatId = t.start();
  t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
  return { ...t, chatId };
}

describe('hold and resume', () => {
  it('keeps the slot by default, stops the inactivity clock, and announces both ends', () => {
    const t = activeChat(false);
    t.clock.advanceBy(10_000);
    t.ok({ type: 'chat.hold', agentId: 'alice', chatId: t.chatId, reason: 'asking billing' });
    expect(t.engine.getChat(t.chatId)?.hold).toEqual({ by: 'alice', since: 10_000, reason: 'asking billing', freesSlot: false });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'busy', slotsUsed: 1 });
    expect(t.engine.getAgent('alice')?.held).toBeUndefined();
    t.clock.advanceBy(600_000);
    expect(t.engine.getChat(t.chatId)?.state).toBe('active');
    expect(t.engine.messages(t.chatId).some((m) => m.notice?.type === 'inactivity-warning')).toBe(false);
    t.ok({ type: 'chat.resume', agentId: 'alice', chatId: t.chatId });
    expect(t.events.filter((e) => e.type === 'chat.held' || e.type === 'chat.resumed')).toEqual([
      expect.objectContaining({ type: 'chat.held', chatId: t.chatId, agentId: 'alice', reason: 'asking billing', freesSlot: false }),
      expect.objectContaining({ type: 'chat.resumed', chatId: t.chatId, agentId: 'alice', heldMs: 600_000, reason: 'resumed' }),
    ]);
    expect(t.engine.getChat(t.chatId)?.hold).toBeUndefined();
    // The silence counts afresh from the resume.
    t.clock.advanceBy(60_000);
    expect(t.engine.messages(t.chatId).some((m) => m.notice?.type === 'inactivity-warning')).toBe(true);
    expect(t.events.filter((e) => e.type === 'invariant.violated')).toEqual([]);
  });

  it('with freesSlot the holder is offered a new chat, and resuming while full is refused with capacity-exceeded', () => {
    const t = activeChat(true);
    t.ok({ type: 'chat.hold', agentId: 'alice', chatId: t.chatId });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'ready', chats: [t.chatId], held: [t.chatId], slotsUsed: 0 });
    const second = t.start('sales', 'Frank');
    expect(t.offersTo('alice').map((e) => e.chatId)).toEqual([t.chatId, second]);
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'busy', slotsUsed: 1 });
    const before = observe(t.engine, ['alice'], [t.chatId, second]);
    const error = expectRefusal(t.engine.dispatch({ type: 'chat.resume', agentId: 'alice', chatId: t.chatId }), 'capacity-exceeded');
    expect(error.message).toContain('1 of 1 slots');
    expect(observe(t.engine, ['alice'], [t.chatId, second])).toBe(before);
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: second });
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId: second, status: 'resolved' });
    t.ok({ type: 'chat.close', agentId: 'alice', chatId: second });
    t.ok({ type: 'chat.resume', agentId: 'alice', chatId: t.chatId });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'busy', chats: [t.chatId], slotsUsed: 1 });
    expect(t.engine.getAgent('alice')?.held).toBeUndefined();
    expect(t.events.filter((e) => e.type === 'invariant.violated')).toEqual([]);
  });

  it('closing a held chat frees it whole; a held chat cannot be transferred or held twice', () => {
    const t = activeChat(true);
    t.ok({ type: 'chat.hold', agentId: 'alice', chatId: t.chatId });
    expectRefusal(t.engine.dispatch({ type: 'chat.hold', agentId: 'alice', chatId: t.chatId }), 'invalid-state');
    const transfer = expectRefusal(t.engine.dispatch({ type: 'chat.transfer', agentId: 'alice', chatId: t.chatId, target: { queueId: 'sales' } }), 'invalid-state');
    expect(transfer.message).toContain('chat.resume');
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId: t.chatId, status: 'resolved' });
    t.ok({ type: 'chat.close', agentId: 'alice', chatId: t.chatId });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'ready', chats: [], slotsUsed: 0 });
    expect(t.engine.getAgent('alice')?.held).toBeUndefined();
    expect(t.engine.getChat(t.chatId)?.hold).toBeUndefined();
  });

  it('refuses outsiders, chats not on hold, and holding after the customer left; resume works after it', () => {
    const t = activeChat(true);
    expectRefusal(t.engine.dispatch({ type: 'chat.resume', agentId: 'alice', chatId: t.chatId }), 'invalid-state');
    expectRefusal(t.engine.dispatch({ type: 'chat.hold', agentId: 'nobody', chatId: t.chatId }), 'not-found');
    t.ok({ type: 'chat.hold', agentId: 'alice', chatId: t.chatId });
    t.ok({ type: 'customer.leave', chatId: t.chatId });
    t.ok({ type: 'chat.resume', agentId: 'alice', chatId: t.chatId });
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'busy', slotsUsed: 1 });
    const u = activeChat(false);
    u.ok({ type: 'customer.leave', chatId: u.chatId });
    expectRefusal(u.engine.dispatch({ type: 'chat.hold', agentId: 'alice', chatId: u.chatId }), 'invalid-state');
  });

  it('the hold ends with the holder when a supervisor moves the chat away', () => {
    const t = setup({
      queues: [queue(true)],
      agents: [
        { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
        { id: 'sue', name: 'Sue', capacity: 1, queues: [], supervises: ['sales'] },
      ],
      audit: true,
    });
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'chat.hold', agentId: 'alice', chatId });
    t.clock.advanceBy(5_000);
    t.ok({ type: 'supervisor.requeueChat', supervisorId: 'sue', chatId });
    expect(t.events.find((e) => e.type === 'chat.resumed')).toMatchObject({ agentId: 'alice', heldMs: 5_000, reason: 'holder-left' });
    expect(t.engine.getChat(chatId)?.hold).toBeUndefined();
    expect(t.events.filter((e) => e.type === 'invariant.violated')).toEqual([]);
  });

  it('a hold that freed its slot survives a restart', () => {
    const clock = createManualClock(0);
    const options = { clock, store: createMemoryStore(), snapshotEvery: 1, queues: [queue(true)], agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }] };
    const first = createEngine(options);
    first.dispatch({ type: 'agent.login', agentId: 'alice' });
    first.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, chatId: 'c1' });
    first.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: 'c1' });
    first.dispatch({ type: 'chat.hold', agentId: 'alice', chatId: 'c1' });
    const agent = first.getAgent('alice');
    first.stop();
    const second = createEngine(options);
    expect(second.getAgent('alice')).toEqual(agent);
    expect(second.getChat('c1')?.hold).toMatchObject({ by: 'alice', freesSlot: true });
    expect(second.dispatch({ type: 'chat.resume', agentId: 'alice', chatId: 'c1' })).toEqual({ ok: true });
    expect(second.getAgent('alice')).toMatchObject({ state: 'busy', slotsUsed: 1 });
    second.stop();
  });
});
