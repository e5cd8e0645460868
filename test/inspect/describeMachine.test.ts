import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { activeStateIds, describeMachine, machineDescriptions } from 'chatroute/inspect';
import { agentMachine, chatMachine, createEngine, createManualClock } from 'chatroute';

/** The part of an XState inspection event this test reads. */
interface InspectionEventLike {
  readonly type: string;
  readonly actorRef: { readonly logic: { readonly id: string } };
  readonly snapshot: { readonly value: unknown };
}

describe('describeMachine', () => {
  it('describes the chat machine: states, initial, and queued → offered on OFFER', () => {
    const chart = describeMachine(chatMachine);
    expect(chart.id).toBe('chat');
    const root = chart.states[0];
    expect(root).toMatchObject({ id: 'chat', type: 'compound', initial: 'chat.queued', path: [] });
    expect(new Set(chart.states.map((s) => s.key))).toEqual(new Set(['chat', 'queued', 'offered', 'active', 'closing', 'closed', 'abandoned']));
    const queued = chart.states.find((s) => s.id === 'chat.queued');
    // One offer takes the plain actions; several (ring-all) the general one.
    expect(queued?.transitions.filter((t) => t.event === 'OFFER').map((t) => [t.guard ?? null, t.targets, t.actions])).toEqual([
      ['makesOneOffer', ['chat.offered'], ['recordOneOffer', 'announceOneOffer']],
      [null, ['chat.offered'], ['recordOffers']],
    ]);
    const offered = chart.states.find((s) => s.id === 'chat.offered');
    const rejects = offered?.transitions.filter((t) => t.event === 'REJECT');
    expect(rejects?.map((t) => [t.guard, t.targets, t.order])).toEqual([
      ['holdsLastOffer', ['chat.queued'], 0],
      ['holdsOffer', [], 1],
    ]);
    expect(offered?.transitions.filter((t) => t.event === 'ACCEPT').map((t) => [t.guard, t.targets])).toEqual([
      ['acceptsOnlyOffer', ['chat.active']],
      ['holdsOffer', ['chat.active']],
    ]);
    expect(queued?.entry).toEqual(['announceQueued']);
    for (const final of ['chat.closed', 'chat.abandoned']) expect(chart.states.find((s) => s.id === final)?.type).toBe('final');
  });

  it('describes the agent machine with its nesting and parent transitions', () => {
    const chart = machineDescriptions.agent;
    const online = chart.states.find((s) => s.id === 'agent.online');
    expect(online).toMatchObject({ type: 'compound', initial: 'agent.online.ready', parent: 'agent', children: ['agent.online.ready', 'agent.online.busy', 'agent.online.paused'] });
    expect(online?.transitions.find((t) => t.event === 'LOGOUT')).toMatchObject({ targets: ['agent.offline'] });
    const ready = chart.states.find((s) => s.id === 'agent.online.ready');
    expect(ready?.transitions.map((t) => `${t.event} → ${t.targets.join()}`)).toEqual(['SLOTS_FULL → agent.online.busy']);
    expect(online?.transitions.find((t) => t.event === 'PAUSE')?.targets).toEqual(['agent.online.paused']);
    const paused = chart.states.find((s) => s.id === 'agent.online.paused');
    expect(paused?.path).toEqual(['online', 'paused']);
    expect(paused?.transitions.filter((t) => t.event === 'RESUME').map((t) => t.guard ?? null)).toEqual(['resumesFull', null]);
  });

  it('answers as the README says', () => {
    const queued = machineDescriptions.chat.states.find((s) => s.id === 'chat.queued');
    expect(queued?.transitions.map((t) => `${t.event} → ${t.targets.join()}`).slice(0, 3)).toEqual(['OFFER → chat.offered', 'OFFER → chat.offered', 'PICK → chat.active']);
    expect(activeStateIds(machineDescriptions.agent, { online: 'paused' })).toEqual(['agent', 'agent.online', 'agent.online.paused']);
  });

  it('is plain JSON, and every target names a described state', () => {
    for (const chart of Object.values(machineDescriptions)) {
      expect(JSON.parse(JSON.stringify(chart))).toEqual(chart);
      const ids = new Set(chart.states.map((s) => s.id));
      expect(ids.size).toBe(chart.states.length);
      for (const s of chart.states) {
        for (const t of s.transitions) for (const target of t.targets) expect(ids).toContain(target);
        for (const child of s.children) expect(ids).toContain(child);
      }
    }
  });

  it('names every state value an engine run reaches', () => {
    const seen: InspectionEventLike[] = [];
    const clock = createManualClock(0);
    const engine = createEngine({
      clock,
      inspect: (e) => seen.push(e as unknown as InspectionEventLike),
      queues: [{ id: 'q', name: 'Q', offerTimeoutMs: 1_000, closeStatuses: ['done'] }],
      agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['q'] }],
    });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    const a = engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'Eve' } }) as { chatId: string };
    clock.advanceBy(1_000); // missed: alice is paused, the chat requeued
    engine.dispatch({ type: 'agent.resume', agentId: 'alice' });
    clock.advanceBy(30_000); // the reject cooldown ends: offered to alice again
    expect(engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: a.chatId }).ok).toBe(true);
    engine.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId: a.chatId, status: 'done' });
    engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: a.chatId });
    const b = engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'Bob' } }) as { chatId: string };
    engine.dispatch({ type: 'customer.leave', chatId: b.chatId });
    engine.dispatch({ type: 'agent.logout', agentId: 'alice' });

    const reached = { chat: new Set<string>(), agent: new Set<string>() };
    for (const e of seen) {
      if (e.type !== '@xstate.snapshot') continue;
      const id = e.actorRef.logic.id as 'chat' | 'agent';
      const chart = machineDescriptions[id];
      const active = activeStateIds(chart, e.snapshot.value);
      // Every level of the value is a described state: nothing is dropped on the way down.
      expect(active.length).toBe(depth(e.snapshot.value) + 1);
      for (const s of active.slice(1)) reached[id].add(s);
    }
    expect(reached.chat).toEqual(new Set(['chat.queued', 'chat.offered', 'chat.active', 'chat.closed', 'chat.abandoned']));
    expect(reached.agent).toEqual(new Set(['agent.offline', 'agent.online', 'agent.online.ready', 'agent.online.busy', 'agent.online.paused']));
  });

  it('names guards and actions given in any form', () => {
    const m = setup({ guards: { named: () => true }, actions: { act: () => undefined } }).createMachine({
      id: 'm',
      initial: 'a',
      states: {
        a: { on: { GO: { target: 'b', guard: 'named', actions: ['act', { type: 'act' }] }, INLINE: { guard: function check() { return true; }, target: 'b' } } },
        b: { type: 'parallel', states: { x: {}, y: {} }, always: { target: 'a', guard: { type: 'named' } } },
      },
    });
    createActor(m).start(); // a valid machine
    const chart = describeMachine(m);
    const a = chart.states.find((s) => s.id === 'm.a');
    expect(a?.transitions.map((t) => [t.event, t.guard, t.actions])).toEqual([
      ['GO', 'named', ['act', 'act']],
      ['INLINE', 'check', []],
    ]);
    const b = chart.states.find((s) => s.id === 'm.b');
    expect(b).toMatchObject({ type: 'parallel', children: ['m.b.x', 'm.b.y'] });
    expect(b?.initial).toBeUndefined();
    expect(b?.transitions).toEqual([{ event: '', targets: ['m.a'], guard: 'named', actions: [], reenter: false, order: 0 }]);
    expect(activeStateIds(chart, { b: { x: {}, y: {} } })).toEqual(['m', 'm.b', 'm.b.x', 'm.b.y']);
  });
});

function depth(value: unknown): number {
  if (typeof value === 'string') return 1;
  const children = Object.values(value as object);
  return children.length === 0 ? 0 : 1 + Math.max(...children.map(depth));
}
