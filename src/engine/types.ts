import type { InspectionEvent, Observer } from 'xstate';
import type { Clock } from '../clock/types';
import type { RandomSource } from '../random/createRandom';
import type { HistoryStore } from '../history/types';
import type { Store } from '../store/types';
import type { QueuePolicies, TaskPolicy } from '../policies/types';
import type { Attachment, CommandType, Customer, Sender, TransferTarget } from './commandSchema';

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
  /** Largest attachment accepted, in bytes. Default 10 MiB. */
  maxAttachmentBytes?: number;
  /** Accepted attachment MIME types; `type/*` matches a family. Default: any. */
  allowedAttachmentTypes?: string[];
  /** Service-level target: a chat answered within this wait counts as "within SL" in `stats()`. Default 20 000 ms. */
  serviceLevelMs?: number;
  /**
   * A customer who leaves after waiting at most this long is a short abandon: counted in `stats()` but kept out of the
   * service level's denominator (they left before anyone could reasonably answer). Default 5 000 ms.
   */
  shortAbandonMs?: number;
  /** Canned answers for the template dropdown; `text` may hold placeholders such as `{{customer.name}}`. */
  templates?: Template[];
  /** The admin-defined URL button; placeholders are filled URL-encoded. */
  externalUrl?: string;
  /** The toast that reminds agents of a waiting customer. Default `'off'`. */
  reminders?: ReminderPolicy;
  /** Routing policies (overflow, widening, skills, aging, affinity, wrap-up, missed offers, business hours): README, "Routing policies". */
  policies?: QueuePolicies;
}

/** A canned answer. Placeholders: `{{customer.name}}`, `{{customer.email}}`, `{{customer.details.KEY}}`, `{{agent.name}}`, `{{queue.name}}`, `{{chat.id}}`, ... */
export interface Template {
  id: string;
  title: string;
  text: string;
}

/**
 * When to remind participating agents of a customer waiting for an answer: once, `delayMs` after the first
 * unanswered customer message (counted from when the chat became active if the customer wrote while waiting);
 * or on every new customer message; or never.
 */
export type ReminderPolicy = 'off' | { mode: 'after-first-message'; delayMs: number } | { mode: 'every-message' };

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
  /** Queues this agent supervises: sees and resolves their assistance requests. */
  supervises?: string[];
  /** Skill name → level (integer 0..1000): chats may require a minimum level (`chat.start { skills }`). */
  skills?: Record<string, number>;
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
  /** Where finished chats' transcripts go, for "load older messages". Default: in memory. */
  history?: HistoryStore;
  /**
   * Makes the engine durable: every accepted command and every timer firing is journaled in the store before its
   * result is returned or its events published, and an engine created on a store that holds a journal recovers
   * (latest snapshot + replay of the entries after it). On such a store the journaled configuration wins: `queues`
   * and `agents` only seed a new store. Not combinable with a custom `ids` function.
   */
  store?: Store;
  /** Take a snapshot (and compact the journal) every this many journal entries. Default 25 000 (a full snapshot costs in proportion to the live state; the tail it leaves replays at about 30 000 entries/s). */
  snapshotEvery?: number;
  /**
   * What to do when the journal's tail fails its checksum (a torn write, a damaged disk): `'fail'` (default) throws
   * `ChatrouteError` `store-corrupt` naming the last good entry; `'truncate'` drops everything after it and goes on.
   */
  onCorruptTail?: 'fail' | 'truncate';
  /**
   * Opt-in runtime auditor: checks the engine's invariants (slots, offers and chats seen alike by agents and chats,
   * owners, offer targets, work conservation; see `checkInvariants`) after every settled input (`true`) or every Nth
   * (`{ every: N }`), and emits an `invariant.violated` event with the evidence for each one broken, instead of
   * throwing. Costs a read of every live chat and agent per check: see the README for figures. Default off.
   */
  audit?: boolean | { readonly every: number };
  /** What happens when an agent's or a customer's connection drops (`agent.disconnected`, ...). See {@link PresenceOptions}. */
  presence?: PresenceOptions;
  /** How far back `stats({ windowMs })` can look: the per-queue records kept for sliding windows. Default 3 600 000 (1 h). */
  statsRetentionMs?: number;
  /** The agent's desk: how many waiting activities it carries (`desk.waiting.items`; the count stays exact). Default 50. */
  desk?: { readonly waitingLimit?: number };
}

