import type { InspectionEvent, Observer } from 'xstate';
import type { Clock } from '../clock/types';
import type { RandomSource } from '../random/createRandom';
import type { CommandType, Customer, Sender } from './commandSchema';

/** How a queue chooses among eligible agents. */
export type StrategyName = 'longest-idle' | 'least-busy' | 'round-robin' | 'ring-all' | 'random';

/** What happens to an agent who lets an offer expire. */
export type MissedOfferPolicy = 'unpaid-pause' | 'none';

/** Admin configuration of one queue. */
export interface QueueConfig {
  /** Unique id (any string). */
  id: string;
  /** Shown on the offer notification. */
  name: string;
  /** Default `'longest-idle'`. */
  strategy?: StrategyName;
  /** How long an agent has to answer an offer. Default 20 000 ms. */
  offerTimeoutMs?: number;
  /** Default `'unpaid-pause'`: the agent goes to an unpaid pause with reason `'missed-offer'`. */
  missedOffer?: MissedOfferPolicy;
  /** Statuses an agent may choose before closing; at least one. */
  closeStatuses: string[];
  /**
   * After an agent rejects (or misses) a chat, it is not offered to that agent again for this long, so it goes
   * to a colleague first; afterwards it may come back. Default 30 000 ms.
   */
  rejectCooldownMs?: number;
  /** Longest message text accepted in this queue. Default 10 000 characters. */
  maxTextLength?: number;
}

/** One queue an agent belongs to; a higher penalty gets chats only when no lower-penalty agent is eligible. */
export interface Membership {
  queueId: string;
  /** Default 0. */
  penalty?: number;
}

/** Configuration of one agent. */
export interface AgentConfig {
  id: string;
  name: string;
  /** Concurrent chats (offers, active and closing chats all hold a slot). At least 1. */
  capacity: number;
  /** Member queues: ids, or memberships with a penalty. */
  queues: Array<string | Membership>;
}

/** Everything `createEngine` takes. */
export interface EngineOptions {
  queues: QueueConfig[];
  agents: AgentConfig[];
  /** Time source for every timestamp and timer. Default: the system clock. */
  clock?: Clock;
  /** Id source for generated ids (chats, offers, messages). Default: `chat-1`, `offer-1`, ... per engine. */
  ids?: (kind: 'chat' | 'offer' | 'message') => string;
  /** Uniform [0, 1) source for the `random` strategy. Default: `createRandom(1)`. */
  random?: RandomSource;
  /** XState inspection observer passed to every actor (for example `createBrowserInspector().inspect`). */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** How many closed or abandoned chats `getChat` still answers for (oldest forgotten first). Default 10 000. */
  retainFinishedChats?: number;
}

/** The closed set of error codes `dispatch` can return. */
export type ErrorCode =
  | 'invalid-command'
  | 'not-found'
  | 'forbidden'
  | 'invalid-state'
  | 'capacity-exceeded'
  | 'status-required'
  | 'conflict';

/** Why a command was refused: a stable `code` and a message saying what was wrong and what is allowed. */
export interface CommandError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** What a successful command returns, per command type. */
export interface CommandOutputs {
  'chat.start': { chatId: string };
  'message.send': { messageId: string };
}

/** The result of `engine.dispatch`: never thrown, always returned. */
export type DispatchResult<T extends CommandType = CommandType> =
  | ({ readonly ok: true } & (T extends keyof CommandOutputs ? Readonly<CommandOutputs[T]> : {}))
  | { readonly ok: false; readonly error: CommandError };

/** A queue as shown to agents. */
export interface QueueRef {
  readonly id: string;
  readonly name: string;
}

/** How an offer came about. */
export type OfferKind = 'route';

/** A pending offer: it holds a slot of its agent until accepted, rejected, expired or withdrawn. */
export interface OfferView {
  readonly id: string;
  readonly chatId: string;
  readonly agentId: string;
  readonly kind: OfferKind;
  readonly offeredAt: number;
  readonly expiresAt: number;
}

/** What the offer notification shows. */
export interface OfferNotification {
  readonly customer: Customer;
  readonly queue: QueueRef;
  /** When the customer entered the queue: time in queue = now − enqueuedAt. */
  readonly enqueuedAt: number;
  /** When the offer was made: time since notification = now − offeredAt. */
  readonly offeredAt: number;
  /** Deadline to answer. */
  readonly expiresAt: number;
}

/** State of a chat. */
export type ChatState = 'queued' | 'offered' | 'active' | 'closing' | 'closed' | 'abandoned';

/** An agent in a chat. */
export interface Participant {
  readonly agentId: string;
  readonly joinedAt: number;
}

