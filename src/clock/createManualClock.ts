import { ChatrouteError } from '../errors/ChatrouteError';
import { TimerHeap, type TimerEntry } from './TimerHeap';
import type { ManualClock, TimerHandle } from './types';

function isEntry(handle: TimerHandle): handle is TimerEntry {
  return typeof handle === 'object' && handle !== null && 'position' in handle && 'callback' in handle;
}

/**
 * Creates a virtual clock that moves only when told to, backed by a binary heap of timers.
 * Use it in tests and simulations: the same commands and the same clock moves give the same events.
 *
 * Timers fire in due order (ties in scheduling order), each with `now()` equal to its own due time; a timer
 * scheduled by a firing callback fires in the same advance when it falls due before the target time.
 *
 * @param startTime - the initial value of `now()` (default 0).
 * @example
 * ```ts
 * import { createEngine, createManualClock } from 'chatroute';
 * const clock = createManualClock(0);
 * const engine = createEngine({ clock, queues: [], agents: [] });
 * clock.advanceBy(20_000); // fires offer timeouts and reminders due within 20 s
 * ```
 */
export function createManualClock(startTime = 0): ManualClock {
  if (!Number.isFinite(startTime)) {
    throw new ChatrouteError('invalid-argument', `createManualClock: startTime must be a finite number, got ${String(startTime)}`);
  }
  const heap = new TimerHeap();
  let now = startTime;

  function fireDue(time: number): number {
    let fired = 0;
    for (let top = heap.peek(); top !== undefined && top.due <= time; top = heap.peek()) {
      heap.pop();
      now = top.due;
      fired++;
      top.callback();
    }
    return fired;
  }

  const clock: ManualClock = {
    now: () => now,
    setTimeout(callback, delayMs) {
      const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
      return heap.push(now + delay, callback);
    },
    clearTimeout(handle) {
      if (isEntry(handle)) heap.remove(handle);
    },
    advanceTo(time) {
      if (!(time >= now)) {
        throw new ChatrouteError('invalid-argument', `advanceTo: time must be a number >= now (${now}), got ${String(time)}`);
      }
      const fired = fireDue(time);
      now = time;
      return fired;
    },
    advanceBy(ms) {
      if (!(ms >= 0) || !Number.isFinite(ms)) {
        throw new ChatrouteError('invalid-argument', `advanceBy: ms must be a finite number >= 0, got ${String(ms)}`);
      }
      return clock.advanceTo(now + ms);
    },
    runNext() {
      const top = heap.peek();
      if (top === undefined) return false;
      clock.advanceTo(Math.max(now, top.due));
      return true;
    },
    nextDueAt: () => heap.peek()?.due,
    pendingCount: () => heap.size,
  };
  return clock;
}