/**
 * Presence policy: what the engine does, on its clock, when the host reports a dropped connection. Nobody is penalised
 * for a dropped connection: a pending offer is withdrawn (`agent-disconnected`) without a missed-offer pause.
 *
 * @example
 * ```ts
 * const engine = createEngine({ queues, agents, presence: { agentGraceMs: 15_000, agentChats: 'requeue' } });
 * ws.on('close', () => engine.dispatch({ type: 'agent.disconnected', agentId }));
 * ```
 */
export interface PresenceOptions {
  /** A disconnected agent who has not reconnected after this long is paused with `agentPause`. Default 30 000 ms. */
  agentGraceMs?: number;
  /** The pause of a disconnected agent. Default `{ reason: 'disconnected', paid: true }`. */
  agentPause?: { reason: string; paid: boolean };
  /** Counted from the disconnection: when `agentChats` is applied to the agent's chats. Default 120 000 ms. */
  agentChatsAfterMs?: number;
  /**
   * What happens then to the chats of an agent still disconnected: `'keep'` (default: they wait for the agent),
   * `'requeue'` (each chat the agent holds alone goes back to its queue keeping its enqueue time; a shared chat is left
   * to the others) or `'close-with-status'` (closed with `closeStatus`; a shared chat is left to the others).
   */
  agentChats?: 'keep' | 'requeue' | 'close-with-status';
  /** The status for `'close-with-status'` (and a forced logout's closing chats); default: the queue's first close status. */
  closeStatus?: string;
  /** A disconnected customer who has not reconnected after this long leaves (`customer.leave`). Default 60 000 ms. */
  customerGraceMs?: number;
}

/** The closed set of error codes `dispatch` can return. */
export type ErrorCode =
  | 'invalid-command'
  | 'not-found'
  | 'forbidden'
  | 'invalid-state'
  | 'capacity-exceeded'
  | 'status-required'
  | 'conflict'
  | 'queue-full'
  | 'queue-closed'
  | 'storage-failed';

/** Why a command was refused: a stable `code` and a message saying what was wrong and what is allowed. */
export interface CommandError {
  readonly code: ErrorCode;
  readonly message: string;
  /** With `queue-closed`: when the queue opens next (clock time), if within a year. */
  readonly opensAt?: number;
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

/** How an offer came about: a waiting chat routed, a chat transferred, or an invitation to join. */
export type OfferKind = 'route' | 'transfer' | 'invite';

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
  /** `route`, `transfer` (someone handed this chat over) or `invite` (join a colleague in the chat). */
  readonly kind: OfferKind;
  /** Who transferred the chat or sent the invitation. */
  readonly from?: AgentRef;
}

/** An agent as shown to others. */
export interface AgentRef {
  readonly agentId: string;
  readonly name: string;
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
  /** Every pending offer (route and transfer offers while offered; the invitation's offer while active). */
  readonly offers: readonly OfferView[];
  /** While queued or offered: the queue it waits in, or the agent it was transferred to. */
  readonly waitingFor?: TransferTarget;
  /** The pending invitation of an active chat. */
  readonly invitation?: InvitationView;
  /** The close status chosen by an agent. */
  readonly status?: string;
  readonly important: boolean;
  readonly customerLeftAt?: number;
  /** Since when the customer's connection is down (`customer.disconnected`); absent while connected. */
  readonly customerAway?: number;
  /** Supervisors monitoring the chat silently (`supervisor.joinChat` with `mode: 'monitor'`): no slot, unseen by the customer. */
  readonly monitors?: readonly string[];
  /** When the chat closed or was abandoned. */
  readonly endedAt?: number;
  /** Agent who closed it. */
  readonly closedBy?: string;
  /** What the routing policies know of the chat in its (last) queue: required skills, preferred agent, reservation end. */
  readonly routing?: TaskPolicy;
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
  /** Since when the agent's connection is down (`agent.disconnected`): no offers meanwhile. Absent while connected. */
  readonly disconnectedSince?: number;
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
  /** Milliseconds spent in each state since the engine started; they sum to the elapsed time. */
  readonly timeInState: TimeInState;
  /** After-chat work in progress (queue policy `wrapUp`): each holds a slot until `until` or `agent.wrapUpDone`. */
  readonly wrapUps?: readonly WrapUpView[];
}

/** One wrap-up: the closed chat, when it ends, and whether it holds the whole agent (no offers) or one slot. */
export interface WrapUpView {
  readonly chatId: string;
  readonly until: number;
  readonly whole: boolean;
}

