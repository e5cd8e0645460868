import type { BusinessHours, Weekday } from '../model/policies';

const WEEKDAYS: Readonly<Record<string, Weekday>> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const formatters = new Map<string, Intl.DateTimeFormat>();

interface LocalTime {
  readonly date: string;
  readonly weekday: Weekday;
  /** Minutes since local midnight. */
  readonly minute: number;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local calendar date, weekday and minute of an instant in a time zone: a pure function of the instant. */
export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday as string] as Weekday,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** `HH:MM` → minutes since midnight (`24:00` = 1440). */
export const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a queue is open at an instant: its local weekday has an interval holding the local time, and the local
 * date is not a closed date. Times come from the engine's clock, never the wall clock.
 *
 * @example
 * ```ts
 * const hours = { timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '17:00' }] } };
 * isOpen(hours, Date.UTC(2026, 10, 30, 10)); // true: a Monday, 10:00 UTC
 * ```
 */
export function isOpen(hours: BusinessHours, at: number): boolean {
  const local = localTime(at, hours.timeZone);
  if (hours.closedDates?.includes(local.date)) return false;
  return (hours.weekly[local.weekday] ?? []).some((i) => minuteOf(i.from) <= local.minute && local.minute < minuteOf(i.to));
}

/**
 * The next instant at or after `at` when the queue opens (to the minute), or `undefined` when it never opens within
 * a year. Candidates are the interval starts of the coming local days, each mapped to an instant and checked with
 * {@link isOpen}, so daylight-saving changes are handled by the time zone data rather than by arithmetic.
 *
 * @example
 * ```ts
 * nextOpening({ timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '17:00' }] } }, Date.UTC(2026, 10, 30, 18));
 * // → Date.UTC(2026, 11, 7, 9): next Monday 09:00
 * ```
 */
export function nextOpening(hours: BusinessHours, at: number): number | undefined {
  if (isOpen(hours, at)) return at;
  const startOfMinute = at - (((at % 60_000) + 60_000) % 60_000);
  const local = localTime(startOfMinute, hours.timeZone);
  for (let day = 0; day <= 366; day++) {
    // A guess of local midnight `day` days on, corrected below by the actual local time of each candidate.
    const midnight = startOfMinute + (day * 1440 - local.minute) * 60_000;
    const weekday = localTime(midnight + 12 * 3_600_000, hours.timeZone).weekday;
    const starts = (hours.weekly[weekday] ?? []).map((i) => minuteOf(i.from)).sort((a, b) => a - b);
    for (const start of starts) {
      let candidate = midnight + start * 60_000;
      // The zone's offset may differ from today's (daylight saving): shift by what the local clock says.
      for (let k = 0; k < 2; k++) {
        const seen = localTime(candidate, hours.timeZone);
        const drift = seen.weekday === weekday ? seen.minute - start : 0;
        if (drift === 0) break;
        candidate -= drift * 60_000;
      }
      if (candidate > at && isOpen(hours, candidate)) return candidate;
      // A start skipped by a clock change: the first open minute after it.
      if (candidate > at && isOpen(hours, candidate + 3_600_000)) return candidate + 3_600_000;
    }
  }
  return undefined;
}
