import type { Actor, SnapshotFrom } from 'xstate';
import type { agentMachine } from '../../machines/agent/agentMachine';
import type { chatMachine } from '../../machines/chat/chatMachine';
import type { ChatEvent } from '../../machines/chat/types';
import type { AgentState, Pause, TimeInState } from '../../model/agent';
import type { ChatState, ChatView, Message } from '../../model/chat';
import type { Customer } from '../../model/commands';
import type { RoutingTask } from '../../model/routing';
import type { NormalizedAgent } from './config';

/*
 * What the engine holds per agent and per chat. Records are owned by their registries (`agents/`, `chats/`); code
 * running inside a transaction (handlers, facts, timers, policy and presence effects) updates their fields in place,
 * and everything else (views, the desk, the auditor) only reads them through `EngineState`.
 */

/** What the engine reads of a chat actor's state: the same whether the actor is live or passivated. */
export type ChatSnapshot = Pick<SnapshotFrom<typeof chatMachine>, 'value' | 'context'>;

/** XState's persisted form of a chat actor's state, as snapshots keep it. */
export type PersistedChat = ReturnType<Actor<typeof chatMachine>['getPersistedSnapshot']>;

/** A chat's actor as readers see it; only the chat registry sends it events (through `Effects.sendChat`). */
export interface ChatActorView {
  readonly live: boolean;
  /** Whether the chat's machine takes `event` now (XState's `snapshot.can`). */
  can(event: ChatEvent): boolean;
  getSnapshot(): ChatSnapshot;
  getPersistedSnapshot(): PersistedChat;
}

/** An agent's actor as readers see it; only the agent registry sends it events (through `Effects.sendAgent`). */
export type AgentActorView = Pick<Actor<typeof agentMachine>, 'getSnapshot' | 'getPersistedSnapshot'>;

/**
 * A live chat's engine-side state: plain data (tasks aside, whose `exclude` is the router's set), so a snapshot keeps
 * it whole. Absent timers are `null`.
 */
export interface ChatData {
  readonly id: string;
  /** Who the customer is (replaced by a blank one when the contact is erased: `contact.erase`). */
  customer: Customer;
  /** Its place while waiting: the same object is re-added on every requeue (a transfer makes a new one). */
  task: RoutingTask;
  /** The pending invitation's place while it waits for an agent. */
  inviteTask: RoutingTask | null;
  readonly messages: Message[];
  /** Per agent, how many messages they have read, as `[agentId, count]` (created on the first read). */
  readUpTo: Array<[string, number]> | null;
  /** A reminder fired and not yet answered. */
  reminder: { readonly waitingSince: number; readonly at: number } | null;
  /** The deadline of the pending offers (route, transfer or invitation): fires `EXPIRE`. */
  offerTimer: number | null;
  /** The pending `after-first-message` reminder. */
  reminderTimer: number | null;
  /** When the customer's first still-unanswered message was sent. */
  unansweredSince: number | null;
  /** When the chat entered its current queue (start or transfer), for service-level statistics. */
  waitStartedAt: number;
  /** The open assistance request of this chat. */
  assistanceId: string | null;
  /** The next widening, relaxation or reservation end (routing policies): the router looks again then. */
  eligibilityTimer: number | null;
  /** The queue's maximum wait (`policies.overflow.maxWaitMs`). */
  maxWaitTimer: number | null;
  /** Since when the customer's connection is down, and the timer that makes them leave. */
  customerAwaySince: number | null;
  customerTimer: number | null;
  /** Supervisors monitoring silently: no slot, unseen by the customer. */
  monitors: readonly string[];
  /** When the chat was last assigned (first taken, or taken again after a transfer), for handling times. */
  assignedAt: number | null;
  /** The customer's silence (queue option `inactivity`): the pending warning or close, and when the warning was written. */
  inactivityTimer: number | null;
  inactivityWarnedAt: number | null;
  /** Set while the chat is on hold (`chat.hold`). */
  hold: ChatHold | null;
  /** The chat's tags (`chat.tag`), in the order they were added. */
  tags: readonly string[];
  /** What its contact record will say (`contact.recorded` when it ends). */
  readonly tally: ChatTally;
}

/** A chat on hold: who holds it, since when, why, and whether the holder's slot is free meanwhile. */
export interface ChatHold {
  readonly by: string;
  readonly since: number;
  readonly reason?: string;
  readonly freesSlot: boolean;
}

/** One agent's time in a chat, as the tally keeps it (`openSince`: in the chat now, since then). */
export interface TallyAgent {
  readonly agentId: string;
  readonly via: 'offer' | 'pick' | 'invite' | 'barge';
  readonly joinedAt: number;
  leftAt: number | null;
  ms: number;
  openSince: number | null;
}

/** A live chat's running contact record: plain numbers and lists, kept in snapshots with the chat. */
export interface ChatTally {
  readonly queues: string[];
  firstOfferedAt: number | null;
  answeredAt: number | null;
  answeredInQueue: string | null;
  made: number;
  accepted: number;
  rejected: number;
  missed: number;
  withdrawn: number;
  transfers: number;
  invitations: number;
  customerDisconnects: number;
  agentDisconnects: number;
  customerMessages: number;
  agentMessages: number;
  systemMessages: number;
  readonly agents: TallyAgent[];
}

/** A live chat (not closed or abandoned): its data and its actor (live while it has work, passivated while it waits). */
export interface ChatRecord extends ChatData {
  readonly actor: ChatActorView;
}

