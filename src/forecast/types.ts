import type { AgentSchedule, ArrivalSpec, ArrivalTrace, SimulationConfig } from '../simulation/types';

/**
 * What `forecast` takes: the behaviour models of `simulate` (arrivals, handling, patience, answering), how far to
 * look, and over how many seeds. Times in the arrival profile and the schedules are seconds from `originMs`, as
 * in a simulated day, so a day's simulation configuration can be passed as it is.
 */
export interface ForecastOptions extends Pick<SimulationConfig, 'handleTimeSec' | 'patienceSec' | 'offerResponse' | 'concurrencySlowdown'> {
  /** Expected arrivals per queue (Poisson at a rate or a profile per interval from `originMs`), or a trace. */
  readonly arrivals: ArrivalSpec[] | ArrivalTrace;
  /** Clock time (ms) of second 0 of `arrivals` profiles and `schedules`: e.g. today's midnight. Default: now. */
  readonly originMs?: number;
  /** Planned logins, shift ends and breaks per agent id, as in `simulate`, in seconds from `originMs`. */
  readonly schedules?: Readonly<Record<string, AgentSchedule>>;
  /** How far ahead, ms. Default 30 minutes. */
  readonly horizonMs?: number;
  /** Length of the forecast intervals, ms. Default 5 minutes. */
  readonly intervalMs?: number;
  /** Runs: how many, or which seeds. Default 8 (seeds 1..8). The same seeds on the same state give the same forecast. */
  readonly seeds?: number | readonly number[];
  /** Service-level target (share within the queue's `serviceLevelMs`), for all queues or per queue id. Default 0.8. */
  readonly serviceLevelTarget?: number | Readonly<Record<string, number>>;
  /**
   * Only the waiting chats' times to an agent: each run stops as soon as they are known (usually a few simulated
   * minutes instead of the horizon), and `queues` is empty. Cheap enough for the customers' widgets every few seconds.
   */
  readonly waitsOnly?: boolean;
  /** The early warning: a breach of the target within `withinMs` (default 15 min) with probability ≥ `probability` (default 0.5). */
  readonly warning?: { readonly withinMs?: number; readonly probability?: number };
}

/** A duration over the runs: median and 90th percentile, ms; `null` when beyond the run (not reached in enough runs). */
export interface WaitEstimate {
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
}

/** The forecast for one chat waiting now. */
export interface ChatForecast {
  readonly chatId: string;
  readonly queueId: string;
  /** Place in its queue, 1 = next (by priority, then time entered). */
  readonly position: number;
  /** How long it has waited so far, ms. */
  readonly waitedMs: number;
  /**
   * Time from now until an agent takes it, if the customer stays (in runs where the simulated customer gives up,
   * the time the first chat behind it is taken).
   */
  readonly toAgent: WaitEstimate;
  /** Share of runs in which the simulated customer gave up before being answered. */
  readonly abandonShare: number;
}

/** One interval of a queue's forecast: figures of the chats arriving in it (the first also holds those waiting now). */
export interface IntervalForecast {
  readonly startsAt: number;
  readonly endsAt: number;
  /** Mean over runs of the chats counted. */
  readonly offered: number;
  /** Share answered within the queue's `serviceLevelMs`: median and 10th–90th percentile over runs. */
  readonly serviceLevel: { readonly median: number; readonly p10: number; readonly p90: number };
  /** Share abandoned: median and 90th percentile over runs. */
  readonly abandonRate: { readonly median: number; readonly p90: number };
  /** Share of runs with a service level below the target. */
  readonly breachProbability: number;
}

/** An interval where the service level is likely to miss its target. */
export interface BreachWarning {
  readonly queueId: string;
  readonly startsAt: number;
  readonly breachProbability: number;
  readonly serviceLevelMedian: number;
  readonly target: number;
}

/** A queue's forecast. */
export interface QueueForecast {
  readonly queueId: string;
  readonly serviceLevelMs: number;
  readonly target: number;
  readonly intervals: readonly IntervalForecast[];
  /** The first likely breach within the warning window, if any. */
  readonly warning?: BreachWarning;
}

/** What `forecast` returns: plain data, identical for the same engine state, options and seeds. */
export interface Forecast {
  /** Clock time of the state forecast from. */
  readonly at: number;
  readonly horizonMs: number;
  /** Runs made: one per seed (none with `waitsOnly` when nobody waits). */
  readonly runs: number;
  /** Chats waiting now, in queue order (queue by queue). */
  readonly chats: readonly ChatForecast[];
  readonly queues: readonly QueueForecast[];
  /** Every queue's warning, soonest first. */
  readonly warnings: readonly BreachWarning[];
}
