import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { chatMachine, createManualClock } from 'chatroute';
import type { ChatFact } from '../../src/machines/chat/types';

function chat(offerTimeoutMs = 10_000) {
  const clock = createManualClock(0);
  const facts: ChatFact[] = [];
  const actor = createActor(chatMachine, {
    clock,
    input: { queueId: 'q' },
  });
  actor.on('*', (f) => facts.push(f));
  actor.start();
  const offer = (...agentIds: string[]) =>
    actor.send({ type: 'OFFER', offers: agentIds.map((agentId, i) => ({ id: `o${i}`, agentId, kind: 'route' as const, offeredAt: clock.now(), expiresAt: clock.now() + offerTimeoutMs, policyQueueId: 'q' })) });
  return { actor, clock, facts, offer, value: () => actor.getSnapshot().value };
}

describe('chatMachine', () => {
  it('starts queued and says so', () => {
    const c = chat();
    expect(c.value()).toBe('queued');
    expect(c.facts).toEqual([{ type: 'queued', reason: 'started' }]);
  });

  it('EXPIRE (sent by the engine at the deadline) ends every pending offer and goes back to queued', () => {
    const c = chat(10_000);
    c.offer('a', 'b');
    c.actor.send({ type: 'EXPIRE', at: 10_000 });
    expect(c.value()).toBe('queued');
    expect(c.facts.slice(-3).map((f) => (f.type === 'offerEnded' ? `${f.offer.agentId}:${f.outcome}` : f.type))).toEqual(['a:expired', 'b:expired', 'queued']);
    // A late EXPIRE with nothing pending changes nothing.
    c.actor.send({ type: 'EXPIRE', at: 10_001 });
    expect(c.facts.at(-1)?.type).toBe('queued');
  });

  it('ignores answers from agents without an offer', () => {
    const c = chat();
    c.offer('a');
    c.actor.send({ type: 'ACCEPT', agentId: 'b', at: 1 });
    c.actor.send({ type: 'REJECT', agentId: 'b', at: 1 });
    c.actor.send({ type: 'WITHDRAW', agentId: 'b', reason: 'agent-paused', at: 1 });
    expect(c.value()).toBe('offered');
    expect(c.actor.getSnapshot().context.offers).toHaveLength(1);
  });

  it('keeps no timers of its own: deadlines are the engine\'s', () => {
    const c = chat(10_000);
    c.offer('a');
    expect(c.clock.pendingCount()).toBe(0);
    c.clock.advanceBy(20_000);
    expect(c.value()).toBe('offered');
  });

  it('will not close without a status, nor for a non-participant', () => {
    const c = chat();
    c.actor.send({ type: 'PICK', agentId: 'a', at: 1 });
    c.actor.send({ type: 'CLOSE', agentId: 'a', at: 2 });
    expect(c.actor.getSnapshot().matches('active')).toBe(true);
    c.actor.send({ type: 'SET_STATUS', agentId: 'b', status: 'done', at: 3 });
    expect(c.actor.getSnapshot().context.status).toBeNull();
    c.actor.send({ type: 'SET_STATUS', agentId: 'a', status: 'done', at: 3 });
    c.actor.send({ type: 'CLOSE', agentId: 'b', at: 4 });
    expect(c.actor.getSnapshot().matches('active')).toBe(true);
    c.actor.send({ type: 'CLOSE', agentId: 'a', at: 5 });
    expect(c.value()).toBe('closed');
    expect(c.actor.getSnapshot().context).toMatchObject({ endedAt: 5, closedBy: 'a', status: 'done' });
  });

  it('customer leaving: queued or offered → abandoned; active → closing', () => {
    const queued = chat();
    queued.actor.send({ type: 'CUSTOMER_LEAVE', at: 3 });
    expect(queued.value()).toBe('abandoned');
    const offered = chat();
    offered.offer('a');
    offered.actor.send({ type: 'CUSTOMER_LEAVE', at: 3 });
    expect(offered.value()).toBe('abandoned');
    expect(offered.facts.some((f) => f.type === 'offerEnded' && f.outcome === 'withdrawn' && f.reason === 'customer-left')).toBe(true);
    const active = chat();
    active.actor.send({ type: 'PICK', agentId: 'a', at: 1 });
    active.actor.send({ type: 'CUSTOMER_LEAVE', at: 3 });
    expect(active.value()).toBe('closing');
  });
});
