import { Subject } from 'rxjs';
import { createActor } from 'xstate';
import type { Clock, TimerHandle } from '../clock/types';
import { createMemoryHistory } from '../history/createMemoryHistory';
import type { HistoryStore } from '../history/types';
import { agentMachine } from '../machines/agent/agentMachine';
import type { AgentEvent } from '../machines/agent/types';
import { chatMachine } from '../machines/chat/chatMachine';
import type { ChatEvent, ChatFact } from '../machines/chat/types';
import { createRandom } from '../random/createRandom';
import { Router } from '../routing/Router';
import type { OfferDecision, RoutingTask } from '../routing/types';
import type { Customer } from './commandSchema';
import { normalizeConfig, type NormalizedQueue } from './config';
import { DeskHub } from './desk/DeskHub';
import { handleFact } from './facts';
import { agentStateOf, bucketOf, slotsUsed, type AgentRuntime, type ChatRuntime, type FinishedChat } from './runtime';
import type { AssistanceRequest, EngineEvent, EngineOptions, Message, Notice } from './types';

type EventInput = EngineEvent extends infer E ? (E extends EngineEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** Running counts per queue, for `engine.stats()`. */
export interface QueueCounters {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
}

/**
 * The engine's state and its one way to change it: {@link EngineCore.transact}. A transaction runs a change
 * (a command, or a timer firing), then settles: it turns the facts chat actors emitted into agent updates and
 * public events, reconciles agents with the router, and lets the router plan offers, until nothing moves.
 * Events (and desk updates) are published only once the whole system is consistent again.
 */
export class EngineCore {
  readonly clock: Clock;
  readonly startedAt: number;
  readonly queues: Map<string, NormalizedQueue>;
  readonly agents = new Map<string, AgentRuntime>();
  readonly chats = new Map<string, ChatRuntime>();
  readonly finished = new Map<string, FinishedChat>();
  /** Live chats with pending route or transfer offers, per queue: "offered to a colleague" in waiting activities. */
  readonly offeredByQueue = new Map<string, Set<ChatRuntime>>();
  /** Agents by member queue, in configuration order. */
  readonly membersByQueue = new Map<string, string[]>();
  readonly counters = new Map<string, QueueCounters>();
  readonly assistance = new Map<string, AssistanceRequest>();
  readonly history: HistoryStore;
  readonly router: Router;
  readonly desk: DeskHub;
  readonly events = new Subject<EngineEvent>();
  readonly #options: EngineOptions;
  readonly #retain: number;
  readonly #actorClock: Clock;
  readonly #ids: (kind: 'chat' | 'offer' | 'message' | 'invitation' | 'assistance') => string;
  readonly #timers = new Set<TimerHandle>();
  readonly #facts: Array<readonly [ChatRuntime, ChatFact]> = [];
  readonly #dirtyAgents = new Set<AgentRuntime>();
  readonly #outbox: EngineEvent[] = [];
  #seq = 0;
  #taskSeq = 0;
  #depth = 0;
  #flushing = false;
  #stopped = false;

  constructor(options: EngineOptions, clock: Clock) {
    const config = normalizeConfig(options);
    this.#options = options;
    this.clock = clock;
    this.startedAt = clock.now();
    this.queues = config.queues;
    this.#retain = config.retainFinishedChats;
    this.history = options.history ?? createMemoryHistory();
    const counters = { chat: 0, offer: 0, message: 0, invitation: 0, assistance: 0 };
    const ids = options.ids;
    this.#ids = (kind) =>
      ids !== undefined && (kind === 'chat' || kind === 'offer' || kind === 'message') ? ids(kind) : `${kind}-${++counters[kind]}`;
    // Timers of actors fire inside a transaction, so their effects settle like a command's.
    this.#actorClock = {
      now: () => clock.now(),
      setTimeout: (callback, delayMs) => clock.setTimeout(() => this.transact(callback), delayMs),
      clearTimeout: (handle) => clock.clearTimeout(handle),
    };
    this.router = new Router(
      [...config.queues.values()].map((queue) => ({ id: queue.id, strategy: queue.strategy })),
      [...config.agents.values()].map((agent) => ({ id: agent.id, penalties: agent.penalties })),
      options.random ?? createRandom(1),
    );
    for (const queue of config.queues.values()) {
      this.offeredByQueue.set(queue.id, new Set());
      this.membersByQueue.set(queue.id, []);
      this.counters.set(queue.id, { offered: 0, answered: 0, abandoned: 0, answeredWithinSl: 0 });
    }
    for (const agentConfig of config.agents.values()) {
      for (const queueId of agentConfig.penalties.keys()) this.membersByQueue.get(queueId)?.push(agentConfig.id);
      const actor = createActor(agentMachine, {
        input: { id: agentConfig.id, capacity: agentConfig.capacity },
        clock: this.#actorClock,
        ...(options.inspect ? { inspect: options.inspect } : {}),
      });
      actor.start();
      this.agents.set(agentConfig.id, {
        config: agentConfig,
        actor,
        reportedState: 'offline',
        reportedPause: null,
        memberQueues: new Set(agentConfig.penalties.keys()),
        time: { offline: 0, ready: 0, busy: 0, pausedPaid: 0, pausedUnpaid: 0 },
        bucket: 'offline',
        bucketSince: this.startedAt,
      });
    }
    this.desk = new DeskHub(this);
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  newId(kind: 'chat' | 'offer' | 'message' | 'invitation' | 'assistance'): string {
    return this.#ids(kind);
  }

  /** A new place of an existing chat (after a transfer) or of its invitation, in a queue or for one agent. */
  newTask(chat: ChatRuntime, kind: 'chat' | 'invite', where: { queueId: string } | { agentId: string }, enqueuedAt: number, exclude: ReadonlySet<string> | null): RoutingTask {
    // A transferred chat keeps its creation order as the last tie-break; an invitation gets its own.
    return this.#task(chat.id, kind, where, chat.task.priority, enqueuedAt, kind === 'chat' ? chat.task.seq : undefined, exclude);
  }

  #task(
    chatId: string,
    kind: 'chat' | 'invite',
    where: { queueId: string } | { agentId: string },
    priority: number,
    enqueuedAt: number,
    seq: number | undefined,
    exclude: ReadonlySet<string> | null,
  ): RoutingTask {
    const id = ++this.#taskSeq;
    return {
      id: `task-${id}`,
      chatId,
      kind,
      queueId: 'queueId' in where ? where.queueId : null,
      targetAgentId: 'agentId' in where ? where.agentId : null,
      priority,
      enqueuedAt,
      seq: seq ?? id,
      exclude,
    };
  }

  /** Runs `change`, then settles the system; events are published when the outermost transaction ends. */
  transact<T>(change: () => T): T {
    if (this.#stopped) throw new Error('chatroute: transaction on a stopped engine');
    this.#depth++;
    let result: T;
    try {
      result = change();
      if (this.#depth === 1) this.#settle();
    } finally {
      this.#depth--;
    }
    if (this.#depth === 0) this.#flush();
    return result;
  }

  /** Processes pending facts and agent changes now (inside a transaction), without planning offers. */
  drain(): void {
    while (this.#facts.length > 0 || this.#dirtyAgents.size > 0) {
      for (let i = 0; i < this.#facts.length; i++) {
        const [chat, fact] = this.#facts[i] as readonly [ChatRuntime, ChatFact];
        handleFact(this, chat, fact);
      }
      this.#facts.length = 0;
      for (const agent of this.#dirtyAgents) this.#reconcileAgent(agent);
      this.#dirtyAgents.clear();
    }
  }

  /** Stamps and freezes a new event object (callers always pass a fresh literal) and queues it for publishing. */
  emit(event: EventInput): void {
    const stamped = event as EventInput & { seq: number; at: number };
    stamped.seq = ++this.#seq;
    stamped.at = this.clock.now();
    this.#outbox.push(Object.freeze(stamped) as EngineEvent);
  }

  sendChat(chat: ChatRuntime, event: ChatEvent): void {
    chat.actor.send(event);
  }

  sendAgent(agentId: string, event: AgentEvent): void {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return;
    agent.actor.send(event);
    this.#dirtyAgents.add(agent);
    this.desk.touchAgent(agentId);
  }

  /** Appends a message to a chat and announces it. */
  addMessage(chat: ChatRuntime, message: Message): void {
    chat.messages.push(message);
    this.emit({ type: 'message.sent', message });
    this.desk.touchChat(chat);
  }

  /** A line the engine itself writes into the chat (joins, leaves, transfers), so the customer sees it. */
  addNotice(chat: ChatRuntime, notice: Notice, text: string): void {
    this.addMessage(
      chat,
      Object.freeze({
        id: this.newId('message'),
        chatId: chat.id,
        from: Object.freeze({ kind: 'system' as const }),
        text,
        attachments: Object.freeze([]),
        notice: Object.freeze(notice),
        at: this.clock.now(),
      }),
    );
  }

  agentName(agentId: string): string {
    return this.agents.get(agentId)?.config.name ?? agentId;
  }

  /** Creates and starts a chat actor; its first fact (`queued`) is handled when the transaction settles. */
  startChat(id: string, queue: NormalizedQueue, customer: Customer, priority: number): ChatRuntime {
    const enqueuedAt = this.clock.now();
    const actor = createActor(chatMachine, {
      input: { queueId: queue.id },
      clock: this.#actorClock,
      ...(this.#options.inspect ? { inspect: this.#options.inspect } : {}),
    });
    const chat: ChatRuntime = {
      id,
      actor,
      customer,
      task: this.#task(id, 'chat', { queueId: queue.id }, priority, enqueuedAt, undefined, null),
      inviteTask: null,
      messages: [],
      readUpTo: undefined,
      reminder: null,
      offerTimer: undefined,
      reminderTimer: undefined,
      unansweredSince: null,
      waitStartedAt: enqueuedAt,
      assistanceId: null,
    };
    this.chats.set(id, chat);
    actor.on('*', (fact) => this.#facts.push([chat, fact]));
    actor.start();
    return chat;
  }

  /** Whether finished chats are kept for queries (the simulator keeps none). */
  get retainsFinished(): boolean {
    return this.#retain > 0;
  }

  /** Moves a closed or abandoned chat out of the live registry, forgetting the oldest beyond retention. */
  finish(chat: ChatRuntime, record: FinishedChat | undefined): void {
    this.chats.delete(chat.id);
    if (record === undefined || this.#retain === 0) return;
    this.finished.set(chat.id, record);
    if (this.finished.size > this.#retain) this.finished.delete(this.finished.keys().next().value as string);
  }

  /** Runs `callback` in a transaction after `delayMs`; cancelled by {@link EngineCore.cancelLater} or `stop`. */
  later(delayMs: number, callback: () => void): TimerHandle {
    const handle = this.clock.setTimeout(() => {
      this.#timers.delete(handle);
      if (!this.#stopped) this.transact(callback);
    }, delayMs);
    this.#timers.add(handle);
    return handle;
  }

  cancelLater(handle: TimerHandle): void {
    if (this.#timers.delete(handle)) this.clock.clearTimeout(handle);
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const handle of this.#timers) this.clock.clearTimeout(handle);
    this.#timers.clear();
    for (const chat of this.chats.values()) chat.actor.stop();
    for (const agent of this.agents.values()) agent.actor.stop();
    this.desk.complete();
    this.events.complete();
  }

  #settle(): void {
    for (;;) {
      this.drain();
      const decisions = this.router.plan(this.clock.now());
      if (decisions.length === 0) return;
      for (const decision of decisions) this.#applyOffer(decision);
    }
  }

  #applyOffer({ task, agentIds }: OfferDecision): void {
    const chat = this.chats.get(task.chatId) as ChatRuntime;
    const context = chat.actor.getSnapshot().context;
    const offeredAt = this.clock.now();
    if (task.kind === 'invite') {
      const invitation = context.invitation;
      if (invitation === null) throw new Error(`chatroute: invitation task for ${chat.id} without an invitation`);
      const expiresAt = offeredAt + (this.queues.get(invitation.policyQueueId) as NormalizedQueue).offerTimeoutMs;
      const offers = agentIds.map((agentId) => ({ id: this.newId('offer'), agentId, kind: 'invite' as const, offeredAt, expiresAt, policyQueueId: invitation.policyQueueId }));
      this.sendChat(chat, { type: 'INVITE_OFFER', offers });
      return;
    }
    const kind = context.transfer !== null ? ('transfer' as const) : ('route' as const);
    const expiresAt = offeredAt + (this.queues.get(context.queueId) as NormalizedQueue).offerTimeoutMs;
    const offers = agentIds.map((agentId) => ({ id: this.newId('offer'), agentId, kind, offeredAt, expiresAt, policyQueueId: context.queueId }));
    this.sendChat(chat, { type: 'OFFER', offers });
  }

  #reconcileAgent(agent: AgentRuntime): void {
    const snapshot = agent.actor.getSnapshot();
    const context = snapshot.context;
    const state = agentStateOf(snapshot.value);
    if (state !== agent.reportedState || context.pause !== agent.reportedPause) {
      const previous = agent.reportedState;
      const now = this.clock.now();
      agent.time[agent.bucket] += now - agent.bucketSince;
      agent.bucket = bucketOf(state, context.pause);
      agent.bucketSince = now;
      agent.reportedState = state;
      agent.reportedPause = context.pause;
      this.emit({ type: 'agent.statusChanged', agentId: agent.config.id, state, previous, ...(context.pause ? { pause: context.pause } : {}) });
    }
    let loggedIn = agent.memberQueues;
    if (context.leftQueues.length > 0) loggedIn = new Set([...agent.memberQueues].filter((queueId) => !context.leftQueues.includes(queueId)));
    this.router.setAgent({
      agentId: agent.config.id,
      online: state !== 'offline',
      ready: state === 'ready',
      pendingOffers: context.offers.length,
      slotsUsed: slotsUsed(context),
      idleSince: context.idleSince,
      loggedInQueues: loggedIn,
    });
  }

  #flush(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      // Subscribers may dispatch while we publish: their events append here and go out in order.
      let i = 0;
      do {
        for (; i < this.#outbox.length; i++) this.events.next(this.#outbox[i] as EngineEvent);
        this.desk.publish();
      } while (i < this.#outbox.length);
    } finally {
      this.#outbox.length = 0;
      this.#flushing = false;
    }
  }
}
