import { describe, expect, it } from 'vitest';
import { setup } from '../helpers';

describe('policy: priority aging (issue 9)', () => {
  it('serves a long-waiting low-priority chat before newer higher-priority ones once it has aged past them', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { aging: { perMinute: 1 } } }] });
    const old = t.start('sales', 'Old', { priority: 0 });
    t.clock.advanceBy(120_000);
    const fresh = t.start('sales', 'Fresh', { priority: 1 });
    t.login('alice');
    expect(t.engine.getChat(old)?.state).toBe('offered');
    expect(t.engine.getChat(fresh)?.state).toBe('queued');
  });

  it('without aging, priority wins over waiting time (today)', () => {
    const t = setup();
    const old = t.start('sales', 'Old', { priority: 0 });
    t.clock.advanceBy(120_000);
    const fresh = t.start('sales', 'Fresh', { priority: 1 });
    t.login('alice');
    expect(t.engine.getChat(fresh)?.state).toBe('offered');
    expect(t.engine.getChat(old)?.state).toBe('queued');
  });

  it('ages from the new base priority after chat.setPriority (a supervisor lowers it)', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { aging: { perMinute: 1 } } }],
      agents: [
        { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
        { id: 'sue', name: 'Sue', capacity: 1, queues: [], supervises: ['sales'] },
      ],
    });
    const old = t.start('sales', 'Old', { priority: 5 });
    t.clock.advanceBy(60_000);
    const fresh = t.start('sales', 'Fresh', { priority: 3 });
    // Old would be 6 now; at base 1 it is 2, below Fresh's 3.
    t.ok({ type: 'chat.setPriority', supervisorId: 'sue', chatId: old, priority: 1 });
    t.login('alice');
    expect(t.engine.getChat(fresh)?.state).toBe('offered');
    expect(t.engine.getChat(old)?.state).toBe('queued');
  });

  it('compares effective priorities across queues for an agent of both', () => {
    const t = setup({
      queues: [
        { id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { aging: { perMinute: 2 } } },
        { id: 'vip', name: 'VIP', closeStatuses: ['done'] },
      ],
      agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales', 'vip'] }],
    });
    const aged = t.start('sales', 'Aged', { priority: 0 });
    t.clock.advanceBy(60_000);
    const vip = t.start('vip', 'Vip', { priority: 1 });
    t.login('alice');
    expect(t.engine.getChat(aged)?.state).toBe('offered');
    expect(t.engine.getChat(vip)?.state).toBe('queued');
  });
});
