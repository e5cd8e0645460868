import type { RandomSource } from '../random/createRandom';
import type { ArrivalSpec, ArrivalTrace } from './types';

/** One customer arriving. */
export interface Arrival {
  readonly atSec: number;
  readonly queueId: string;
  readonly priority: number;
}

/**
 * A lazy, ordered stream of arrivals in [`fromSec`, `endSec`): merged per-queue Poisson processes (constant or piecewise
 * constant rate per interval: memorylessness lets the process restart at each boundary with the new rate), or a
 * recorded trace. Lazy so a long day never holds all its arrivals in memory. A forecast starts it at `fromSec`,
 * part-way into the day its profile describes.
 */
export function createArrivals(spec: ArrivalSpec[] | ArrivalTrace, endSec: number, rng: RandomSource, fromSec = 0): () => Arrival | undefined {
  if (!Array.isArray(spec)) {
    const trace = spec.trace
      .filter((a) => a.atSec < endSec && (fromSec === 0 || a.atSec >= fromSec))
      .map((a) => ({ atSec: a.atSec, queueId: a.queueId, priority: a.priority ?? 0 }))
      .sort((a, b) => a.atSec - b.atSec);
    let i = 0;
    return () => trace[i++];
  }
  const streams = spec.map((s) => ({ spec: s, next: nextPoisson(s, fromSec, endSec, rng) }));
  return () => {
    let best: (typeof streams)[number] | undefined;
    for (const stream of streams) if (stream.next !== undefined && (best === undefined || stream.next < (best.next as number))) best = stream;
    if (best === undefined || best.next === undefined) return undefined;
    const arrival = { atSec: best.next, queueId: best.spec.queueId, priority: best.spec.priority ?? 0 };
    best.next = nextPoisson(best.spec, best.next, endSec, rng);
    return arrival;
  };
}

/** The next arrival after `from`, or undefined when none comes before `endSec`. */
function nextPoisson(spec: ArrivalSpec, from: number, endSec: number, rng: RandomSource): number | undefined {
  let t = from;
  for (;;) {
    const { rate, until } = rateAt(spec, t, endSec);
    if (t >= endSec) return undefined;
    if (rate <= 0) {
      t = until;
      continue;
    }
    const next = t - Math.log(1 - rng()) / rate;
    if (next < until) return next;
    t = until;
  }
}

/** The rate in force at `t` and until when it holds. */
function rateAt(spec: ArrivalSpec, t: number, endSec: number): { rate: number; until: number } {
  if ('ratePerSec' in spec) return { rate: spec.ratePerSec, until: endSec };
  const interval = spec.intervalSec ?? 900;
  const index = Math.floor(t / interval);
  const rate = index < spec.profile.length ? (spec.profile[index] as number) : 0;
  return { rate, until: index < spec.profile.length ? Math.min(endSec, (index + 1) * interval) : endSec };
}
