import { ChatrouteError } from '../errors/ChatrouteError';

// Argument guards shared by the staffing formulas. Each throws ChatrouteError('invalid-argument') with a message
// naming the function, the argument, what is allowed and what was received, so a bad planning input is caught
// where it enters instead of surfacing later as NaN in a staffing table.

function fail(fn: string, name: string, allowed: string, value: unknown): never {
  throw new ChatrouteError('invalid-argument', `${fn}: ${name} must be ${allowed}, got ${String(value)}`);
}

/**
 * Requires a finite number >= 0 (a rate, a load).
 *
 * @example
 * ```ts
 * requireNonNegative('erlangC', 'arrivalRatePerSec', 0.1); // ok
 * requireNonNegative('erlangC', 'arrivalRatePerSec', -1); // throws ChatrouteError('invalid-argument')
 * ```
 */
export function requireNonNegative(fn: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(fn, name, 'a finite number >= 0', value);
  }
}

/**
 * Requires a finite number > 0 (a handling time, a patience).
 *
 * @example
 * ```ts
 * requirePositive('erlangC', 'ahtSec', 180); // ok
 * requirePositive('erlangC', 'ahtSec', 0); // throws ChatrouteError('invalid-argument')
 * ```
 */
export function requirePositive(fn: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(fn, name, 'a finite number > 0', value);
  }
}

/**
 * Requires a whole number of agents, at least `min`.
 *
 * @example
 * ```ts
 * requireAgents('erlangC', 3, 1); // ok
 * requireAgents('erlangC', 2.5, 1); // throws ChatrouteError('invalid-argument')
 * ```
 */
export function requireAgents(fn: string, value: number, min: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(fn, 'agents', `an integer >= ${min}`, value);
  }
}

/**
 * Requires a share in one of the two half-open unit intervals the staffing goals use: `[0, 1)` for a
 * service-level target (1 is never reached) and `(0, 1]` for an occupancy cap (0 would forbid any work).
 *
 * @example
 * ```ts
 * requireShare('agentsFor', 'serviceLevel.target', 0.8, '[0, 1)'); // ok
 * requireShare('agentsFor', 'serviceLevel.target', 1, '[0, 1)'); // throws ChatrouteError('invalid-argument')
 * ```
 */
export function requireShare(fn: string, name: string, value: number, interval: '[0, 1)' | '(0, 1]'): void {
  const ok =
    typeof value === 'number' && (interval === '[0, 1)' ? value >= 0 && value < 1 : value > 0 && value <= 1);
  if (!ok) fail(fn, name, `a number in ${interval}`, value);
}

/**
 * Requires a wait threshold in seconds: >= 0, `Infinity` allowed (answered at all), NaN not.
 *
 * @example
 * ```ts
 * requireWaitThreshold('erlangC serviceLevel', 20); // ok
 * requireWaitThreshold('erlangC serviceLevel', Number.NaN); // throws ChatrouteError('invalid-argument')
 * ```
 */
export function requireWaitThreshold(fn: string, value: number): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    fail(fn, 'tSec', 'a number >= 0 (Infinity allowed)', value);
  }
}
