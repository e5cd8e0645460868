import { Subject } from 'rxjs';
import { createActor, type Snapshot } from 'xstate';
import type { Clock, TimerHandle } from '../clock/types';
import { createMemoryHistory } from '../history/createMemoryHistory';
import type { HistoryStore } from '../history/types';
import { agentMachine } from '../machines/agent/agentMachine';
import type { AgentEvent } from '../machines/agent/types';
import { chatMachine } from '../machines/chat/chatMachine';
import type { ChatEvent, ChatFact } from '../machines/chat/types';
import { ChatActor, type PersistedChat } from './ChatActor';
import { createRandom, type RandomSource } from '../random/createRandom';
import { Router } from '../routing/Router';
import type { OfferDecision } from '../routing/types';
import type { RoutingTask } from '../model/routing';
import type { Customer } from '../model/commands';
import { normalizeConfig, type NormalizedAgent, type NormalizedQueue } from './config';
import { DeskFeed } from '../desk/DeskFeed';
import { handleFact } from './facts';
import { LastAgents } from '../policies/affinity';
import { routingPolicyOf } from '../policies/normalizePolicies';
import { taskPolicyOf } from '../policies/compose';
import type { TaskPolicy } from '../model/policies';
import { dropWrapUps, releaseEmptyQueues, wrapUpHoldsAgent } from './policyEffects';
import { clearAgentPresence, normalizePresence, type NormalizedPresence } from './presence';
import { newCounters, newWork, QueueLogs, recordWork, workFlags, type QueueCounters } from './statistics';
import { agentStateOf, bucketOf, slotsFull, slotsUsed, type AgentRuntime, type ChatRuntime, type FinishedChat, type SlotChange } from './runtime';
import type { AgentConfig, QueueConfig } from '../model/config';
import type { AssistanceRequest, Message, Notice } from '../model/chat';
import type { EngineEvent } from '../model/events';
import type { EngineOptions } from './options';

type EventInput = EngineEvent extends infer E ? (E extends EngineEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** What an engine timer does when it fires: data, so pending timers can be snapshotted and replayed. */
export type TimerSpec =
  | { readonly kind: 'offer'; readonly chatId: string }
  | { readonly kind: 'cooldown'; readonly taskId: string }
  | { readonly kind: 'reminder'; readonly chatId: string }
  | { readonly kind: 'eligibility'; readonly chatId: string }
  | { readonly kind: 'maxWait'; readonly chatId: string }
  | { readonly kind: 'wrapUp'; readonly agentId: string; readonly chatId: string }
  | { readonly kind: 'agentGrace'; readonly agentId: string }
  | { readonly kind: 'agentChats'; readonly agentId: string }
  | { readonly kind: 'customerGrace'; readonly chatId: string };

/** A pending engine timer: its deterministic id, absolute deadline and what it does. */
export interface PendingTimer {
  readonly id: number;
  readonly due: number;
  readonly spec: TimerSpec;
  handle: TimerHandle | undefined;
}

/** Where every timer's effect is carried out (injected, so the core does not import what it drives). */
export type TimerRunner = (core: EngineCore, spec: TimerSpec) => void;

/**
 * Hooks a durable engine gives the core: journal an input before it takes effect (throws when the store fails),
 * and run after every input has settled (snapshots).
 */
export interface InputJournal {
  /** Journals a timer that fired at `at`; throws when the store fails. */
  record(at: number, input: { kind: 'timer'; timerId: number }): void;
  /** Journals the command being dispatched, if any; throws when the store fails. */
  recordPending(at: number): void;
  /** An input has settled and its events are out (snapshots when due). */
  settled(core: EngineCore): void;
}

/** Generated-id counters: persisted in snapshots so ids never repeat after a restart. */
export type IdCounters = Record<'chat' | 'offer' | 'message' | 'invitation' | 'assistance', number>;

const without = (list: readonly string[], item: string): string[] => list.filter((x) => x !== item);

function sameKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  const others = b.keys();
  for (const key of a.keys()) if (others.next().value !== key) return false;
  return true;
}

