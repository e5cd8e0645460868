import { erlangC } from '../staffing/erlangC';

/** What the naive estimates know of a queue at a moment: open slots, handling time, arrival rate. */
export interface QueueLoad {
  /** Slots of the agents logged into the queue and not paused (capacity summed). */
  readonly slots: number;
  readonly ahtSec: number;
  readonly arrivalRatePerSec: number;
  readonly length: number;
}

/** The textbook estimates of a waiting chat's remaining wait, ms, to compare a forecast with. */
export interface NaiveWaits {
  /** Queue length × AHT ÷ agents' slots: the same for every chat of the queue. */
  readonly queueLength: number;
  /** Place in the queue × AHT ÷ agents' slots. */
  readonly position: number;
  /** Erlang C for the current load: a waiting customer's expected wait, AHT ÷ (N − A) (its wait is memoryless). */
  readonly erlangC: number;
  /** Erlang C's ASA for the current load (every arrival's mean wait, waiting or not). */
  readonly erlangCAsa: number;
}

/**
 * The naive estimates of the remaining wait of the chat at `position` (1 = next). Erlang C has no answer when the
 * load reaches the slots (the queue grows without bound): then its estimates fall back to the position one.
 *
 * @example
 * ```ts
 * import { naiveWaits } from 'chatroute/simulation';
 * const w = naiveWaits({ slots: 20, ahtSec: 240, arrivalRatePerSec: 0.075, length: 6 }, 3);
 * w.position; // 36000: 3 × 240 s ÷ 20
 * w.erlangC;  // 120000: 240 s ÷ (20 − 18), with A = 0.075 × 240 = 18
 * ```
 */
export function naiveWaits(load: QueueLoad, position: number): NaiveWaits {
  const slots = Math.max(load.slots, 0);
  const perChatMs = slots === 0 ? Number.POSITIVE_INFINITY : (load.ahtSec * 1000) / slots;
  const byPosition = position * perChatMs;
  const offered = load.arrivalRatePerSec * load.ahtSec;
  if (slots === 0 || offered >= slots || load.ahtSec <= 0) {
    return { queueLength: load.length * perChatMs, position: byPosition, erlangC: byPosition, erlangCAsa: byPosition };
  }
  const c = erlangC({ arrivalRatePerSec: load.arrivalRatePerSec, ahtSec: load.ahtSec, agents: slots });
  return { queueLength: load.length * perChatMs, position: byPosition, erlangC: (load.ahtSec * 1000) / (slots - offered), erlangCAsa: c.asaSec * 1000 };
}
