import type { AgentEvent } from '../../machines/agent/types';
import type { ChatEvent } from '../../machines/chat/types';
import type { AssistanceRequest, Message, Notice } from '../../model/chat';
import type { AgentConfig, QueueConfig } from '../../model/config';
import type { Customer } from '../../model/commands';
import type { EngineEvent } from '../../model/events';
import type { TaskPolicy } from '../../model/policies';
import type { RoutingTask } from '../../model/routing';
import type { HistoryStore } from '../../history/types';
import type { NormalizedAgent, NormalizedPresence, NormalizedQueue } from './config';
import type { AgentRecord, ChatRecord, FinishedChat, IdKind, SlotChange, TimerSpec } from './records';

/** An event as code emits it: the kernel stamps `seq` and `at`. */
export type EventInput = EngineEvent extends infer E ? (E extends EngineEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** What the router answers about waiting work (the desk and the views read it). */
export interface RouterReads {
  waiting(queueId: string): Iterable<RoutingTask>;
  waitingFor(agentId: string): Iterable<RoutingTask>;
  waitingCount(queueId: string): number;
}

/** What transactions change in the router. */
export interface RouterWrites {
  addTask(task: RoutingTask): void;
  removeTask(task: RoutingTask): void;
  /** Look at the task again at the next plan (a cooldown ended, a policy step came due, its exclusions changed). */
  touch(taskId: string): void;
  decline(taskId: string, agentId: string, until: number): void;
}

/** Running counts per queue since the engine started. */
export interface QueueCounters {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  shortAbandoned: number;
  /** Sum of the waits of answered chats (for ASA). */
  waitAnsweredMs: number;
  closed: number;
  /** Sum of assignment-to-close times of closed chats (for AHT). */
  handleMs: number;
}

/** What `stats()` is read from: lifetime counters and the per-queue record logs of the retention window. */
export interface StatisticsReads {
  readonly retentionMs: number;
  counters(queueId: string): QueueCounters;
  log(queueId: string): readonly number[] | undefined;
}

/**
 * The read port: everything the engine holds, as its readers (views, queries, the desk, the auditor) see it. Only
 * the composition root (`createEngine`) builds one; the registries behind it own the data.
 */
export interface EngineState {
  /** The engine's time: pinned to one instant while an input runs, the journaled time during replay. */
  readonly clock: { now(): number };
  readonly queues: ReadonlyMap<string, NormalizedQueue>;
  readonly agents: ReadonlyMap<string, AgentRecord>;
  /** Agents by member queue, in configuration order. */
  readonly membersByQueue: ReadonlyMap<string, readonly string[]>;
  readonly chats: ReadonlyMap<string, ChatRecord>;
  readonly finished: ReadonlyMap<string, FinishedChat>;
  /** Live chats with pending route or transfer offers, per queue: "offered to a colleague" in waiting activities. */
  readonly offeredByQueue: ReadonlyMap<string, ReadonlySet<ChatRecord>>;
  readonly assistance: ReadonlyMap<string, AssistanceRequest>;
  readonly router: RouterReads;
  readonly statistics: StatisticsReads;
  readonly presence: NormalizedPresence;
  readonly history: HistoryStore;
  /** Configuration as given (defaults not filled), per queue and agent, in configuration order. */
  readonly queueConfigs: ReadonlyMap<string, QueueConfig>;
  readonly agentConfigs: ReadonlyMap<string, AgentConfig>;
  /** Pending engine timers (the auditor reads the cooldowns). */
  readonly timers: ReadonlyMap<number, { readonly due: number; readonly spec: TimerSpec }>;
  /** Each contact's last agent (`policies.affinity.lastAgent`). */
  lastAgentOf(contactId: string): string | undefined;
  /** Whether a journal is being replayed (nothing is published then). */
  readonly replaying: boolean;
  readonly stopped: boolean;
  agentName(agentId: string): string;
}

/** The write port: the only ways a transaction changes the engine. Every call must run inside `transact`. */
export interface Effects {
  /** Runs `change`, then settles (facts, agents, routing); outputs go out when the outermost transaction ends. */
  transact<T>(change: () => T): T;
  /** Processes pending facts and agent changes now (inside a transaction), without planning offers. */
  drain(): void;
  emit(event: EventInput): void;
  /** An engine timer: runs `spec` in a transaction `delayMs` from now (journaled, in snapshots); returns its id. */
  later(delayMs: number, spec: TimerSpec): number;
  cancelLater(id: number): void;
  newId(kind: IdKind): string;
  readonly router: RouterWrites;
  sendChat(chat: ChatRecord, event: ChatEvent): void;
  sendAgent(agentId: string, event: AgentEvent): void;
  /** Changes the slots an agent holds; its machine hears only when they fill up or free. */
  changeSlots(agentId: string, change: SlotChange): void;
  /** Re-reads an agent into the router and its public state when the transaction settles. */
  markAgent(agent: AgentRecord): void;
  /** Creates and starts a chat in a queue; its first fact (`queued`) is handled when the transaction settles. */
  startChat(id: string, queue: NormalizedQueue, customer: Customer, priority: number, policy: TaskPolicy | undefined): ChatRecord;
  /** A new place of an existing chat (after a transfer or an overflow) or of its invitation. */
  newTask(chat: ChatRecord, kind: 'chat' | 'invite', where: { queueId: string } | { agentId: string }, enqueuedAt: number, exclude: ReadonlySet<string> | null): RoutingTask;
  /** Moves a closed or abandoned chat out of the live registry (kept for queries within the retention). */
  finish(chat: ChatRecord, record: FinishedChat | undefined): void;
  readonly retainsFinished: boolean;
  /** Whether the chat counts as offered in its queue ("offered to a colleague" in waiting activities). */
  setOffered(queueId: string, chat: ChatRecord, offered: boolean): void;
  addMessage(chat: ChatRecord, message: Message): void;
  /** A line the engine itself writes into the chat (joins, leaves, transfers), so the customer sees it. */
  addNotice(chat: ChatRecord, notice: Notice, text: string): void;
  openAssistance(request: AssistanceRequest): void;
  closeAssistance(requestId: string): void;
  setLastAgent(contactId: string, agentId: string): void;
  /** Replaces a finished chat's record (a contact's erasure). */
  replaceFinished(chatId: string, record: FinishedChat): void;
  /**
   * A contact was erased: once the input has settled, what is stored beyond the engine's state (the event log and its
   * archive, the journal before now, the store's files) forgets these chats too.
   */
  forgetStored(contactId: string, chatIds: readonly string[]): void;
  /** Statistics, written once per fact: the lifetime counters and the window's log together. */
  readonly record: StatisticsWrites;
  upsertQueue(raw: QueueConfig, queue: NormalizedQueue): void;
  removeQueue(queueId: string): void;
  upsertAgent(raw: AgentConfig, config: NormalizedAgent): AgentRecord;
  removeAgent(agentId: string): void;
  /** The desk re-reads this chat (and whoever sees it) when the transaction settles. */
  touchChat(chat: ChatRecord): void;
  touchAgent(agentId: string): void;
  touchSupervisors(queueId: string): void;
}

/** What a fact adds to the queue statistics. */
export interface StatisticsWrites {
  offered(queueId: string, now: number): void;
  answered(queueId: string, waitMs: number, withinSl: boolean, now: number): void;
  abandoned(queueId: string, waitMs: number, short: boolean, now: number): void;
  closed(queueId: string, handleMs: number, now: number): void;
}

/** What handlers, facts, timers and effects run against: the read port and the write port. */
export type EngineContext = EngineState & Effects;

/**
 * What a transaction touched, for what is downstream of the engine (the desk): read once the engine has settled
 * and its events are out, then cleared.
 */
export interface Touched {
  readonly chats: ReadonlySet<ChatRecord>;
  readonly agents: ReadonlySet<string>;
  readonly supervisedQueues: ReadonlySet<string>;
  /** Queues, agents or memberships changed. */
  readonly config: boolean;
  /** Whether anything waits to be read. */
  readonly pending: boolean;
  /** Starts collecting (nothing is kept until something downstream asks). */
  enable(): void;
  /** Forgets what was read. */
  clear(): void;
}
