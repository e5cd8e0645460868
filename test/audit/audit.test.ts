import { describe, expect, it } from 'vitest';
import { checkInvariants } from 'chatroute/audit';
import { createEngine, createManualClock, createMemoryStore, ChatrouteError, createRandom, type AgentView, type ChatView, type EngineEvent, type EngineOptions } from 'chatroute';

const queues: EngineOptions['queues'] = [
  { id: 'sales', name: 'Sales', offerTimeoutMs: 10_000, closeStatuses: ['done'], rejectCooldownMs: 5_000 },
  { id: 'care', name: 'Care', offerTimeoutMs: 10_000, closeStatuses: ['done'], strategy: 'ring-all' },
];
const agents: EngineOptions['agents'] = [
  { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales', 'care'] },
  { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
  { id: 'carol', name: 'Carol', capacity: 3, queues: ['care'] },
];

/** A random workload: logins, chats, answers, rejections, missed offers, pauses, transfers, invitations, closes. */
function workload(audit: EngineOptions['audit'], seed: number, steps: number, store = false) {
  const clock = createManualClock(0);
  const engine = createEngine({ clock, queues, agents, audit, ...(store ? { store: createMemoryStore() } : {}) });
  const events: EngineEvent[] = [];
  engine.events$.subscribe((e) => events.push(e));
  const rnd = createRandom(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const chatIds: string[] = [];
  const ids = agents.map((a) => a.id);
  for (let i = 0; i < steps; i++) {
    const agentId = pick(ids);
    const chatId = chatIds.length > 0 ? pick(chatIds) : 'none';
    const r = rnd();
    if (r < 0.1) engine.dispatch({ type: 'agent.login', agentId });
    else if (r < 0.25) {
      const started = engine.dispatch({ type: 'chat.start', queueId: pick(['sales', 'care']), customer: { name: `c${i}` } });
      if (started.ok) chatIds.push(started.chatId);
    } else if (r < 0.4) engine.dispatch({ type: 'offer.accept', agentId, chatId });
    else if (r < 0.45) engine.dispatch({ type: 'offer.reject', agentId, chatId });
    else if (r < 0.5) engine.dispatch({ type: 'agent.pause', agentId, reason: 'lunch', paid: true });
    else if (r < 0.58) engine.dispatch({ type: 'agent.resume', agentId });
    else if (r < 0.62) engine.dispatch({ type: 'chat.transfer', agentId, chatId, target: { queueId: pick(['sales', 'care']) } });
    else if (r < 0.66) engine.dispatch({ type: 'chat.invite', agentId, chatId, target: { queueId: 'care' } });
    else if (r < 0.7) engine.dispatch({ type: 'chat.pick', agentId, chatId });
    else if (r < 0.8) {
      engine.dispatch({ type: 'chat.setStatus', agentId, chatId, status: 'done' });
      engine.dispatch({ type: 'chat.close', agentId, chatId });
    } else if (r < 0.84) engine.dispatch({ type: 'customer.leave', chatId });
    else if (r < 0.86) engine.dispatch({ type: 'agent.logout', agentId });
    else clock.advanceBy(Math.floor(rnd() * 8_000));
  }
  return { engine, events, clock };
}

const agentView = (over: Partial<AgentView> = {}): AgentView => ({
  id: 'alice',
  name: 'Alice',
  state: 'ready',
  chats: [],
  offers: [],
  capacity: 2,
  slotsUsed: 0,
  queues: [{ queueId: 'sales', penalty: 0, loggedIn: true }],
  idleSince: 0,
  // The checks do not read time in state; cast so the fixture does not break when a state is added.
  timeInState: { offline: 0, ready: 0, busy: 0, pausedPaid: 0, pausedUnpaid: 0 } as AgentView['timeInState'],
  ...over,
});
const chatView = (over: Partial<ChatView> = {}): ChatView => ({
  id: 'chat-1',
  state: 'queued',
  queueId: 'sales',
  queue: { id: 'sales', name: 'Sales' },
  customer: { name: 'Eve' },
  priority: 0,
  enqueuedAt: 0,
  participants: [],
  offers: [],
  waitingFor: { queueId: 'sales' },
  important: false,
  ...over,
});

describe('audit', () => {
  it.each([1, 2, 3])('emits no violation over a healthy random run (seed %i), every input and every 7th', (seed) => {
    for (const audit of [true, { every: 7 }] as const) {
      const { events } = workload(audit, seed, 600);
      expect(events.filter((e) => e.type === 'invariant.violated')).toEqual([]);
      expect(events.some((e) => e.type === 'chat.assigned')).toBe(true);
    }
  });

  it('knows the routing policies: skills, widening and a reserved preferred agent hold chats back without a violation', () => {
    const clock = createManualClock(0);
    const engine = createEngine({
      clock,
      audit: true,
      queues: [
        {
          id: 'q',
          name: 'Q',
          offerTimeoutMs: 60_000,
          closeStatuses: ['done'],
          policies: { widening: [{ afterMs: 10_000, maxPenalty: 5 }], skills: { relaxAfterMs: [20_000] }, affinity: { reserveMs: 15_000 } },
        },
      ],
      agents: [
        { id: 'junior', name: 'Junior', capacity: 1, queues: [{ queueId: 'q', penalty: 0 }] },
        { id: 'backup', name: 'Backup', capacity: 1, queues: [{ queueId: 'q', penalty: 5 }], skills: { french: 2 } },
        { id: 'fav', name: 'Fav', capacity: 1, queues: ['q'] },
      ],
    });
    const events: EngineEvent[] = [];
    engine.events$.subscribe((e) => events.push(e));
    for (const agentId of ['junior', 'backup', 'fav']) engine.dispatch({ type: 'agent.login', agentId });
    engine.dispatch({ type: 'agent.pause', agentId: 'fav', reason: 'coffee', paid: true });
    expect(engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'Fr' }, skills: { french: 1 } }).ok).toBe(true); // junior lacks french
    expect(engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'Pref' }, preferredAgentId: 'fav' }).ok).toBe(true);
    for (let t = 0; t < 30; t++) clock.advanceBy(1_000);
    expect(events.filter((e) => e.type === 'invariant.violated')).toEqual([]);
    expect(events.filter((e) => e.type === 'offer.created').map((e) => e.type === 'offer.created' && [e.chatId, e.agentId, e.at])).toEqual(expect.arrayContaining([['chat-1', 'backup', 10_000]]));
  });

  it('changes nothing else: the same events as an engine without audit, durable too', () => {
    const plain = workload(false, 9, 400);
    const audited = workload(true, 9, 400, true);
    expect(audited.events).toEqual(plain.events);
  });

  it('reports a waiting chat while an agent is free (a hand-made inconsistent view)', () => {
    const violations = checkInvariants({ now: 0, chats: [chatView()], agents: [agentView()] });
    expect(violations).toEqual([
      {
        invariant: 'work-conservation',
        message: 'chat chat-1 waits while alice is free to take it',
        evidence: { chatId: 'chat-1', kind: 'chat', target: { queueId: 'sales' }, agentId: 'alice', agentSlotsUsed: 0, agentCapacity: 2 },
      },
    ]);
    // Held back (a cooldown): not a violation.
    expect(checkInvariants({ now: 0, chats: [chatView()], agents: [agentView()], heldBack: () => true })).toEqual([]);
    // Not logged into the queue: not eligible.
    expect(checkInvariants({ now: 0, chats: [chatView()], agents: [agentView({ queues: [{ queueId: 'sales', penalty: 0, loggedIn: false }] })] })).toEqual([]);
  });

  it('reports offers and chats the two sides disagree on, slots miscounted, and owners who do not participate', () => {
    const offer = { id: 'offer-1', chatId: 'chat-1', agentId: 'alice', kind: 'route' as const, offeredAt: 0, expiresAt: 10 };
    const names = (chats: ChatView[], list: AgentView[]) => checkInvariants({ now: 0, chats, agents: list }).map((v) => v.invariant).sort();
    // The chat says it is offered to alice; alice knows nothing of it.
    expect(names([chatView({ state: 'offered', offers: [offer] })], [agentView()])).toEqual(['offers-agree']);
    // Alice counts a slot she does not hold.
    expect(names([], [agentView({ slotsUsed: 1 })])).toEqual(['slots']);
    // Ready with every slot used.
    expect(names([chatView({ id: 'c1', state: 'active', owner: 'alice', participants: [{ agentId: 'alice', joinedAt: 0 }], waitingFor: undefined }), chatView({ id: 'c2', state: 'active', owner: 'alice', participants: [{ agentId: 'alice', joinedAt: 0 }], waitingFor: undefined })], [agentView({ chats: ['c1', 'c2'], slotsUsed: 2 })])).toEqual(['agent-state']);
    // An active chat whose owner left, and which alice does not list.
    const orphan = chatView({ state: 'active', owner: 'bob', participants: [{ agentId: 'alice', joinedAt: 0 }], waitingFor: undefined });
    expect(names([orphan], [agentView()])).toEqual(['chats-agree', 'owner']);
    // Offered with no offer; queued with an offer to a paused agent.
    expect(names([chatView({ state: 'offered' })], [agentView({ state: 'busy', capacity: 0 })])).toEqual(['offer-state']);
    const paused = agentView({ state: 'paused', pause: { reason: 'x', paid: true, since: 0 }, offers: [offer], slotsUsed: 1 });
    expect(names([chatView({ offers: [offer] })], [paused])).toEqual(['offer-state', 'offer-target']);
  });

  it('publishes violations as invariant.violated events with the evidence, after the input that broke the state', () => {
    // A broken engine cannot be reached through commands, so this breaks one on purpose: the inspection observer
    // hands out the actors, and one is sent an event behind the engine's back (a stand-in for a bug in a handler).
    const actors = new Map<string, { send(event: unknown): void }>();
    const clock = createManualClock(0);
    const engine = createEngine({
      clock,
      queues,
      agents,
      audit: true,
      inspect: (e) => {
        if (e.type === '@xstate.snapshot') actors.set((e.snapshot as unknown as { context: { id?: string } }).context.id ?? '?', e.actorRef);
      },
    });
    const events: EngineEvent[] = [];
    engine.events$.subscribe((e) => events.push(e));
    engine.dispatch({ type: 'agent.login', agentId: 'bob' });
    expect(events.filter((e) => e.type === 'invariant.violated')).toEqual([]);
    actors.get('bob')?.send({ type: 'SLOTS_FULL' });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    const violations = events.filter((e) => e.type === 'invariant.violated');
    expect(violations.map((v) => v.type === 'invariant.violated' && v.invariant)).toEqual(['agent-state']);
    expect(violations[0]).toMatchObject({ message: 'bob is busy with a free slot', evidence: { agentId: 'bob', state: 'busy', slotsUsed: 0, capacity: 1 } });
    // Numbered like every event, after the input's own events.
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(events.at(-2)?.type).toBe('agent.statusChanged');
  });

  it('keeps events in order when the broken input was dispatched by a subscriber while events were going out', () => {
    const actors = new Map<string, { send(event: unknown): void }>();
    const engine = createEngine({
      clock: createManualClock(0),
      queues,
      agents,
      audit: true,
      inspect: (e) => {
        if (e.type === '@xstate.snapshot') actors.set((e.snapshot as unknown as { context: { id?: string } }).context.id ?? '?', e.actorRef);
      },
    });
    const events: EngineEvent[] = [];
    engine.events$.subscribe((e) => {
      events.push(e);
      // A host reacting to alice's login by starting a chat: a dispatch inside the publishing of events.
      if (e.type === 'agent.statusChanged' && e.agentId === 'alice' && e.state === 'ready') engine.dispatch({ type: 'chat.start', queueId: 'care', customer: { name: 'Eve' } });
    });
    engine.dispatch({ type: 'agent.login', agentId: 'bob' });
    actors.get('bob')?.send({ type: 'SLOTS_FULL' });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'invariant.violated').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a malformed audit option', () => {
    expect(() => createEngine({ queues, agents, audit: { every: 0 } })).toThrow(ChatrouteError);
  });
});