/** Where an agent's time went, in milliseconds, kept exactly by the clock. */
export interface TimeInState {
  readonly offline: number;
  readonly ready: number;
  readonly busy: number;
  readonly pausedPaid: number;
  readonly pausedUnpaid: number;
  /** After-chat work: wrap-ups held while the agent has no chat (queue policy `wrapUp`). Always set by the engine. */
  readonly wrapUp?: number;
}

/** A pending invitation: waiting for an agent of the target queue (or the target agent), or offered to one. */
export interface InvitationView {
  readonly id: string;
  readonly by: string;
  readonly target: TransferTarget;
  readonly requestedAt: number;
  readonly state: 'waiting' | 'offered';
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
  /** `chat`: take the chat; `invite`: join a colleague's chat that asked for help from this queue or agent. */
  readonly kind: 'chat' | 'invite';
  /** Set when the chat was transferred to one agent (or the invitation is addressed to one). */
  readonly reservedFor?: string;
  /** Affinity (`policies.affinity`): the agent the chat waits for first, and until when (clock time; compare with now). */
  readonly preferredAgentId?: string;
  readonly preferredUntil?: number;
}

/** Who wrote a message: the customer, an agent, or the engine itself (joins, leaves, transfers). */
export type MessageSender = Sender | { readonly kind: 'system' };

/** What a system message reports, for hosts that word it themselves (the `text` is plain English). */
export type Notice =
  | { readonly type: 'joined'; readonly agentId: string }
  | { readonly type: 'left'; readonly agentId: string }
  | { readonly type: 'transferred'; readonly by: string; readonly target: TransferTarget };

/** A chat message. */
export interface Message {
  readonly id: string;
  readonly chatId: string;
  readonly from: MessageSender;
  /** May be empty when the message carries attachments. */
  readonly text: string;
  readonly attachments: readonly Attachment[];
  /** Set on system messages. */
  readonly notice?: Notice;
  /** The sender's own id for this message (`message.send` `clientMessageId`): a retry with it is not sent twice. */
  readonly clientMessageId?: string;
  readonly at: number;
}

/** A request for a supervisor's help in a chat. */
export interface AssistanceRequest {
  readonly id: string;
  readonly chatId: string;
  readonly queueId: string;
  readonly agentId: string;
  readonly note?: string;
  readonly requestedAt: number;
}

/** Live figures of one queue, from `engine.stats()`. */
export interface QueueStats {
  readonly queueId: string;
  /** Chats waiting in the queue now (queued or offered). */
  readonly waiting: number;
  /** How long the longest-waiting chat has waited, 0 when none waits. */
  readonly longestWaitMs: number;
  /** Chats that entered the queue (started there or transferred in). */
  readonly offered: number;
  /** Chats an agent took from the queue. */
  readonly answered: number;
  /** Chats whose customer left while waiting in the queue. */
  readonly abandoned: number;
  /** Answered chats that waited at most `serviceLevelMs`. */
  readonly answeredWithinSl: number;
  /**
   * answeredWithinSl / (answered + (abandoned − shortAbandoned) + chats waiting now for longer than `serviceLevelMs`),
   * or 1 when that is 0. (Before issue 9 it was answeredWithinSl / (answered + abandoned), blind to chats still waiting.)
   */
  readonly serviceLevel: number;
  readonly serviceLevelMs: number;
  /** Abandoned chats that waited at most `shortAbandonMs`: not in the service level's denominator. */
  readonly shortAbandoned: number;
  readonly shortAbandonMs: number;
  /** Waiting chats that already waited longer than `serviceLevelMs` (they count against the service level now). */
  readonly waitingOverSl: number;
  /** Average speed of answer: mean wait of answered chats, ms; null when none was answered. */
  readonly asaMs: number | null;
  /** Chats closed in this queue. */
  readonly closed: number;
  /** Average handling time: mean time from assignment to close of closed chats, ms; null when none closed. */
  readonly ahtMs: number | null;
  /**
   * Time the queue's members spent with at least one chat ÷ time they were staffed (logged in and not paused without
   * chats); null when they were never staffed.
   */
  readonly occupancy: number | null;
  /**
   * Estimated wait of a chat starting now: 0 when a member is free to take it at once, else
   * (waiting + 1) × AHT ÷ the slots of the members logged into the queue, connected and not paused; null without such
   * members or without a handling time yet.
   */
  readonly estimatedWaitMs: number | null;
  /** The sliding window these figures cover (`stats({ windowMs })`), or null for the engine's lifetime. `waiting`, `longestWaitMs`, `waitingOverSl` and `estimatedWaitMs` are always now. */
  readonly windowMs: number | null;
}

