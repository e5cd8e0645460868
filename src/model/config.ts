import type { QueuePolicies } from './policies';

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
  /** Closing chats whose customer went silent (README, "Inactivity and hold"). Default: never. */
  inactivity?: InactivityPolicy;
  /** What `chat.hold` does to the holder's slot. Default `{ freesSlot: false }`: a held chat keeps its slot. */
  hold?: HoldPolicy;
  /** Chat tags (`chat.tag`): which are allowed (default any) and how many a chat may carry (default 20). */
  tags?: TagPolicy;
  /**
   * How chats reach agents (README, "Manual selection"): `'auto'` (default) offers them by the strategy; `'manual'` makes
   * no automatic offer at all: chats, transfers and invitations to the queue wait in the members' waiting activities
   * until one picks them (`chat.pick`).
   */
  assignment?: AssignmentMode;
}

/**
 * Whether a queue offers its chats (`'auto'`) or leaves them to be picked (`'manual'`, Rocket.Chat's Manual_Selection).
 *
 * @example
 * ```ts
 * const queue: QueueConfig = { id: 'vip', name: 'VIP', closeStatuses: ['done'], assignment: 'manual' };
 * ```
 */
export type AssignmentMode = 'auto' | 'manual';

/**
 * A customer silent for `warnAfterMs` in an active chat gets a system warning line; silent `closeAfterMs` more, the chat
 * closes with `status` (one of the queue's `closeStatuses`), freeing every slot, announced as `chat.closed` with
 * `reason: 'inactivity'`. The silence counts from the chat's assignment or the agents' last message, whichever is later,
 * and only while the customer is not waiting for an answer (a customer message stops the clock; the next agent message
 * starts it again) and the chat is not on hold (`chat.hold`). Timers run on the engine's clock, like every other timer.
 *
 * @example
 * ```ts
 * const queue: QueueConfig = {
 *   id: 'sales', name: 'Sales', closeStatuses: ['resolved', 'no-answer'],
 *   inactivity: { warnAfterMs: 120_000, closeAfterMs: 60_000, status: 'no-answer' },
 * };
 * ```
 */
export interface InactivityPolicy {
  warnAfterMs: number;
  closeAfterMs: number;
  /** The close status; must be one of the queue's `closeStatuses`. */
  status: string;
  /** The warning line's text. Default: "Are you still there? This chat will close soon without a reply." */
  warningText?: string;
}

/**
 * Whether a held chat frees its holder's slot (`true`: the router may offer the agent a new chat meanwhile, and
 * `chat.resume` is refused with `capacity-exceeded` while the agent has no free slot) or keeps it (`false`, the default).
 *
 * @example
 * ```ts
 * const queue: QueueConfig = { id: 'billing', name: 'Billing', closeStatuses: ['done'], hold: { freesSlot: true } };
 * ```
 */
export interface HoldPolicy {
  freesSlot: boolean;
}

/**
 * Chat tags: `allowed` lists the tags agents may add (default: any tag of 1..64 characters); `maxPerChat` caps how many
 * one chat carries (1..100, default 20).
 *
 * @example
 * ```ts
 * const queue: QueueConfig = { id: 'sales', name: 'Sales', closeStatuses: ['done'], tags: { allowed: ['billing', 'vip'], maxPerChat: 5 } };
 * ```
 */
export interface TagPolicy {
  allowed?: string[];
  maxPerChat?: number;
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
  /** This agent's own wrap-up time and missed-offer rules, in place of their queues' (README, "Per-agent overrides"). */
  overrides?: AgentOverrides;
}

/**
 * Per-agent settings (FreeSWITCH mod_callcenter's per-agent `wrap-up-time`, `max-no-answer`) that take the place of the
 * queue's for this agent, in every queue they serve; a field left out keeps the queue's.
 * - `wrapUpMs`: after-chat work after each chat this agent leaves closed, in place of the queue's `policies.wrapUp.ms`
 *   (0: none, even where the queue has one). It holds a slot, or the whole agent where the queue's `wrapUp.hold` is
 *   `'agent'`.
 * - `missedOffer`: what a missed offer does to this agent (`'unpaid-pause'` or `'none'`), in place of the queue's.
 * - `missedOfferPauseAfter`: how many consecutive missed offers (1..1000) before that pause, in place of the queue's
 *   `policies.missedOfferPauseAfter`.
 *
 * @example
 * ```ts
 * const trainee: AgentConfig = { id: 'tom', name: 'Tom', capacity: 1, queues: ['sales'],
 *   overrides: { wrapUpMs: 60_000, missedOffer: 'unpaid-pause', missedOfferPauseAfter: 3 } };
 * ```
 */
export interface AgentOverrides {
  wrapUpMs?: number;
  missedOffer?: MissedOfferPolicy;
  missedOfferPauseAfter?: number;
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

