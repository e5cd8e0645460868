/**
 * An opaque timer handle returned by {@link Clock.setTimeout}.
 */
export type TimerHandle = unknown;

/**
 * The one source of time for an engine: `now()` for timestamps and `setTimeout` / `clearTimeout` for every timer.
 * It is a superset of XState's `Clock`, so the engine hands the same clock to every actor it creates.
 *
 * @example
 * ```ts
 * import { createEngine, systemClock } from 'chatroute';
 * const engine = createEngine({ clock: systemClock, queues: [], agents: [] }); // the default
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch (or since the start of a simulation). */
  now(): number;
  /** Calls `callback` once, `delayMs` from now; a delay of 0 or less fires as soon as the clock can. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a pending timer; unknown or already-fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/**
 * A clock that only moves when told to: deterministic tests and simulations.
 * Each timer fires with `now()` equal to its own due time, in due order, ties in scheduling order.
 *
 * @example
 * ```ts
 * import { createManualClock } from 'chatroute';
 * const clock = createManualClock(0);
 * clock.setTimeout(() => console.log('fired at', clock.now()), 1_000);
 * clock.advanceBy(5_000); // prints "fired at 1000"; now() is 5000 afterwards
 * ```
 */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer due on the way; returns how many fired. */
  advanceBy(ms: number): number;
  /** Moves time forward to `time` (never backwards), firing every timer due on the way; returns how many fired. */
  advanceTo(time: number): number;
  /** Jumps to the next pending timer and fires it (with any others due at the same instant); false when none is pending. */
  runNext(): boolean;
  /** Due time of the earliest pending timer, or `undefined` when none is pending. */
  nextDueAt(): number | undefined;
  /** Number of pending timers. */
  pendingCount(): number;
}
