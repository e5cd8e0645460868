import {
  createEngine,
  createManualClock,
  createMemoryStore,
  createRandom,
  type Engine,
  type EngineOptions,
  type Store,
} from 'chatroute';

export const queues: EngineOptions['queues'] = [
  { id: 'sales', name: 'Sales', offerTimeoutMs: 10_000, closeStatuses: ['done'], rejectCooldownMs: 5_000, reminders: { mode: 'after-first-message', delayMs: 4_000 } },
  { id: 'care', name: 'Care', offerTimeoutMs: 8_000, closeStatuses: ['done', 'spam'], strategy: 'ring-all' },
];
export const agents: EngineOptions['agents'] = [
  { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales', 'care'] },
  { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
  { id: 'carol', name: 'Carol', capacity: 3, queues: ['care'] },
];

/** Everything the engine answers, as one string: what replay must reproduce byte for byte. */
export function queryAll(engine: Engine, chatIds: readonly string[], agentIds: readonly string[]): string {
  const desk = (agentId: string) => {
    let value: unknown;
    engine.desk$(agentId).subscribe((d) => (value ??= d)).unsubscribe();
    return value;
  };
  return JSON.stringify({
    now: engine.clock.now(),
    chats: chatIds.map((id) => [id, engine.getChat(id) ?? null, engine.messages(id)]),
    agents: agentIds.map((id) => [engine.getAgent(id), engine.waitingActivities(id), desk(id)]),
    stats: engine.stats(),
    assistance: engine.assistanceRequests(),
  });
}

export interface Checkpoint {
  /** The last journaled entry when the state was read. */
  readonly seq: number;
  readonly now: number;
  readonly chatIds: readonly string[];
  readonly state: string;
}

/**
 * A random workload on a durable engine (memory store, manual clock): logins, chats, answers, rejections, missed
 * offers, pauses, messages, transfers, invitations, closes, customers leaving. Reads every query at checkpoints.
 */
export function record(seed: number, steps: number, options: { snapshotEvery?: number; wrap?: (store: Store) => Store } = {}) {
  const inner = createMemoryStore();
  let seq = 0;
  const wrapped = options.wrap?.(inner) ?? inner;
  const store: Store = { ...wrapped, append: (records) => (wrapped.append(records), (seq = records.at(-1)?.seq ?? seq)) };
  const clock = createManualClock(1_000);
  const engine = createEngine({ clock, queues, agents, store, snapshotEvery: options.snapshotEvery ?? 100_000 });
  const rnd = createRandom(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const chatIds: string[] = [];
  const agentIds = agents.map((a) => a.id);
  const checkpoints: Checkpoint[] = [];
  for (let i = 0; i < steps; i++) {
    const agentId = pick(agentIds);
    const agent = engine.getAgent(agentId);
    // Mostly act on what the agent holds (its offer, its chats), sometimes on any chat (refusals are journaled never).
    const anyChat = chatIds.length > 0 ? pick(chatIds) : 'none';
    const offered = agent?.offers[0]?.chatId;
    const held = agent !== undefined && agent.chats.length > 0 ? pick(agent.chats) : undefined;
    const r = rnd();
    const chatId = (r >= 0.2 && r < 0.36 ? offered : r >= 0.47 && r < 0.72 ? held : undefined) ?? anyChat;
    if (r < 0.08) engine.dispatch({ type: 'agent.login', agentId });
    else if (r < 0.2) {
      const started = engine.dispatch({ type: 'chat.start', queueId: pick(['sales', 'care']), customer: { name: `c${i}`, contactId: `k${i % 7}` } });
      if (started.ok) chatIds.push(started.chatId);
    } else if (r < 0.32) engine.dispatch({ type: 'offer.accept', agentId, chatId });
    else if (r < 0.36) engine.dispatch({ type: 'offer.reject', agentId, chatId });
    else if (r < 0.4) engine.dispatch({ type: 'agent.pause', agentId, reason: 'lunch', paid: rnd() < 0.5 });
    else if (r < 0.47) engine.dispatch({ type: 'agent.resume', agentId });
    else if (r < 0.55) engine.dispatch({ type: 'message.send', chatId, from: rnd() < 0.5 ? { kind: 'customer' } : { kind: 'agent', agentId }, text: `m${i}` });
    else if (r < 0.58) engine.dispatch({ type: 'chat.transfer', agentId, chatId, target: { queueId: pick(['sales', 'care']) } });
    else if (r < 0.61) engine.dispatch({ type: 'chat.invite', agentId, chatId, target: { queueId: 'care' } });
    else if (r < 0.64) engine.dispatch({ type: 'chat.pick', agentId, chatId });
    else if (r < 0.72) {
      engine.dispatch({ type: 'chat.setStatus', agentId, chatId, status: 'done' });
      engine.dispatch({ type: 'chat.close', agentId, chatId });
    } else if (r < 0.75) engine.dispatch({ type: 'customer.leave', chatId });
    else if (r < 0.77) engine.dispatch({ type: 'agent.logout', agentId });
    else clock.advanceBy(Math.floor(rnd() * 9_000));
    if (rnd() < 0.15) checkpoints.push({ seq, now: clock.now(), chatIds: [...chatIds], state: queryAll(engine, chatIds, agentIds) });
  }
  return { engine, clock, store: inner, checkpoints, chatIds, agentIds, lastSeq: seq };
}
