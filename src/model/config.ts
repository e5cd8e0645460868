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

