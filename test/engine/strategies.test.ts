import { describe, expect, it } from 'vitest';
import { createRandom, type AgentConfig, type StrategyName } from 'chatroute';
import { expectRefusal, setup } from '../helpers';

const agents = (n: number, capacity = 1): AgentConfig[] =>
  Array.from({ length: n }, (_, i) => ({ id: `a${i}`, name: `A${i}`, capacity, queues: ['q'] }));
const queue = (strategy: StrategyName) => [{ id: 'q', name: 'Q', strategy, closeStatuses: ['done'] }];

/** Takes and closes one chat, so the agent's idle/offer stamps move. */
function serve(t: ReturnType<typeof setup>, chatId: string) {
  const agentId = t.engine.getChat(chatId)?.offer?.agentId as string;
  t.ok({ type: 'offer.accept', agentId, chatId });
  t.ok({ type: 'chat.setStatus', agentId, chatId, status: 'done' });
  t.ok({ type: 'chat.close', agentId, chatId });
  return agentId;
}

describe('routing strategies in the engine', () => {
  it('longest-idle offers to whoever has been idle the longest', () => {
    const t = setup({ queues: queue('longest-idle'), agents: agents(3) });
    t.login('a2');
    t.clock.advanceBy(10);
    t.login('a0');
    t.clock.advanceBy(10);
    t.login('a1');
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      t.clock.advanceBy(10);
      order.push(serve(t, t.start('q')));
    }
    expect(order).toEqual(['a2', 'a0', 'a1', 'a2', 'a0', 'a1']);
  });

  it('least-busy spreads concurrent chats before anyone gets a second', () => {
    const t = setup({ queues: queue('least-busy'), agents: agents(3, 3) });
    t.login('a0', 'a1', 'a2');
    const owners: string[] = [];
    for (let i = 0; i < 6; i++) {
      const chatId = t.start('q');
      const agentId = t.engine.getChat(chatId)?.offer?.agentId as string;
      t.ok({ type: 'offer.accept', agentId, chatId });
      owners.push(agentId);
    }
    expect(owners.slice(0, 3).sort()).toEqual(['a0', 'a1', 'a2']);
    expect(owners.slice(3).sort()).toEqual(['a0', 'a1', 'a2']);
  });

  it('round-robin takes turns, remembering whom it skipped', () => {
    const t = setup({ queues: queue('round-robin'), agents: agents(3) });
    t.login('a0', 'a1', 'a2');
    const order: string[] = [];
    for (let i = 0; i < 6; i++) order.push(serve(t, t.start('q')));
    expect(order).toEqual(['a0', 'a1', 'a2', 'a0', 'a1', 'a2']);
  });

  it('ring-all offers to every eligible agent; the first accept wins, the others are withdrawn', () => {
    const t = setup({ queues: queue('ring-all'), agents: agents(3) });
    t.login('a0', 'a1', 'a2');
    const chatId = t.start('q');
    expect(t.engine.getChat(chatId)?.offers.map((o) => o.agentId)).toEqual(['a0', 'a1', 'a2']);
    const since = t.mark();
    t.ok({ type: 'offer.accept', agentId: 'a1', chatId });
    expect(since().map((e) => [e.type, 'agentId' in e ? e.agentId : ''])).toEqual([
      ['offer.accepted', 'a1'],
      ['offer.withdrawn', 'a0'],
      ['offer.withdrawn', 'a2'],
      ['chat.assigned', 'a1'],
      ['message.sent', ''],
      ['agent.statusChanged', 'a0'],
      ['agent.statusChanged', 'a2'],
    ]);
    expectRefusal(t.engine.dispatch({ type: 'offer.accept', agentId: 'a0', chatId }), 'invalid-state');
  });

  it('ring-all: a reject leaves the others ringing; the last reject requeues', () => {
    const t = setup({ queues: queue('ring-all'), agents: agents(2) });
    t.login('a0', 'a1');
    const chatId = t.start('q');
    t.ok({ type: 'offer.reject', agentId: 'a0', chatId });
    expect(t.engine.getChat(chatId)).toMatchObject({ state: 'offered', offers: [{ agentId: 'a1' }] });
    t.ok({ type: 'offer.reject', agentId: 'a1', chatId });
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
  });

  it('random is reproducible for a seed and spreads over agents', () => {
    const run = (seed: number) => {
      const t = setup({ queues: queue('random'), agents: agents(5), random: createRandom(seed) });
      t.login('a0', 'a1', 'a2', 'a3', 'a4');
      return Array.from({ length: 30 }, () => serve(t, t.start('q')));
    };
    expect(run(11)).toEqual(run(11));
    expect(new Set(run(11)).size).toBeGreaterThan(2);
  });

  it('penalties: a higher-penalty agent gets chats only when no lower-penalty agent is eligible', () => {
    const t = setup({
      queues: queue('longest-idle'),
      agents: [
        { id: 'backup', name: 'Backup', capacity: 1, queues: [{ queueId: 'q', penalty: 5 }] },
        { id: 'main', name: 'Main', capacity: 1, queues: [{ queueId: 'q', penalty: 0 }] },
      ],
    });
    t.login('backup');
    t.clock.advanceBy(1_000);
    t.login('main');
    const first = t.start('q');
    expect(t.engine.getChat(first)?.offer?.agentId).toBe('main');
    const second = t.start('q');
    expect(t.engine.getChat(second)?.offer?.agentId).toBe('backup');
  });

  it('serves higher priority first, then the earliest enqueued', () => {
    const t = setup({ queues: queue('longest-idle'), agents: agents(1) });
    const low = t.start('q', 'low');
    t.clock.advanceBy(1);
    const high = t.start('q', 'high', { priority: 2 });
    t.clock.advanceBy(1);
    const low2 = t.start('q', 'low2');
    t.login('a0');
    const served = [serve(t, high) && high, serve(t, low) && low, serve(t, low2) && low2];
    expect(served).toEqual([high, low, low2]);
  });

  it('an agent of several queues gets the most urgent chat across them: priority, then time in queue', () => {
    const twoQueues = () =>
      setup({
        queues: [
          { id: 'q1', name: 'Q1', closeStatuses: ['done'] },
          { id: 'q2', name: 'Q2', closeStatuses: ['done'] },
        ],
        agents: [{ id: 'a', name: 'A', capacity: 1, queues: ['q1', 'q2'] }],
      });
    const byAge = twoQueues();
    const older = byAge.start('q2', 'older');
    byAge.clock.advanceBy(1);
    byAge.start('q1', 'newer');
    byAge.login('a');
    expect(byAge.engine.getChat(older)?.offer?.agentId).toBe('a');

    const byPriority = twoQueues();
    byPriority.start('q1', 'older');
    byPriority.clock.advanceBy(1);
    const vip = byPriority.start('q2', 'vip', { priority: 1 });
    byPriority.login('a');
    expect(byPriority.engine.getChat(vip)?.offer?.agentId).toBe('a');
  });
});
