import { activeStateIds, machineDescriptions } from 'chatroute/inspect';
import { type AgentView, type ChatView, type Engine, type EngineEvent } from 'chatroute';
import type { ActorKind, ActorSummary, InspectorEvent, WatchedActor } from '../../shared/inspector';

/** Events kept per chat and per agent. */
const RECENT = 50;
/** Finished chats kept in the list (the engine retains them for a while; the list should not grow with the day). */
const ENDED = 50;

/**
 * The machine state value of an actor, from the engine's public view of it. The views name the machine states
 * themselves (a chat's `state` is the key of its top-level state; an agent's is `offline` or a child of `online`),
 * so no private actor is read; `test/server/inspector.test.ts` checks that every state of both machines is reached.
 *
 * @example
 * ```ts
 * stateValueOf('agent', engine.getAgent('alice')); // { online: 'ready' }
 * ```
 */
export function stateValueOf(kind: ActorKind, view: ChatView | AgentView | undefined): unknown {
  if (view === undefined) return undefined;
  if (kind === 'chat') return view.state;
  return view.state === 'offline' ? 'offline' : { online: view.state };
}

/** `online.busy` from `{ online: 'busy' }`: how the list groups actors. */
function dotted(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return '';
  return Object.entries(value)
    .map(([key, child]) => {
      const rest = dotted(child);
      return rest === '' ? key : `${key}.${rest}`;
    })
    .join(',');
}

const key = (kind: ActorKind, id: string): string => `${kind}:${id}`;

/** The chats and agents an event is about. */
function touchedBy(event: EngineEvent): string[] {
  const out: string[] = [];
  const e = event as unknown as Record<string, unknown>;
  const chat = (id: unknown) => typeof id === 'string' && out.push(key('chat', id));
  const agent = (id: unknown) => typeof id === 'string' && out.push(key('agent', id));
  chat(e.chatId);
  agent(e.agentId);
  agent(e.supervisorId);
  if (Array.isArray(e.agentIds)) e.agentIds.forEach(agent);
  if (event.type === 'message.sent') chat(event.message.chatId);
  if (event.type === 'assistance.requested') {
    chat(event.request.chatId);
    agent(event.request.agentId);
  }
  if (event.type === 'config.changed' && event.entity === 'agent') agent(event.id);
  return [...new Set(out)];
}

/** What the inspector shows of an event: its fields, without message texts (it is about routing, not content). */
function forInspector(event: EngineEvent): InspectorEvent {
  const { seq, at, type, ...rest } = event as EngineEvent & Record<string, unknown>;
  const detail: Record<string, unknown> = { ...rest };
  if (event.type === 'message.sent') {
    const { message } = event;
    detail.message = { id: message.id, from: message.from, attachments: message.attachments.length, ...(message.notice !== undefined ? { notice: message.notice } : {}) };
  }
  if (event.type === 'assistance.requested') detail.request = { ...event.request, note: undefined };
  return { seq, at, type, detail };
}

/**
 * What the inspector page shows, kept beside the engine: which chats and agents exist (the engine answers per-id
 * queries, not lists), each one's recent events from `events$`, and their machine states from `getChat` /
 * `getAgent`. Listeners hear once per burst of events (a dispatch emits several), with the actors it touched.
 *
 * @example
 * ```ts
 * const hub = new InspectorHub(engine, () => configuration.agents().map((a) => a.id));
 * hub.onChange((touched) => touched.has('chat:c1') && send(hub.watched('chat', 'c1')));
 * ```
 */
export class InspectorHub {
  readonly #engine: Engine;
  readonly #agentIds: () => Iterable<string>;
  readonly #chats = new Set<string>();
  readonly #ended: string[] = [];
  readonly #events = new Map<string, InspectorEvent[]>();
  readonly #listeners = new Set<(touched: ReadonlySet<string>) => void>();
  readonly #subscription: ReturnType<Engine['events$']['subscribe']>;
  #pending: Set<string> | undefined;

  constructor(engine: Engine, agentIds: () => Iterable<string>) {
    this.#engine = engine;
    this.#agentIds = agentIds;
    // Chats recovered from a journal emit no event: find the live ones through the agents who hold, are offered,
    // or may pick them. (A chat waiting in a queue nobody is a member of shows up with its next event.)
    for (const agentId of agentIds()) {
      const agent = engine.getAgent(agentId);
      if (agent === undefined) continue;
      agent.chats.forEach((id) => this.#chats.add(id));
      agent.offers.forEach((o) => this.#chats.add(o.chatId));
      engine.waitingActivities(agentId).forEach((w) => this.#chats.add(w.chatId));
    }
    this.#subscription = engine.events$.subscribe((event) => this.#record(event));
  }

  /** Every known chat and agent with its state, chats newest first. */
  actors(): { chats: ActorSummary[]; agents: ActorSummary[] } {
    const chats: ActorSummary[] = [];
    for (const id of [...this.#chats].reverse()) {
      const view = this.#engine.getChat(id);
      if (view === undefined) {
        this.#chats.delete(id);
        continue;
      }
      chats.push({ kind: 'chat', id, name: view.customer.name, state: dotted(stateValueOf('chat', view)) });
    }
    const agents: ActorSummary[] = [];
    for (const id of this.#agentIds()) {
      const view = this.#engine.getAgent(id);
      if (view !== undefined) agents.push({ kind: 'agent', id, name: view.name, state: dotted(stateValueOf('agent', view)) });
    }
    return { chats, agents };
  }

  /** One actor in full, or undefined when the engine does not know it. */
  watched(kind: ActorKind, id: string): WatchedActor | undefined {
    const view = kind === 'chat' ? this.#engine.getChat(id) : this.#engine.getAgent(id);
    if (view === undefined) return undefined;
    const value = stateValueOf(kind, view);
    return { kind, id, value, activeIds: activeStateIds(machineDescriptions[kind], value), context: view, events: this.#events.get(key(kind, id)) ?? [] };
  }

  /** Called after each burst of events with the keys (`chat:<id>`, `agent:<id>`) it touched; returns unsubscribe. */
  onChange(listener: (touched: ReadonlySet<string>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#subscription.unsubscribe();
    this.#listeners.clear();
  }

  #record(event: EngineEvent): void {
    const touched = touchedBy(event);
    if (touched.length === 0) return;
    const shown = forInspector(event);
    for (const k of touched) {
      const list = this.#events.get(k) ?? [];
      list.push(shown);
      if (list.length > RECENT) list.shift();
      this.#events.set(k, list);
      if (k.startsWith('chat:')) this.#chats.add(k.slice(5));
    }
    if (event.type === 'chat.closed' || event.type === 'chat.abandoned') this.#forgetOldest(event.chatId);
    // One notification per burst: a dispatch emits all its events synchronously, so a macrotask sees them all.
    if (this.#pending === undefined) {
      this.#pending = new Set();
      setTimeout(() => this.#flush(), 0);
    }
    touched.forEach((k) => this.#pending?.add(k));
  }

  #forgetOldest(endedChatId: string): void {
    this.#ended.push(endedChatId);
    while (this.#ended.length > ENDED) {
      const old = this.#ended.shift() as string;
      this.#chats.delete(old);
      this.#events.delete(key('chat', old));
    }
  }

  #flush(): void {
    const touched = this.#pending ?? new Set<string>();
    this.#pending = undefined;
    for (const listener of this.#listeners) listener(touched);
  }
}
