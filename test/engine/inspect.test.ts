import { describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { createEngine, createManualClock } from 'chatroute';

describe('inspect', () => {
  it('passes the inspection observer to every agent and chat actor', () => {
    const seen: InspectionEvent[] = [];
    const engine = createEngine({
      clock: createManualClock(0),
      inspect: (event) => seen.push(event),
      queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }],
      agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['q'] }],
    });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'Eve' } });
    const machines = new Set(
      seen.filter((e) => e.type === '@xstate.actor').map((e) => (e.actorRef as unknown as { logic: { id: string } }).logic.id),
    );
    expect(machines).toEqual(new Set(['agent', 'chat']));
    const events = seen.filter((e) => e.type === '@xstate.event').map((e) => (e as { event: { type: string } }).event.type);
    expect(events).toContain('LOGIN');
    expect(events).toContain('OFFER');
  });
});
