import { describe, expect, it } from 'vitest';
import { setup } from '../helpers';

describe('policy: widening over time (issue 9)', () => {
  it('opens penalty tiers one after another as the chat waits', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], policies: { widening: [{ afterMs: 20_000, maxPenalty: 1 }, { afterMs: 40_000, maxPenalty: 2 }] } }],
      agents: [
        { id: 'p1', name: 'P1', capacity: 1, queues: [{ queueId: 'sales', penalty: 1 }] },
        { id: 'p2', name: 'P2', capacity: 1, queues: [{ queueId: 'sales', penalty: 2 }] },
      ],
    });
    t.login('p2');
    const chatId = t.start();
    t.clock.advanceBy(20_000);
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    t.login('p1');
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('p1');
    t.ok({ type: 'offer.reject', agentId: 'p1', chatId });
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    t.clock.advanceBy(19_999);
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
    t.clock.advanceBy(1);
    expect(t.engine.getChat(chatId)?.offer?.agentId).toBe('p2');
  });

  it('keeps strict tiers without widening: a higher penalty gets the chat when no lower one is free', () => {
    const t = setup({ agents: [{ id: 'p2', name: 'P2', capacity: 1, queues: [{ queueId: 'sales', penalty: 2 }] }] });
    t.login('p2');
    expect(t.engine.getChat(t.start())?.offer?.agentId).toBe('p2');
  });
});
