import type { Clock } from './types';

// Node and browsers overflow (and fire at once) above 2^31-1 ms; longer delays are chained.
const MAX_DELAY = 2_147_483_647;

interface SystemTimer {
  id: ReturnType<typeof globalThis.setTimeout> | undefined;
}

function schedule(timer: SystemTimer, callback: () => void, dueAt: number): void {
  const remaining = dueAt - Date.now();
  timer.id = globalThis.setTimeout(
    remaining > MAX_DELAY ? () => schedule(timer, callback, dueAt) : callback,
    Math.min(Math.max(remaining, 0), MAX_DELAY),
  );
}

/**
 * The wall clock: `Date.now()` and the host's timers. The default clock of `createEngine`.
 *
 * @example
 * ```ts
 * import { createEngine, systemClock } from 'chatroute';
 * const engine = createEngine({ clock: systemClock, queues: [], agents: [] });
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const timer: SystemTimer = { id: undefined };
    schedule(timer, callback, Date.now() + (Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0));
    return timer;
  },
  clearTimeout(handle) {
    const timer = handle as SystemTimer | undefined;
    if (timer?.id !== undefined) globalThis.clearTimeout(timer.id);
  },
};
