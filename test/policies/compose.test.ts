import { describe, expect, it } from 'vitest';
import { admitChat, EVALUATION_ORDER, nextOpening, type QueuePolicies } from 'chatroute';

const view = (policies: Record<string, QueuePolicies>, waiting: Record<string, number> = {}, staffed: string[] = []) => ({
  policiesOf: (id: string) => policies[id],
  waiting: (id: string) => waiting[id] ?? 0,
  anyoneLoggedIn: (id: string) => staffed.includes(id),
});

describe('routing policies: composition (src/policies/compose.ts)', () => {
  it('fixes one evaluation order: start-time policies, then eligibility, then choice', () => {
    expect(EVALUATION_ORDER).toEqual(['business-hours', 'nobody-logged-in', 'max-queue-length', 'declines', 'skills', 'affinity', 'widening', 'penalty-tier', 'proficiency', 'strategy']);
  });

  it('follows overflow targets at start, each queue at most once, refusing when a cycle closes', () => {
    const full = { a: { overflow: { maxQueueLength: 1, to: 'b' } }, b: { overflow: { maxQueueLength: 1, to: 'a' } } };
    expect(admitChat(view(full, { a: 1 }), 'a', 0)).toEqual({ ok: true, queueId: 'b', overflowedFrom: [{ queueId: 'a', reason: 'queue-full' }] });
    expect(admitChat(view(full, { a: 1, b: 1 }), 'a', 0)).toEqual({ ok: false, code: 'queue-full', queueId: 'b' });
  });

  it('checks business hours before staffing and length', () => {
    const closed: QueuePolicies = { businessHours: { timeZone: 'UTC', weekly: {} }, overflow: { maxQueueLength: 0, whenNobodyLoggedIn: true, to: 'b' } };
    expect(admitChat(view({ a: closed }), 'a', 0)).toEqual({ ok: false, code: 'queue-closed', queueId: 'a' });
  });

  it('a queue that never opens has no next opening', () => {
    expect(nextOpening({ timeZone: 'UTC', weekly: {} }, 0)).toBeUndefined();
    expect(nextOpening({ timeZone: 'UTC', weekly: { fri: [{ from: '08:30', to: '09:00' }] } }, 0)).toBe(Date.UTC(1970, 0, 2, 8, 30));
  });
});
