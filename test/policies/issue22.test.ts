import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, type EngineEvent, type QueueConfig } from 'chatroute';

// Issue 22: two policy defects found by held-out tests written from the README alone.

describe('issue 22: an overflow chain that comes back to a closed queue', () => {
  // Monday 2026-11-30 08:58 in Berlin (07:58 UTC): q2 opens at 09:00.
  const MONDAY_0858_BERLIN = Date.UTC(2026, 10, 30, 7, 58);
  const q2: QueueConfig = {
    id: 'q2',
    name: 'Day',
    closeStatuses: ['done'],
    policies: { businessHours: { timeZone: 'Europe/Berlin', weekly: { mon: [{ from: '09:00', to: '17:00' }] }, whenClosed: 'overflow' }, overflow: { to: 'q0' } },
  };
  const q0: QueueConfig = { id: 'q0', name: 'Backup', closeStatuses: ['done'], policies: { overflow: { whenNobodyLoggedIn: true, to: 'q2' } } };

  function center() {
    const clock = createManualClock(MONDAY_0858_BERLIN);
    const engine = createEngine({ clock, queues: [q2, q0], agents: [{ id: 'a1', name: 'A1', capacity: 1, queues: ['q2'] }], audit: true });
    const events: EngineEvent[] = [];
    engine.events$.subscribe((e) => events.push(e));
    engine.dispatch({ type: 'agent.login', agentId: 'a1' });
    return { clock, engine, events };
  }

  it('refuses chat.start with queue-closed and when q2 opens, never places the chat in the closed queue', () => {
    const { engine } = center();
    const r = engine.dispatch({ type: 'chat.start', queueId: 'q2', customer: { name: 'Eve' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('queue-closed');
    expect(r.error.opensAt).toBe(Date.UTC(2026, 10, 30, 8, 0));
    expect(engine.chats()).toEqual([]);
  });

  it('never moves a waiting chat into a queue that is closed now (nobody left in its own queue)', () => {
    const clock = createManualClock(MONDAY_0858_BERLIN);
    const engine = createEngine({
      clock,
      queues: [q2, q0],
      agents: [{ id: 'a1', name: 'A1', capacity: 1, queues: ['q2'] }, { id: 'b', name: 'B', capacity: 1, queues: ['q0'] }],
      audit: true,
    });
    engine.dispatch({ type: 'agent.login', agentId: 'a1' });
    engine.dispatch({ type: 'agent.login', agentId: 'b' });
    const r = engine.dispatch({ type: 'chat.start', queueId: 'q0', customer: { name: 'Eve' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // b goes: nobody is logged into q0 any more, a1 is in q2 — but q2 is closed, so the chat waits in q0.
    engine.dispatch({ type: 'agent.logout', agentId: 'b' });
    expect(engine.getChat(r.chatId)).toMatchObject({ state: 'queued', queueId: 'q0' });
    clock.advanceTo(Date.UTC(2026, 10, 30, 8, 0));
    // q2 is open now: the next settle of an agent sends the chat on to it, where a1 is.
    engine.dispatch({ type: 'agent.pause', agentId: 'a1', reason: 'coffee', paid: true });
    engine.dispatch({ type: 'agent.resume', agentId: 'a1' });
    expect(engine.getChat(r.chatId)).toMatchObject({ queueId: 'q2', state: 'offered' });
  });

  it('also refuses a chain started in the empty queue that runs into the closed one and back', () => {
    const { engine } = center();
    const r = engine.dispatch({ type: 'chat.start', queueId: 'q0', customer: { name: 'Eve' } });
    expect(!r.ok && r.error).toMatchObject({ code: 'queue-closed', opensAt: Date.UTC(2026, 10, 30, 8, 0) });
  });
});

describe('issue 22: routing sees every policy step due at the instant it runs', () => {
  it('offers a chat whose widening step comes due at the same millisecond as another queue’s offer expiry, in that input', () => {
    const clock = createManualClock(0);
    const engine = createEngine({
      clock,
      queues: [
        { id: 'q0', name: 'Q0', closeStatuses: ['done'], offerTimeoutMs: 40_000 },
        { id: 'q1', name: 'Q1', closeStatuses: ['done'], policies: { widening: [{ afterMs: 40_000, maxPenalty: 3 }] } },
      ],
      agents: [
        { id: 'z', name: 'Z', capacity: 1, queues: ['q0'] },
        { id: 'a3', name: 'A3', capacity: 1, queues: [{ queueId: 'q1', penalty: 2 }] },
      ],
      audit: true,
    });
    const events: EngineEvent[] = [];
    engine.events$.subscribe((e) => events.push(e));
    engine.dispatch({ type: 'agent.login', agentId: 'z' });
    engine.dispatch({ type: 'agent.login', agentId: 'a3' });
    const first = engine.dispatch({ type: 'chat.start', queueId: 'q0', customer: { name: 'First' } });
    const second = engine.dispatch({ type: 'chat.start', queueId: 'q1', customer: { name: 'Second' } });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(engine.getChat(first.chatId)?.offer?.agentId).toBe('z');
    expect(engine.getChat(second.chatId)?.state).toBe('queued');
    clock.advanceTo(40_000);
    expect(events.filter((e) => e.type === 'invariant.violated')).toEqual([]);
    const expiry = events.findIndex((e) => e.type === 'offer.expired');
    const offered = events.findIndex((e) => e.type === 'offer.created' && e.chatId === second.chatId);
    expect(expiry).toBeGreaterThan(-1);
    expect(offered).toBeGreaterThan(expiry);
    expect(engine.getChat(second.chatId)?.offer?.agentId).toBe('a3');
  });
});
