/** A day of the week, as business hours name it. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** One opening interval of a day, local `HH:MM` (24 h) in the queue's time zone; `to` is exclusive, `24:00` = midnight. */
export interface OpeningInterval {
  readonly from: string;
  readonly to: string;
}

/**
 * Routing policies of one queue (`QueueConfig.policies`). Every policy is optional; without one the queue routes as
 * it always did. They compose in one fixed order: see the README, "Routing policies", and `src/policies/compose.ts`.
 *
 * @example
 * ```ts
 * const sales: QueueConfig = {
 *   id: 'sales', name: 'Sales', closeStatuses: ['done'],
 *   policies: {
 *     overflow: { maxWaitMs: 120_000, to: 'backup', maxQueueLength: 50 },
 *     widening: [{ afterMs: 30_000, maxPenalty: 1 }, { afterMs: 60_000, maxPenalty: 5 }],
 *     aging: { perMinute: 1 },
 *     affinity: { reserveMs: 20_000, lastAgent: true },
 *     wrapUp: { ms: 15_000 },
 *   },
 * };
 * ```
 */
export interface QueuePolicies {
  /** Overflow and escalation: where a chat goes when it waited too long, the queue is full, or nobody is logged in. */
  readonly overflow?: OverflowPolicy;
  /**
   * Widening over time (bullseye): only agents with penalty <= `maxPenalty` of the last step reached are eligible,
   * counted from when the chat entered the queue. Before the first step only penalty 0. Default: every penalty (strict
   * tiers: a higher penalty is offered only when no lower one is free).
   */
  readonly widening?: WideningStep[];
  /** How chats' required skills (`chat.start { skills }`) are matched. Requirements apply even without this. */
  readonly skills?: SkillsPolicy;
  /** Priority aging: effective priority = priority + perMinute × minutes waited (since the chat first queued). */
  readonly aging?: AgingPolicy;
  /** Preferred or last agent: the chat is reserved for them a while, if they are logged into the queue. */
  readonly affinity?: AffinityPolicy;
  /** After-chat work: the agent's slot (or the whole agent) stays held after a chat of this queue closes. */
  readonly wrapUp?: WrapUpPolicy;
  /** Pause (by `missedOffer`) only after this many consecutive missed offers. Default 1 (every missed offer). */
  readonly missedOfferPauseAfter?: number;
  /** Opening hours; outside them `chat.start` is refused (`queue-closed`) or overflows. Default: always open. */
  readonly businessHours?: BusinessHours;
}

/** Overflow and escalation (`policies.overflow`): a maximum wait, a maximum queue length, nobody logged in. */
export interface OverflowPolicy {
  /** After this long waiting in this queue, the chat moves to `to` (keeping its enqueue time) or is abandoned. */
  readonly maxWaitMs?: number;
  /** With this many chats waiting (queued or offered), a new chat is refused (`queue-full`) or goes to `to`. */
  readonly maxQueueLength?: number;
  /** A chat that starts while no agent is logged into the queue goes straight to `to`. Default false. */
  readonly whenNobodyLoggedIn?: boolean;
  /** The overflow queue. Without it: abandoned (reason `max-wait`) at `maxWaitMs`, refused at `maxQueueLength`. */
  readonly to?: string;
}

/** One ring of the bullseye (`policies.widening`): after `afterMs` in the queue, penalties up to `maxPenalty` are eligible. */
export interface WideningStep {
  readonly afterMs: number;
  readonly maxPenalty: number;
}

/** How a queue matches chats' required skills (`policies.skills`). */
export interface SkillsPolicy {
  /** Among eligible agents of the best tier, prefer the highest total level in the required skills. Default false. */
  readonly preferProficiency?: boolean;
  /** Each step passed lowers every required level by one (a level of 0 needs nothing). */
  readonly relaxAfterMs?: number[];
}

/** Priority aging (`policies.aging`). */
export interface AgingPolicy {
  /** Priority points gained per minute of waiting (>= 0). */
  readonly perMinute: number;
}

/** Preferred and last agent (`policies.affinity`). */
export interface AffinityPolicy {
  /** How long the chat waits for its preferred agent. Default 30 000 ms. */
  readonly reserveMs?: number;
  /** Prefer the agent who last took a chat of the same `customer.contactId` when none is named. Default false. */
  readonly lastAgent?: boolean;
}

/** After-chat work (`policies.wrapUp`). */
export interface WrapUpPolicy {
  /** How long the slot stays held after the chat closes, unless `agent.wrapUpDone` ends it sooner. */
  readonly ms: number;
  /** `slot` (default): one slot is held; `agent`: no new offers at all until the wrap-up ends. */
  readonly hold?: 'slot' | 'agent';
}

/** Opening hours of a queue (`policies.businessHours`), in an IANA time zone, read from the engine clock. */
export interface BusinessHours {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  /** Opening intervals per weekday; a day not listed is closed. */
  readonly weekly: Partial<Record<Weekday, OpeningInterval[]>>;
  /** Local dates `YYYY-MM-DD` closed all day (holidays). */
  readonly closedDates?: string[];
  /** `refuse` (default): `chat.start` is refused with `queue-closed` and `opensAt`; `overflow`: goes to `overflow.to`. */
  readonly whenClosed?: 'refuse' | 'overflow';
}

/** What routing needs of a queue's policies, normalized (absent = not configured). */
export interface RoutingPolicy {
  readonly widening: readonly WideningStep[] | undefined;
  readonly relaxAfterMs: readonly number[];
  readonly preferProficiency: boolean;
  /** Priority points per millisecond waited; 0 = no aging. */
  readonly agingPerMs: number;
  /** The same rate as configured (points per minute), for exact comparisons. */
  readonly agingPerMinute: number;
}

/** What a waiting chat carries for its policies (plain JSON, so snapshots keep it). */
export interface TaskPolicy {
  /** When the chat entered this queue: widening and relaxation count from here. */
  readonly since: number;
  /** Required skill → minimum level. */
  readonly skills?: Readonly<Record<string, number>>;
  /** The preferred (or last) agent, and until when the chat is reserved for them. */
  readonly preferredAgentId?: string;
  readonly reservedUntil?: number;
}
