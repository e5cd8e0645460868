import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, type EngineEvent } from 'chatroute';
import { setup } from '../helpers';

describe('events$', () => {
  it('numbers events 1, 2, 3, ... and stamps them with the clock', () => {
    const t = setup();
    t.login('alice');
    t.clock.advanceBy(2_500);
    const chatId = t.start();
    t.clock.advanceBy(20_000);
    expect(t.events.map((e) => e.seq)).toEqual(t.events.map((_, i) => i + 1));
    expect(t.events.map((e) => [e.type, e.at])).toEqual([
      ['agent.statusChanged', 0],
      ['chat.queued', 2_500],
      ['offer.created', 2_500],
      ['agent.statusChanged', 2_500],
      ['offer.expired', 22_500],
      ['chat.queued', 22_500],
      ['agent.statusChanged', 22_500],
    ]);
    expect(t.engine.getChat(chatId)?.state).toBe('queued');
  });

  it('publishes only once the system is settled: a subscriber sees the state the event describes', () => {
    const t = setup();
    const seen: string[] = [];
    t.engine.events$.subscribe((e) => {
      if (e.type === 'offer.created') seen.push(`${t.engine.getChat(e.chatId)?.state}/${t.engine.getAgent(e.agentId)?.state}`);
    });
    t.login('alice');
    t.start();
    expect(seen).toEqual(['offered/busy']);
  });

  it('a subscriber may dispatch while events are published; order and numbering stay intact', () => {
    const t = setup();
    t.engine.events$.subscribe((e) => {
      if (e.type === 'offer.created') t.engine.dispatch({ type: 'offer.accept', agentId: e.agentId, chatId: e.chatId });
    });
    t.login('alice');
    const chatId = t.start();
    expect(t.engine.getChat(chatId)?.state).toBe('active');
    expect(t.types(t.events)).toEqual(['agent.statusChanged', 'chat.queued', 'offer.created', 'agent.statusChanged', 'offer.accepted', 'chat.assigned', 'message.sent']);
    expect(t.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('events and their payloads are frozen', () => {
    const t = setup();
    t.login('alice');
    t.start();
    const offer = t.events.find((e) => e.type === 'offer.created') as Extract<EngineEvent, { type: 'offer.created' }>;
    expect(Object.isFrozen(offer)).toBe(true);
    expect(Object.isFrozen(offer.notification)).toBe(true);
    expect(Object.isFrozen(offer.notification.customer)).toBe(true);
    expect(Object.isFrozen(t.engine.getChat('chat-1'))).toBe(true);
  });

  it('same commands and same clock give the same events', () => {
    const run = () => {
      const clock = createManualClock(0);
      const engine = createEngine({
        clock,
        queues: [{ id: 'q', name: 'Q', strategy: 'random', offerTimeoutMs: 5_000, closeStatuses: ['done'] }],
        agents: ['a', 'b', 'c'].map((id) => ({ id, name: id, capacity: 2, queues: ['q'] })),
      });
      const events: EngineEvent[] = [];
      engine.events$.subscribe((e) => events.push(e));
      for (const id of ['a', 'b', 'c']) engine.dispatch({ type: 'agent.login', agentId: id });
      for (let i = 0; i < 20; i++) {
        engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: `c${i}` } });
        clock.advanceBy(1_700);
        if (i % 3 === 0) engine.dispatch({ type: 'agent.resume', agentId: ['a', 'b', 'c'][i % 3] as string });
      }
      return JSON.stringify(events);
    };
    expect(run()).toBe(run());
  });
});