/** Why a chat went to an overflow queue (policy `overflow`, or business hours). */
export type OverflowReason = 'max-wait' | 'queue-full' | 'queue-closed' | 'nobody-logged-in';

/** Why a chat is (back) in its queue. */
export type QueuedReason = 'started' | 'rejected' | 'expired' | 'withdrawn' | 'transferred' | 'overflowed';

/** Why an invitation ended. */
export type InvitationEndReason = 'accepted' | 'picked' | 'rejected' | 'expired' | 'cancelled' | 'customer-left' | 'transferred' | 'closed';

/** What a supervisor did (`supervisor.acted`): the command's type. */
export type SupervisorAction =
  | 'supervisor.pauseAgent'
  | 'supervisor.resumeAgent'
  | 'supervisor.logoutAgent'
  | 'supervisor.transferChat'
  | 'supervisor.requeueChat'
  | 'supervisor.joinChat'
  | 'supervisor.leaveChat'
  | 'chat.setPriority';

/** Why an offer was withdrawn. */
export type WithdrawReason =
  | 'accepted-elsewhere'
  | 'picked'
  | 'customer-left'
  | 'agent-paused'
  | 'agent-logged-out'
  | 'agent-left-queue'
  | 'cancelled'
  | 'chat-ended'
  | 'max-wait'
  | 'agent-disconnected';

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
    | { readonly type: 'chat.abandoned'; readonly chatId: string; readonly queueId: string; readonly waitedMs: number; readonly reason?: 'max-wait' }
    | { readonly type: 'chat.overflowed'; readonly chatId: string; readonly fromQueueId: string; readonly queueId: string; readonly reason: OverflowReason }
    | { readonly type: 'agent.statusChanged'; readonly agentId: string; readonly state: AgentState; readonly previous: AgentState; readonly pause?: Pause }
    | { readonly type: 'config.changed'; readonly entity: 'queue' | 'agent'; readonly id: string; readonly change: 'created' | 'updated' | 'removed' }
    | { readonly type: 'participant.joined'; readonly chatId: string; readonly agentId: string; readonly via: 'invite' | 'pick' | 'barge' }
    | { readonly type: 'participant.left'; readonly chatId: string; readonly agentId: string; readonly reason: 'closed' | 'transferred' }
    | { readonly type: 'chat.ownerChanged'; readonly chatId: string; readonly owner: string; readonly previous: string }
    | { readonly type: 'chat.transferred'; readonly chatId: string; readonly agentId: string; readonly target: TransferTarget; readonly queueId: string }
    | { readonly type: 'chat.invited'; readonly chatId: string; readonly agentId: string; readonly invitationId: string; readonly target: TransferTarget }
    | { readonly type: 'invitation.ended'; readonly chatId: string; readonly invitationId: string; readonly reason: InvitationEndReason }
    | { readonly type: 'chat.importantChanged'; readonly chatId: string; readonly agentId: string; readonly important: boolean }
    | { readonly type: 'assistance.requested'; readonly request: AssistanceRequest }
    | { readonly type: 'assistance.resolved'; readonly requestId: string; readonly chatId: string; readonly agentId?: string; readonly reason: 'resolved' | 'chat-ended' }
    | { readonly type: 'reminder'; readonly chatId: string; readonly agentIds: readonly string[]; readonly waitingSince: number }
    | { readonly type: 'invariant.violated'; readonly invariant: string; readonly message: string; readonly evidence: Readonly<Record<string, unknown>> }
    | { readonly type: 'agent.presenceChanged'; readonly agentId: string; readonly connected: boolean }
    | { readonly type: 'customer.presenceChanged'; readonly chatId: string; readonly connected: boolean }
    | {
        readonly type: 'supervisor.acted';
        readonly supervisorId: string;
        readonly action: SupervisorAction;
        readonly agentId?: string;
        readonly chatId?: string;
        readonly target?: TransferTarget;
        readonly mode?: 'monitor' | 'barge';
        readonly priority?: number;
      }
  );

/** The `type` of every event. */
export type EngineEventType = EngineEvent['type'];

/** The event of one `type`. */
export type EngineEventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;
