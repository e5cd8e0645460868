import type { Actor } from 'xstate';
import type { agentMachine } from '../machines/agent/agentMachine';
import type { RoutingTask } from '../model/routing';
import type { ChatActor } from './ChatActor';
import type { Customer } from '../model/commands';
import type { NormalizedAgent } from './config';
import type { AgentPresence } from './presence';
import type { WorkTally } from './statistics';
import type { AgentState, Pause, TimeInState } from '../model/agent';
import type { ChatState, ChatView, Message } from '../model/chat';

/** Where an agent's time is being counted now. */
export type TimeBucket = keyof TimeInState;

/** An agent as the engine holds it: configuration, actor, what was last reported, and time accounting. */
export interface AgentRuntime {
  config: NormalizedAgent;
  readonly actor: Actor<typeof agentMachine>;
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
  /** Last login, resume, or chat taken or ended: the key of `longest-idle`. */
  idleSince: number;
  /** Consecutive missed offers (`policies.missedOfferPauseAfter`); answering an offer resets it. */
  missedOffers: number;
  /** Wrap-ups held, by closed chat: the timer that ends each, when, and whether it holds the whole agent. */
  readonly wrapUps: Map<string, { readonly timerId: number; readonly until: number; readonly whole: boolean }>;
  /** Set while the agent's connection is down (`agent.disconnected`): the router treats them as not ready. */
  presence: AgentPresence | null;
  /** Time staffed and handling, for occupancy in `stats()`. */
  readonly work: WorkTally;
}

/** A live chat (not closed or abandoned) as the engine holds it. */
export interface ChatRuntime {
  readonly id: string;
  /** Live while the chat has work; passivated (its persisted snapshot) while it only waits. */
  readonly actor: ChatActor;
  readonly customer: Customer;
  /** Its place while waiting: the same object is re-added on every requeue (a transfer makes a new one). */
  task: RoutingTask;
  /** The pending invitation's place while it waits for an agent. */
  inviteTask: RoutingTask | null;
  readonly messages: Message[];
  /** Per agent, how many messages they have read (created on the first read: most chats never need it). */
  readUpTo: Map<string, number> | undefined;
  /** A reminder fired and not yet answered. */
  reminder: { readonly waitingSince: number; readonly at: number } | null;
  /** The deadline of the pending offers (route, transfer or invitation): fires `EXPIRE`. */
  offerTimer: number | undefined;
  /** The pending `after-first-message` reminder. */
  reminderTimer: number | undefined;
  /** When the customer's first still-unanswered message was sent. */
  unansweredSince: number | null;
  /** When the chat entered its current queue (start or transfer), for service-level statistics. */
  waitStartedAt: number;
  /** The open assistance request of this chat. */
  assistanceId: string | null;
  /** The next widening, relaxation or reservation end (routing policies): the router looks again then. */
  eligibilityTimer: number | undefined;
  /** The queue's maximum wait (`policies.overflow.maxWaitMs`). */
  maxWaitTimer: number | undefined;
  /** Since when the customer's connection is down, and the timer that makes them leave. */
  customerAwaySince: number | null;
  customerTimer: number | undefined;
  /** Supervisors monitoring silently: no slot, unseen by the customer. */
  monitors: readonly string[];
  /** When the chat was last assigned (first taken, or taken again after a transfer), for handling times. */
  assignedAt: number | null;
}

/** A closed or abandoned chat, kept for queries until the retention limit. */
export interface FinishedChat {
  readonly view: ChatView;
  readonly messages: readonly Message[];
}

/** Maps an agent snapshot value to the public state. */
export function agentStateOf(value: unknown): AgentState {
  if (value === 'offline') return 'offline';
  return (value as { online: 'ready' | 'busy' | 'paused' }).online;
}

/** Maps a chat snapshot value to the public state (`active` is a parallel state with regions). */
export function chatStateOf(value: unknown): ChatState {
  return typeof value === 'string' ? (value as ChatState) : 'active';
}

/** A change to the slots an agent holds (see `EngineCore.changeSlots`); wrap-ups are kept in `wrapUps` by the caller. */
export type SlotChange =
  | { readonly type: 'offerReceived' | 'offerEnded' | 'wrapUpStarted'; readonly chatId: string }
  | { readonly type: 'offerAccepted' | 'chatJoined' | 'chatLeft' | 'wrapUpEnded'; readonly chatId: string; readonly at: number };

/** Whether every slot is held: a ready agent is busy from then, and a paused one resumes busy. */
export function slotsFull(agent: AgentRuntime): boolean {
  return slotsUsed(agent) >= agent.config.capacity;
}

/** Slots in use: pending offers, chats and wrap-ups. */
export function slotsUsed(agent: Pick<AgentRuntime, 'offers' | 'chats' | 'wrapUps'>): number {
  return agent.offers.length + agent.chats.length + agent.wrapUps.size;
}

export function bucketOf(state: AgentState, pause: Pause | null): TimeBucket {
  if (state === 'paused') return pause?.paid ? 'pausedPaid' : 'pausedUnpaid';
  return state;
}
