import { array, boolean, number, object, oneOf, optional, record, string } from '../schema/schema';

const id = string({ minLength: 1, maxLength: 200 });
const ms = number({ min: 0, max: 365 * 24 * 3_600_000 });
const hhmm = string({ minLength: 5, maxLength: 5 });
const interval = object({ from: hhmm, to: hhmm });
const day = optional(array(interval, { maxItems: 24 }));

/** Skill name → level, for agents (`AgentConfig.skills`) and for chats' requirements (`chat.start { skills }`). */
export const skillLevels = record(number({ min: 0, max: 1000, integer: true }), { maxEntries: 64, maxKeyLength: 64 });

/** `QueueConfig.policies` as `queue.upsert` takes it (deeper rules are checked by `normalizePolicies`). */
export const queuePolicies = object({
  overflow: optional(
    object({
      maxWaitMs: optional(ms),
      maxQueueLength: optional(number({ min: 0, max: 10_000_000, integer: true })),
      whenNobodyLoggedIn: optional(boolean()),
      to: optional(id),
    }),
  ),
  widening: optional(array(object({ afterMs: ms, maxPenalty: number({ min: 0, max: 1_000_000 }) }), { maxItems: 100 })),
  skills: optional(object({ preferProficiency: optional(boolean()), relaxAfterMs: optional(array(ms, { maxItems: 100 })) })),
  aging: optional(object({ perMinute: number({ min: 0, max: 1_000_000 }) })),
  affinity: optional(object({ reserveMs: optional(ms), lastAgent: optional(boolean()) })),
  wrapUp: optional(object({ ms, hold: optional(oneOf(['slot', 'agent'] as const)) })),
  missedOfferPauseAfter: optional(number({ min: 1, max: 1000, integer: true })),
  businessHours: optional(
    object({
      timeZone: string({ minLength: 1, maxLength: 100 }),
      weekly: object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }),
      closedDates: optional(array(string({ minLength: 10, maxLength: 10 }), { maxItems: 1000 })),
      whenClosed: optional(oneOf(['refuse', 'overflow'] as const)),
    }),
  ),
});
