import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, type QueueConfig } from 'chatroute';
import { expectRefusal } from '../helpers';

const MONDAY_10_BERLIN = Date.UTC(2026, 10, 30, 9, 0); // 2026-11-30 is a Monday; Berlin is UTC+1 in winter
const hours = {
  timeZone: 'Europe/Berlin',
  weekly: { mon: [{ from: '09:00', to: '17:00' }], tue: [{ from: '09:00', to: '17:00' }] },
  closedDates: ['2026-12-01'],
};

function engineAt(at: number, queue: Partial<QueueConfig>) {
  const clock = createManualClock(at);
  const engine = createEngine({
    clock,
    queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], ...queue }, { id: 'night', name: 'Night', closeStatuses: ['done'] }],
    agents: [],
  });
  return { engine, clock };
}

describe('policy: business hours (issue 9)', () => {
  it('accepts chats inside opening hours (local time of the queue’s zone)', () => {
    const { engine } = engineAt(MONDAY_10_BERLIN, { policies: { businessHours: hours } });
    expect(engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } }).ok).toBe(true);
  });

  it('refuses outside them with queue-closed carrying the next opening, skipping closed dates', () => {
    const { engine } = engineAt(Date.UTC(2026, 10, 30, 17, 30), { policies: { businessHours: hours } });
    const error = expectRefusal(engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } }), 'queue-closed');
    // Tuesday 2026-12-01 is closed: next is Monday 2026-12-07 09:00 Berlin = 08:00 UTC.
    expect(error.opensAt).toBe(Date.UTC(2026, 11, 7, 8, 0));
  });

  it('overflows instead when the queue says so', () => {
    const { engine } = engineAt(Date.UTC(2026, 10, 29, 12), { policies: { businessHours: { ...hours, whenClosed: 'overflow' }, overflow: { to: 'night' } } });
    const r = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    expect(r.ok && engine.getChat(r.chatId)?.queueId).toBe('night');
  });

  it('follows daylight saving: 09:00 Berlin is 07:00 UTC in summer', () => {
    const { engine } = engineAt(Date.UTC(2026, 5, 29, 6, 59), { policies: { businessHours: hours } }); // Monday 2026-06-29
    const error = expectRefusal(engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } }), 'queue-closed');
    expect(error.opensAt).toBe(Date.UTC(2026, 5, 29, 7, 0));
  });
});