/** A closed or abandoned chat, kept for queries until the retention limit. */
export interface FinishedChat {
  readonly view: ChatView;
  readonly messages: readonly Message[];
}

/** Where an agent's time is being counted now. */
export type TimeBucket = keyof TimeInState;

/** A disconnected agent: since when, and the pending timers of the grace (pause) and of the chats policy. */
export interface AgentPresence {
  readonly since: number;
  pauseTimer: number | undefined;
  chatsTimer: number | undefined;
}

/** Per agent: time staffed and handling since the engine started, and the changes within the retention (pairs `at, flags`). */
export interface WorkTally {
  staffedMs: number;
  handlingMs: number;
  flags: number;
  since: number;
  log: number[];
}

/** One wrap-up held: the timer that ends it, when, and whether it holds the whole agent (no offers) or one slot. */
export interface WrapUp {
  readonly timerId: number;
  readonly until: number;
  readonly whole: boolean;
}

/** An agent as the engine holds it: configuration, actor, what was last reported, slots and time accounting. */
export interface AgentRecord {
  config: NormalizedAgent;
  readonly actor: AgentActorView;
  reportedState: AgentState;
  reportedPause: Pause | null;
  /** Every member queue: the logged-in set when the agent has left none. */
  memberQueues: ReadonlySet<string>;
  /** Closed intervals per bucket; the open one runs from `bucketSince` in `bucket`. */
  readonly time: { -readonly [K in TimeBucket]-?: number };
  bucket: TimeBucket;
  bucketSince: number;
  /**
   * The slots the agent holds, as engine data (the machine hears only when they fill up or free): chats with a
   * pending offer to the agent, and chats the agent is in (active or closing), in the order they came. Each change
   * makes a new array, so a loop over one is never disturbed by what it causes.
   */
  offers: readonly string[];
  chats: readonly string[];
  /** Chats of `chats` on hold whose slot is free meanwhile (queue policy `hold.freesSlot`): not counted as used. */
  held: readonly string[];
  /** Last login, resume, or chat taken or ended: the key of `longest-idle`. */
  idleSince: number;
  /** Consecutive missed offers (`policies.missedOfferPauseAfter`); answering an offer resets it. */
  missedOffers: number;
  /** Wrap-ups held, by closed chat. */
  readonly wrapUps: Map<string, WrapUp>;
  /** Set while the agent's connection is down (`agent.disconnected`): the router treats them as not ready. */
  presence: AgentPresence | null;
  /** Time staffed and handling, for occupancy in `stats()`. */
  readonly work: WorkTally;
}

/** A change to the slots an agent holds (see `Effects.changeSlots`); wrap-ups are kept in `wrapUps` by the caller. */
export type SlotChange =
  | { readonly type: 'offerReceived' | 'offerEnded' | 'wrapUpStarted'; readonly chatId: string }
  | { readonly type: 'offerAccepted' | 'chatJoined' | 'chatLeft' | 'wrapUpEnded'; readonly chatId: string; readonly at: number }
  /** A chat of the agent went on hold freeing its slot, or came back from it (the caller checked for a free slot). */
  | { readonly type: 'holdFreed' | 'holdEnded'; readonly chatId: string };

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
  | { readonly kind: 'customerGrace'; readonly chatId: string }
  /** The customer's silence: the warning when none was written yet, else the close (`ChatData.inactivityWarnedAt`). */
  | { readonly kind: 'inactivity'; readonly chatId: string };

/** Kinds of generated ids. */
export type IdKind = 'chat' | 'offer' | 'message' | 'invitation' | 'assistance';

/** Maps an agent snapshot value to the public state. */
export function agentStateOf(value: unknown): AgentState {
  if (value === 'offline') return 'offline';
  return (value as { online: 'ready' | 'busy' | 'paused' }).online;
}

/** Maps a chat snapshot value to the public state (`active` is a parallel state with regions). */
export function chatStateOf(value: unknown): ChatState {
  return typeof value === 'string' ? (value as ChatState) : 'active';
}

/** Slots in use: pending offers, chats and wrap-ups, less the chats on hold that free theirs. */
export function slotsUsed(agent: Pick<AgentRecord, 'offers' | 'chats' | 'wrapUps' | 'held'>): number {
  return agent.offers.length + agent.chats.length + agent.wrapUps.size - agent.held.length;
}

/** Whether every slot is held: a ready agent is busy from then, and a paused one resumes busy. */
export function slotsFull(agent: AgentRecord): boolean {
  return slotsUsed(agent) >= agent.config.capacity;
}

/** How many messages an agent has read in a chat. */
export function readCount(chat: ChatData, agentId: string): number {
  if (chat.readUpTo !== null) for (const [id, count] of chat.readUpTo) if (id === agentId) return count;
  return 0;
}

/** Records that an agent has read a chat up to its last message. */
export function markRead(chat: ChatData, agentId: string): void {
  const count = chat.messages.length;
  if (chat.readUpTo === null) chat.readUpTo = [];
  for (const entry of chat.readUpTo) {
    if (entry[0] === agentId) {
      entry[1] = count;
      return;
    }
  }
  chat.readUpTo.push([agentId, count]);
}

/** Generated-id counters: persisted in snapshots so ids never repeat after a restart. */
export type IdCounters = Record<IdKind, number>;