export type { QueueCounters } from './statistics';

/**
 * The engine's state and its one way to change it: {@link EngineCore.transact}. A transaction runs a change
 * (a command, or a timer firing), then settles: it turns the facts chat actors emitted into agent updates and
 * public events, reconciles agents with the router, and lets the router plan offers, until nothing moves.
 * Events (and desk updates) are published only once the whole system is consistent again.
 */
export class EngineCore {
  /** The engine's time: the real clock live, the journaled time of each entry during replay. */
  readonly clock: Clock;
  startedAt: number;
  readonly queues: Map<string, NormalizedQueue>;
  /** Configuration as given (defaults not filled), per queue and agent: what snapshots keep. */
  readonly queueConfigs = new Map<string, QueueConfig>();
  readonly agentConfigs = new Map<string, AgentConfig>();
  readonly agents = new Map<string, AgentRuntime>();
  readonly chats = new Map<string, ChatRuntime>();
  readonly finished = new Map<string, FinishedChat>();
  /** Live chats with pending route or transfer offers, per queue: "offered to a colleague" in waiting activities. */
  readonly offeredByQueue = new Map<string, Set<ChatRuntime>>();
  /** Agents by member queue, in configuration order. */
  readonly membersByQueue = new Map<string, string[]>();
  readonly counters = new Map<string, QueueCounters>();
  readonly assistance = new Map<string, AssistanceRequest>();
  /** Each contact's last agent, for `policies.affinity.lastAgent` (kept in snapshots). */
  readonly lastAgents = new LastAgents();
  /** Queues with `overflow.whenNobodyLoggedIn`: looked at whenever an agent's state settles. */
  readonly overflowWhenEmpty = new Set<string>();
  readonly history: HistoryStore;
  readonly router: Router;
  readonly desk: DeskFeed;
  readonly events = new Subject<EngineEvent>();
  readonly random: RandomSource;
  /** The presence policy (`options.presence`), defaults filled in. */
  readonly presence: NormalizedPresence;
  /** Per-queue records for `stats({ windowMs })`. */
  readonly statistics: QueueLogs;
  readonly #options: EngineOptions;
  readonly #retain: number;
  readonly #realClock: Clock;
  readonly #actorClock: Clock;
  readonly #runTimer: TimerRunner;
  readonly #customIds: EngineOptions['ids'];
  idCounters: IdCounters = { chat: 0, offer: 0, message: 0, invitation: 0, assistance: 0 };
  readonly timers = new Map<number, PendingTimer>();
  timerSeq = 0;
  /** Set while a journal is replayed: no timer is armed, no event published, `now()` is the entry's time. */
  replayAt: number | undefined = undefined;
  /**
   * The instant of the input under way (live): every read of the clock while one command or timer runs sees the same
   * time, the one its journal entry records. A wall clock ticks mid-transaction; replay pins each entry's time, so
   * without this a chat started at 10:00:00.999 could replay as started at 10:00:00.998 (and a host's token bound to
   * the start time would no longer match after a restart).
   */
  #instant: number | undefined = undefined;
  /** The durable engine's journal, when there is a store. */
  journal: InputJournal | undefined = undefined;
  /** With an asynchronous store: holds each output (event or desk delivery) until its input is durable. */
  holdOutput: ((deliver: () => void) => void) | undefined = undefined;

  /** Delivers an output now, or holds it for its input's commit (asynchronous stores). */
  deliver(output: () => void): void {
    if (this.holdOutput !== undefined) this.holdOutput(output);
    else output();
  }
  /** The auditor (`options.audit`): called, like `journal.settled`, once each input has settled and its events are out. */
  audit: ((core: EngineCore) => void) | undefined = undefined;
  readonly #facts: Array<readonly [ChatRuntime, ChatFact]> = [];
  readonly #dirtyAgents = new Set<AgentRuntime>();
  /** Chats whose actor ran in this transaction: those left only waiting are passivated when it settles. */
  readonly #touchedChats = new Set<ChatRuntime>();
  readonly #outbox: EngineEvent[] = [];
  eventSeq = 0;
  taskSeq = 0;
  #depth = 0;
  #flushing = false;
  #stopped = false;

