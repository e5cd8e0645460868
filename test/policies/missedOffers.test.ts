import { describe, expect, it } from 'vitest';
import { setup } from '../helpers';

describe('policy: missed offers (issue 9)', () => {
  it('pauses only after N consecutive missed offers; an answer restarts the count', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], offerTimeoutMs: 1_000, rejectCooldownMs: 0, policies: { missedOfferPauseAfter: 2 } }] });
    t.login('alice');
    const chatId = t.start();
    t.clock.advanceBy(1_000);
    expect(t.engine.getAgent('alice')?.state).toBe('busy');
    t.ok({ type: 'offer.reject', agentId: 'alice', chatId });
    t.clock.advanceBy(1_000);
    expect(t.engine.getAgent('alice')?.state).not.toBe('paused');
    t.clock.advanceBy(1_000);
    expect(t.engine.getAgent('alice')).toMatchObject({ state: 'paused', pause: { reason: 'missed-offer', paid: false } });
  });

  it('pauses at the first miss by default (today)', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], offerTimeoutMs: 1_000 }] });
    t.login('alice');
    t.start();
    t.clock.advanceBy(1_000);
    expect(t.engine.getAgent('alice')?.state).toBe('paused');
  });
});