/** A chat as returned by `engine.getChat`: plain frozen data. */
export interface ChatView {
  readonly id: string;
  readonly state: ChatState;
  readonly queueId: string;
  readonly queue: QueueRef;
  readonly customer: Customer;
  readonly priority: number;
  readonly enqueuedAt: number;
  readonly participants: readonly Participant[];
  /** The participant responsible for the chat. */
  readonly owner?: string;
  /** The first pending offer (the only one unless the queue rings all). */
  readonly offer?: OfferView;
  /** Every pending offer. */
  readonly offers: readonly OfferView[];
  /** The close status chosen by an agent. */
  readonly status?: string;
  readonly customerLeftAt?: number;
  /** When the chat closed or was abandoned. */
  readonly endedAt?: number;
  /** Agent who closed it. */
  readonly closedBy?: string;
}

/** State of an agent. `busy` = every slot used; `paused` wins over `busy`. */
export type AgentState = 'offline' | 'ready' | 'busy' | 'paused';

/** Why and how an agent is paused. */
export interface Pause {
  readonly reason: string;
  readonly paid: boolean;
  readonly since: number;
}

/** An agent's membership of a queue, and whether the agent is logged into it now. */
export interface AgentQueueView {
  readonly queueId: string;
  readonly penalty: number;
  readonly loggedIn: boolean;
}

/** An agent as returned by `engine.getAgent`: plain frozen data. */
export interface AgentView {
  readonly id: string;
  readonly name: string;
  readonly state: AgentState;
  readonly pause?: Pause;
  /** Chats the agent participates in (active and closing). */
  readonly chats: readonly string[];
  /** Pending offers to this agent. */
  readonly offers: readonly OfferView[];
  readonly capacity: number;
  /** Offers + chats. */
  readonly slotsUsed: number;
  readonly queues: readonly AgentQueueView[];
  /** Since when the agent has been idle in the `longest-idle` sense (last login, resume, or chat taken or ended). */
  readonly idleSince?: number;
}

/** A chat an agent may pick from the "Waiting activities" list. */
export interface WaitingActivity {
  readonly chatId: string;
  readonly queue: QueueRef;
  readonly customer: Customer;
  readonly priority: number;
  readonly enqueuedAt: number;
  /** `offered` when it is currently offered to a colleague (picking withdraws that offer). */
  readonly state: 'queued' | 'offered';
}

/** A chat message. */
export interface Message {
  readonly id: string;
  readonly chatId: string;
  readonly from: Sender;
  readonly text: string;
  readonly at: number;
}

/** Why a chat is (back) in its queue. */
export type QueuedReason = 'started' | 'rejected' | 'expired' | 'withdrawn';

/** Why an offer was withdrawn. */
export type WithdrawReason =
  | 'accepted-elsewhere'
  | 'picked'
  | 'customer-left'
  | 'agent-paused'
  | 'agent-logged-out'
  | 'agent-left-queue';

interface EventBase {
  /** Increases by one per event, per engine. */
  readonly seq: number;
  /** Clock time of the event. */
  readonly at: number;
}

/**
 * Everything that happens, in order, on `engine.events$`.
 *
 * @example
 * ```ts
 * engine.events$.subscribe((e) => {
 *   if (e.type === 'offer.created') notify(e.agentId, e.notification);
 * });
 * ```
 */
export type EngineEvent = EventBase &
  (
    | { readonly type: 'chat.queued'; readonly chatId: string; readonly queueId: string; readonly reason: QueuedReason; readonly priority: number; readonly enqueuedAt: number }
    | { readonly type: 'offer.created'; readonly offer: OfferView; readonly chatId: string; readonly agentId: string; readonly notification: OfferNotification }
    | { readonly type: 'offer.accepted'; readonly offerId: string; readonly chatId: string; readonly agentId: string }
    | { readonly type: 'offer.rejected'; readonly offerId: string; readonly chatId: string; readonly agentId: string }
    | { readonly type: 'offer.expired'; readonly offerId: string; readonly chatId: string; readonly agentId: string }
    | { readonly type: 'offer.withdrawn'; readonly offerId: string; readonly chatId: string; readonly agentId: string; readonly reason: WithdrawReason }
    | { readonly type: 'chat.assigned'; readonly chatId: string; readonly agentId: string; readonly via: 'offer' | 'pick' }
    | { readonly type: 'message.sent'; readonly message: Message }
    | { readonly type: 'customer.left'; readonly chatId: string }
    | { readonly type: 'chat.statusSet'; readonly chatId: string; readonly agentId: string; readonly status: string }
    | { readonly type: 'chat.closed'; readonly chatId: string; readonly agentId: string; readonly status: string }
    | { readonly type: 'chat.abandoned'; readonly chatId: string; readonly queueId: string; readonly waitedMs: number }
    | { readonly type: 'agent.statusChanged'; readonly agentId: string; readonly state: AgentState; readonly previous: AgentState; readonly pause?: Pause }
  );

/** The `type` of every event. */
export type EngineEventType = EngineEvent['type'];

/** The event of one `type`. */
export type EngineEventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;