  constructor(options: EngineOptions, clock: Clock, runTimer: TimerRunner) {
    const config = normalizeConfig(options);
    this.#options = options;
    this.#realClock = clock;
    this.#runTimer = runTimer;
    this.clock = {
      now: () => this.replayAt ?? this.#instant ?? clock.now(),
      setTimeout: (callback, delayMs) => clock.setTimeout(callback, delayMs),
      clearTimeout: (handle) => clock.clearTimeout(handle),
    };
    this.startedAt = clock.now();
    this.queues = config.queues;
    this.#retain = config.retainFinishedChats;
    this.history = options.history ?? createMemoryHistory();
    this.#customIds = options.ids;
    // Timers of actors fire inside a transaction, so their effects settle like a command's. (The machines keep no
    // timers today: deadlines are engine timers, which are journaled; see `later`.)
    this.#actorClock = {
      now: () => this.clock.now(),
      setTimeout: (callback, delayMs) => clock.setTimeout(() => this.transact(callback), delayMs),
      clearTimeout: (handle) => clock.clearTimeout(handle),
    };
    this.random = options.random ?? createRandom(1);
    this.presence = normalizePresence(options.presence);
    this.statistics = new QueueLogs(options.statsRetentionMs);
    this.router = new Router([], [], this.random);
    for (const queue of options.queues) this.upsertQueue(queue, config.queues.get(queue.id) as NormalizedQueue);
    for (const agent of options.agents) this.upsertAgent(agent, config.agents.get(agent.id) as NormalizedAgent);
    this.desk = new DeskFeed(this, options.desk);
  }

  /** Adds a queue or changes its settings (the strategy's pool is rebuilt when it changes). */
  upsertQueue(raw: QueueConfig, queue: NormalizedQueue): void {
    // Desks list queues and colleagues; `desk` is unset while the constructor seeds the configuration.
    this.desk?.configChanged();
    this.queueConfigs.set(queue.id, structuredClone(raw));
    this.queues.set(queue.id, queue);
    this.router.setQueue({ id: queue.id, strategy: queue.strategy, policy: routingPolicyOf(queue.policies) });
    if (queue.policies?.overflow?.whenNobodyLoggedIn === true) this.overflowWhenEmpty.add(queue.id);
    else this.overflowWhenEmpty.delete(queue.id);
    if (!this.offeredByQueue.has(queue.id)) {
      this.offeredByQueue.set(queue.id, new Set());
      this.membersByQueue.set(queue.id, []);
      this.counters.set(queue.id, newCounters());
    }
  }

  /** Removes a queue nothing refers to any more. */
  removeQueue(queueId: string): void {
    this.desk.configChanged();
    this.queueConfigs.delete(queueId);
    this.queues.delete(queueId);
    this.offeredByQueue.delete(queueId);
    this.membersByQueue.delete(queueId);
    this.counters.delete(queueId);
    this.router.removeQueue(queueId);
    this.overflowWhenEmpty.delete(queueId);
  }

  /**
   * Adds an agent (offline) or changes one: name, capacity, memberships and penalties, supervised queues. A new
   * capacity re-decides ready or busy; the router re-indexes the memberships. Returns the runtime.
   */
  upsertAgent(raw: AgentConfig, config: NormalizedAgent, actorSnapshot?: Snapshot<unknown>): AgentRuntime {
    this.desk?.configChanged();
    this.agentConfigs.set(config.id, structuredClone(raw));
    const existing = this.agents.get(config.id);
    const membershipsChanged = existing === undefined || !sameKeys(existing.config.penalties, config.penalties);
    if (existing !== undefined && actorSnapshot === undefined) {
      existing.config = config;
      existing.memberQueues = new Set(config.penalties.keys());
      // A changed capacity re-decides ready or busy (lowered below the slots in use: busy until below).
      if (this.#syncFull(existing)) this.#dirtyAgents.add(existing);
      if (membershipsChanged) this.#rebuildMembers();
      this.router.setAgentConfig({ id: config.id, penalties: config.penalties, skills: config.skills });
      return existing;
    }
    const actor = createActor(agentMachine, {
      input: { id: config.id },
      ...(actorSnapshot !== undefined ? { snapshot: actorSnapshot as never } : {}),
      clock: this.#actorClock,
      ...(this.#options.inspect ? { inspect: this.#options.inspect } : {}),
    });
    actor.start();
    existing?.actor.stop();
    const agent: AgentRuntime = {
      config,
      actor,
      reportedState: 'offline',
      reportedPause: null,
      memberQueues: new Set(config.penalties.keys()),
      time: { offline: 0, ready: 0, busy: 0, pausedPaid: 0, pausedUnpaid: 0, wrapUp: 0 },
      offers: [],
      chats: [],
      idleSince: 0,
      missedOffers: 0,
      wrapUps: new Map(),
      bucket: 'offline',
      bucketSince: this.clock.now(),
      presence: null,
      work: newWork(this.clock.now()),
    };
    this.agents.set(config.id, agent);
    // A new agent comes last in configuration order: appending keeps the lists in order without a rebuild.
    if (existing === undefined) for (const queueId of config.penalties.keys()) this.membersByQueue.get(queueId)?.push(config.id);
    else if (membershipsChanged) this.#rebuildMembers();
    this.router.setAgentConfig({ id: config.id, penalties: config.penalties, skills: config.skills });
    return agent;
  }

  /** Removes an offline agent nothing waits for. */
  removeAgent(agentId: string): void {
    this.desk.configChanged();
    this.agents.get(agentId)?.actor.stop();
    this.agents.delete(agentId);
    this.agentConfigs.delete(agentId);
    this.#rebuildMembers();
    this.router.removeAgent(agentId);
  }

  #rebuildMembers(): void {
    for (const list of this.membersByQueue.values()) list.length = 0;
    for (const agent of this.agents.values()) {
      for (const queueId of agent.config.penalties.keys()) this.membersByQueue.get(queueId)?.push(agent.config.id);
    }
  }

  /** Re-reads an agent's actor into the router (and its public state), as after any change to it. */
  markAgent(agent: AgentRuntime): void {
    this.#dirtyAgents.add(agent);
    this.desk.touchAgent(agent.config.id);
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  newId(kind: 'chat' | 'offer' | 'message' | 'invitation' | 'assistance'): string {
    const ids = this.#customIds;
    if (ids !== undefined && (kind === 'chat' || kind === 'offer' || kind === 'message')) return ids(kind);
    return `${kind}-${++this.idCounters[kind]}`;
  }

  /** A new place of an existing chat (after a transfer) or of its invitation, in a queue or for one agent. */
  newTask(chat: ChatRuntime, kind: 'chat' | 'invite', where: { queueId: string } | { agentId: string }, enqueuedAt: number, exclude: ReadonlySet<string> | null): RoutingTask {
    // A transferred chat keeps its creation order as the last tie-break; an invitation gets its own. In a queue it
    // keeps its required skills, and its new queue's widening counts from now.
    const policy = kind === 'chat' && 'queueId' in where ? taskPolicyOf(this.queues.get(where.queueId)?.policies, this.clock.now(), chat.task.policy?.skills, undefined) : undefined;
    return this.#task(chat.id, kind, where, chat.task.priority, enqueuedAt, kind === 'chat' ? chat.task.seq : undefined, exclude, policy);
  }

  #task(
    chatId: string,
    kind: 'chat' | 'invite',
    where: { queueId: string } | { agentId: string },
    priority: number,
    enqueuedAt: number,
    seq: number | undefined,
    exclude: ReadonlySet<string> | null,
    policy?: TaskPolicy,
  ): RoutingTask {
    const id = ++this.taskSeq;
    return {
      ...(policy !== undefined ? { policy } : {}),
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

  /**
   * Runs `input` at one instant: the clock reads the same inside (see `#instant`). Nested calls, and replay (which
   * pins each entry's time itself), run as they are.
   */
  atOneInstant<T>(input: () => T): T {
    if (this.#instant !== undefined || this.replayAt !== undefined) return input();
    this.#instant = this.#realClock.now();
    try {
      return input();
    } finally {
      this.#instant = undefined;
    }
  }

  /** Runs `change`, then settles the system; events are published when the outermost transaction ends. */
  transact<T>(change: () => T): T {
    if (this.#stopped) throw new Error('chatroute: transaction on a stopped engine');
    if (this.#depth === 0 && this.#instant === undefined && this.replayAt === undefined) return this.atOneInstant(() => this.transact(change));
    // Output commit: the command is durable before it changes anything (a failed write throws from here, untouched).
    if (this.#depth === 0) this.journal?.recordPending(this.clock.now());
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
    stamped.seq = ++this.eventSeq;
    stamped.at = this.clock.now();
    this.#outbox.push(Object.freeze(stamped) as EngineEvent);
  }

  sendChat(chat: ChatRuntime, event: ChatEvent): void {
    chat.actor.send(event);
    this.#touchedChats.add(chat);
  }

  sendAgent(agentId: string, event: AgentEvent): void {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return;
    const before = event.type === 'LOGIN' || event.type === 'RESUME' ? agentStateOf(agent.actor.getSnapshot().value) : undefined;
    agent.actor.send(event);
    // Logging in and resuming restart the idle clock (`longest-idle`), when they happen.
    if ((event.type === 'LOGIN' && before === 'offline') || (event.type === 'RESUME' && before === 'paused')) agent.idleSince = event.at;
    this.markAgent(agent);
  }

  /**
   * Changes the slots an agent holds (engine data). The agent's machine hears of it only when the slots fill up or
   * free; the router, the agent's desk and the statistics hear of every change when the transaction settles.
   */
  changeSlots(agentId: string, change: SlotChange): void {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return;
    const { chatId } = change;
    switch (change.type) {
      case 'offerReceived':
        agent.offers = [...agent.offers, chatId];
        break;
      case 'offerEnded':
        agent.offers = without(agent.offers, chatId);
        break;
      case 'offerAccepted':
        agent.offers = without(agent.offers, chatId);
        agent.chats = [...agent.chats, chatId];
        agent.idleSince = change.at;
        break;
      case 'chatJoined':
        agent.chats = [...agent.chats, chatId];
        agent.idleSince = change.at;
        break;
      case 'chatLeft':
        agent.chats = without(agent.chats, chatId);
        agent.idleSince = change.at;
        break;
      case 'wrapUpEnded':
        agent.idleSince = change.at;
        break;
      case 'wrapUpStarted':
        break;
    }
    this.#syncFull(agent);
    this.markAgent(agent);
  }

  /** Tells a ready or busy agent's machine when its slots filled up or freed; returns whether it did. */
  #syncFull(agent: AgentRuntime): boolean {
    const state = agentStateOf(agent.actor.getSnapshot().value);
    const full = slotsFull(agent);
    if (state === 'ready' && full) agent.actor.send({ type: 'SLOTS_FULL' });
    else if (state === 'busy' && !full) agent.actor.send({ type: 'SLOTS_FREE' });
    else return false;
    return true;
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
  startChat(id: string, queue: NormalizedQueue, customer: Customer, priority: number, policy?: TaskPolicy): ChatRuntime {
    const enqueuedAt = this.clock.now();
    return this.createChat(id, customer, this.#task(id, 'chat', { queueId: queue.id }, priority, enqueuedAt, undefined, null, policy), queue.id);
  }

  /**
   * Creates a chat: a fresh started actor, or (from a snapshot) a passivated one that becomes live on its first event.
   * Restored actors emit no fact; a fresh one emits `queued`, handled when the transaction settles.
   */
  createChat(id: string, customer: Customer, task: RoutingTask, queueId: string, kept?: PersistedChat): ChatRuntime {
    const chat = { id, customer, task } as ChatRuntime;
    const activate = (snapshot: PersistedChat | undefined) => {
      const actor = createActor(chatMachine, {
        input: { queueId },
        ...(snapshot !== undefined ? { snapshot } : {}),
        clock: this.#actorClock,
        ...(this.#options.inspect ? { inspect: this.#options.inspect } : {}),
      });
      actor.on('*', (fact) => this.#facts.push([chat, fact]));
      actor.start();
      this.#touchedChats.add(chat);
      return actor;
    };
    Object.assign(chat, {
      inviteTask: null,
      messages: [],
      readUpTo: undefined,
      reminder: null,
      offerTimer: undefined,
      reminderTimer: undefined,
      unansweredSince: null,
      waitStartedAt: task.enqueuedAt,
      assistanceId: null,
      eligibilityTimer: undefined,
      maxWaitTimer: undefined,
      customerAwaySince: null,
      customerTimer: undefined,
      monitors: [],
      assignedAt: null,
    });
    (chat as { actor: ChatActor }).actor = new ChatActor(activate, kept);
    this.chats.set(id, chat);
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

  /**
   * Schedules an engine timer: it runs `spec` in a transaction `delayMs` from now, unless cancelled. Timers are
   * data with a deterministic id, so a durable engine journals "timer N fired at T" and replays it exactly.
   */
  later(delayMs: number, spec: TimerSpec): number {
    const timer: PendingTimer = { id: ++this.timerSeq, due: this.clock.now() + delayMs, spec, handle: undefined };
    this.timers.set(timer.id, timer);
    if (this.replayAt === undefined) this.armTimer(timer, delayMs);
    return timer.id;
  }

  cancelLater(id: number): void {
    const timer = this.timers.get(id);
    if (timer === undefined) return;
    this.timers.delete(id);
    if (timer.handle !== undefined) this.#realClock.clearTimeout(timer.handle);
  }

  /**
   * Arms a pending timer on the real clock. After recovery, overdue timers get a delay <= 0 (clocks fire those as soon
   * as they can), armed in deadline order so they fire in it.
   */
  armTimer(timer: PendingTimer, delayMs: number): void {
    timer.handle = this.#realClock.setTimeout(() => this.#fireLive(timer), delayMs);
  }

  /** A timer fired on the live clock: journal it with the time it actually fired, then run it. */
  #fireLive(timer: PendingTimer): void {
    timer.handle = undefined;
    if (this.#stopped || this.timers.get(timer.id) !== timer) return;
    this.atOneInstant(() => this.#fire(timer));
  }

  #fire(timer: PendingTimer): void {
    if (this.journal !== undefined) {
      try {
        this.journal.record(this.clock.now(), { kind: 'timer', timerId: timer.id });
      } catch {
        // The store failed: nothing happened; try again shortly, as the deadline has passed.
        this.armTimer(timer, 1_000);
        return;
      }
    }
    this.runTimer(timer.id);
    this.journal?.settled(this);
    this.audit?.(this);
  }

  /** Runs a pending timer now, in a transaction (live after journaling, or from a journal entry during replay). */
  runTimer(id: number): boolean {
    const timer = this.timers.get(id);
    if (timer === undefined) return false;
    this.timers.delete(id);
    this.transact(() => this.#runTimer(this, timer.spec));
    return true;
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const timer of this.timers.values()) if (timer.handle !== undefined) this.#realClock.clearTimeout(timer.handle);
    this.timers.clear();
    for (const chat of this.chats.values()) chat.actor.stop();
    for (const agent of this.agents.values()) agent.actor.stop();
    this.desk.complete();
    this.events.complete();
  }

  #settle(): void {
    for (;;) {
      this.drain();
      const decisions = this.router.plan(this.clock.now());
      if (decisions.length === 0) break;
      for (const decision of decisions) this.#applyOffer(decision);
    }
    // A chat that only waits needs no live actor until its next event (an offer, a pick, the customer leaving).
    for (const chat of this.#touchedChats) if (chat.actor.live && chat.actor.getSnapshot().value === 'queued') chat.actor.passivate();
    this.#touchedChats.clear();
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
      // Presence is about a logged-in agent's connection: logging out (or being logged out) ends it.
      if (state === 'offline') clearAgentPresence(this, agent);
    }
    if (agent.wrapUps.size > 0 || agent.bucket === 'wrapUp') this.#wrapUpBucket(agent, state, agent.chats.length);
    recordWork(agent.work, workFlags(state, agent.chats.length), this.clock.now(), this.statistics.retentionMs);
    this.feedRouter(agent);
    // A queue may overflow at once when its last agent goes (`policies.overflow.whenNobodyLoggedIn`).
    if (this.overflowWhenEmpty.size > 0) releaseEmptyQueues(this);
  }

  /** After-chat work is its own bucket of time in state: wrap-ups held, no chat, not paused. Logging out drops them. */
  #wrapUpBucket(agent: AgentRuntime, state: AgentRuntime['reportedState'], chats: number): void {
    if (state === 'offline') dropWrapUps(this, agent);
    const bucket = state !== 'offline' && state !== 'paused' && agent.wrapUps.size > 0 && chats === 0 ? 'wrapUp' : bucketOf(state, agent.reportedPause);
    if (bucket === agent.bucket) return;
    const now = this.clock.now();
    agent.time[agent.bucket] += now - agent.bucketSince;
    agent.bucket = bucket;
    agent.bucketSince = now;
  }

  /** Tells the router an agent's current state, read off its actor. */
  feedRouter(agent: AgentRuntime): void {
    const context = agent.actor.getSnapshot().context;
    const state = agent.reportedState;
    let loggedIn = agent.memberQueues;
    if (context.leftQueues.length > 0) loggedIn = new Set([...agent.memberQueues].filter((queueId) => !context.leftQueues.includes(queueId)));
    this.router.setAgent({
      agentId: agent.config.id,
      online: state !== 'offline',
      // A disconnected agent is not offered anything (not even a transfer addressed to them) until they reconnect.
      ready: state === 'ready' && agent.presence === null && !wrapUpHoldsAgent(agent),
      pendingOffers: agent.offers.length,
      slotsUsed: slotsUsed(agent),
      idleSince: agent.idleSince,
      loggedInQueues: loggedIn,
    });
  }

  #flush(): void {
    if (this.replayAt !== undefined) {
      // Replaying the journal: these events were published before the restart.
      this.#outbox.length = 0;
      return;
    }
    if (this.holdOutput !== undefined) {
      // An asynchronous store: outputs are computed now (the state they describe) and delivered once the batch
      // holding their inputs commits. Re-entrant dispatches happen at delivery, in their own transactions.
      const events = this.#outbox.splice(0);
      if (events.length > 0) this.holdOutput(() => { for (const event of events) this.events.next(event); });
      this.desk.publish();
      return;
    }
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      // Subscribers may dispatch while we publish: their events append here and go out in order.
      let i = 0;
      do {
        for (; i < this.#outbox.length; i++) this.events.next(this.#outbox[i] as EngineEvent);
        this.desk.publish();
        // A desk subscriber may have dispatched without emitting an event: its desk changes still go out.
      } while (i < this.#outbox.length || this.desk.pending);
    } finally {
      this.#outbox.length = 0;
      this.#flushing = false;
    }
  }
}
