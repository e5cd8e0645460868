import { ChatrouteError } from '../errors/ChatrouteError';
import { DEFAULT_RESERVE_MS } from './affinity';
import { isTimeZone, minuteOf } from './businessHours';
import type { QueuePolicies, RoutingPolicy, Weekday } from '../model/policies';
import { deepFreeze } from '../model/deepFreeze';

const invalid = (message: string): never => {
  throw new ChatrouteError('invalid-config', message);
};
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Validates a queue's `policies` (throws `invalid-config` naming the field) and returns them frozen, or `undefined`
 * when none is set. Overflow targets are checked against the other queues by {@link checkOverflowTargets}.
 */
export function normalizePolicies(p: QueuePolicies | undefined, where: string): QueuePolicies | undefined {
  if (p === undefined) return undefined;
  if (typeof p !== 'object' || p === null) return invalid(`${where}.policies must be an object`);
  const o = p.overflow;
  if (o !== undefined) {
    if (o.maxWaitMs !== undefined && (!isMs(o.maxWaitMs) || o.maxWaitMs < 1)) invalid(`${where}.policies.overflow.maxWaitMs must be a number of milliseconds >= 1`);
    if (o.maxQueueLength !== undefined && (!Number.isInteger(o.maxQueueLength) || o.maxQueueLength < 0)) invalid(`${where}.policies.overflow.maxQueueLength must be an integer >= 0`);
    if (o.whenNobodyLoggedIn !== undefined && typeof o.whenNobodyLoggedIn !== 'boolean') invalid(`${where}.policies.overflow.whenNobodyLoggedIn must be a boolean`);
    if (o.whenNobodyLoggedIn === true && o.to === undefined) invalid(`${where}.policies.overflow.whenNobodyLoggedIn needs an overflow queue (to)`);
    if (o.to !== undefined && (typeof o.to !== 'string' || o.to.length === 0)) invalid(`${where}.policies.overflow.to must be a queue id`);
  }
  if (p.widening !== undefined && (!Array.isArray(p.widening) || !p.widening.every((s) => isMs(s?.afterMs) && isMs(s.maxPenalty)))) {
    invalid(`${where}.policies.widening must be an array of { afterMs, maxPenalty } (numbers >= 0)`);
  }
  const s = p.skills;
  if (s !== undefined && (typeof s !== 'object' || (s.relaxAfterMs !== undefined && (!Array.isArray(s.relaxAfterMs) || !s.relaxAfterMs.every(isMs))))) {
    invalid(`${where}.policies.skills.relaxAfterMs must be an array of milliseconds >= 0`);
  }
  if (p.aging !== undefined && !(isMs(p.aging?.perMinute) && p.aging.perMinute <= 1_000_000)) invalid(`${where}.policies.aging.perMinute must be a number in 0..1000000`);
  if (p.affinity !== undefined && (p.affinity.reserveMs !== undefined && !isMs(p.affinity.reserveMs))) invalid(`${where}.policies.affinity.reserveMs must be milliseconds >= 0`);
  if (p.wrapUp !== undefined && (!isMs(p.wrapUp?.ms) || (p.wrapUp.hold !== undefined && p.wrapUp.hold !== 'slot' && p.wrapUp.hold !== 'agent'))) {
    invalid(`${where}.policies.wrapUp must be { ms >= 0, hold?: 'slot' | 'agent' }`);
  }
  if (p.missedOfferPauseAfter !== undefined && (!Number.isInteger(p.missedOfferPauseAfter) || p.missedOfferPauseAfter < 1)) invalid(`${where}.policies.missedOfferPauseAfter must be an integer >= 1`);
  const h = p.businessHours;
  if (h !== undefined) {
    if (typeof h.timeZone !== 'string' || !isTimeZone(h.timeZone)) invalid(`${where}.policies.businessHours.timeZone must be an IANA time zone, got ${String(h.timeZone)}`);
    if (typeof h.weekly !== 'object' || h.weekly === null) invalid(`${where}.policies.businessHours.weekly must map weekdays to intervals`);
    for (const [day, intervals] of Object.entries(h.weekly)) {
      if (!WEEKDAYS.includes(day as Weekday)) invalid(`${where}.policies.businessHours.weekly has unknown day ${day}; days: ${WEEKDAYS.join(', ')}`);
      const ok = Array.isArray(intervals) && intervals.every((i) => HHMM.test(i?.from) && HHMM.test(i?.to) && minuteOf(i.from) < minuteOf(i.to));
      if (!ok) invalid(`${where}.policies.businessHours.weekly.${day} must be [{ from: 'HH:MM', to: 'HH:MM' }] with from < to`);
    }
    if (h.closedDates !== undefined && (!Array.isArray(h.closedDates) || !h.closedDates.every((d) => DATE.test(d)))) invalid(`${where}.policies.businessHours.closedDates must be dates YYYY-MM-DD`);
    if (h.whenClosed !== undefined && h.whenClosed !== 'refuse' && h.whenClosed !== 'overflow') invalid(`${where}.policies.businessHours.whenClosed must be 'refuse' or 'overflow'`);
    if (h.whenClosed === 'overflow' && o?.to === undefined) invalid(`${where}.policies.businessHours.whenClosed 'overflow' needs policies.overflow.to`);
  }
  return deepFreeze(structuredClone(p));
}

/** Every overflow target must be a known queue other than its own. */
export function checkOverflowTargets(queues: ReadonlyMap<string, { readonly policies: QueuePolicies | undefined }>): void {
  for (const [id, queue] of queues) {
    const to = queue.policies?.overflow?.to;
    if (to !== undefined && (to === id || !queues.has(to))) invalid(`queue ${JSON.stringify(id)}: policies.overflow.to must name another known queue, got ${JSON.stringify(to)}`);
  }
}

/** What the router needs of a queue's policies; `undefined` when none of them affects routing. */
export function routingPolicyOf(p: QueuePolicies | undefined): RoutingPolicy | undefined {
  if (p === undefined) return undefined;
  const relax = [...(p.skills?.relaxAfterMs ?? [])].sort((a, b) => a - b);
  const policy: RoutingPolicy = {
    widening: p.widening === undefined ? undefined : [...p.widening],
    relaxAfterMs: relax,
    preferProficiency: p.skills?.preferProficiency === true,
    agingPerMs: (p.aging?.perMinute ?? 0) / 60_000,
    agingPerMinute: p.aging?.perMinute ?? 0,
  };
  const matters = policy.widening !== undefined || relax.length > 0 || policy.preferProficiency || policy.agingPerMs > 0;
  return matters ? policy : undefined;
}

/** How long a chat waits for its preferred agent in a queue. */
export const reserveMsOf = (p: QueuePolicies | undefined): number => p?.affinity?.reserveMs ?? DEFAULT_RESERVE_MS;

/** An agent's skills as a map; throws `invalid-config` for anything but levels 0..1000. */
export function normalizeSkills(skills: unknown, where: string): ReadonlyMap<string, number> | undefined {
  if (skills === undefined) return undefined;
  if (typeof skills !== 'object' || skills === null || Array.isArray(skills)) return invalid(`${where}.skills must map skill names to levels`);
  const map = new Map<string, number>();
  for (const [skill, level] of Object.entries(skills)) {
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > 1000) invalid(`${where}.skills.${skill} must be an integer level in 0..1000`);
    map.set(skill, level);
  }
  return map;
}
