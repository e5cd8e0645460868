import type { AgentConfig, QueueConfig } from '../model/config';
import type { TimeInState } from '../model/agent';
import type { Distribution } from './distributions';

/** Arrivals of one queue: Poisson at a constant rate, or at a rate per interval of the day (a profile). */
export type ArrivalSpec =
  | { queueId: string; ratePerSec: number; priority?: number }
  | { queueId: string; profile: number[]; intervalSec?: number; priority?: number };

/** A recorded trace of arrivals: replayed as is. */
export interface ArrivalTrace {
  trace: Array<{ atSec: number; queueId: string; priority?: number }>;
}

/** An agent's working time and breaks, in seconds from the start of the simulation. */
export interface AgentSchedule {
  shift?: { startSec: number; endSec: number };
  pauses?: Array<{ atSec: number; durationSec: number; reason: string; paid: boolean }>;
}

/** Agents described in bulk: `count` identical agents, optionally in shift groups. */
export interface AgentGroup {
  count: number;
  capacity: number;
  queues: AgentConfig['queues'];
  /** Shift groups: each gets `share` of the agents (shares are normalised). */
  shifts?: Array<{ startSec: number; endSec: number; share: number }>;
}

/** Everything `simulate` takes. */
export interface SimulationConfig {
  /** Seed of every random draw: the same seed gives the identical result. */
  seed: number;
  durationSec: number;
  /** Chats arriving before this are simulated but left out of the statistics. Default 0. */
  warmupSec?: number;
  queues: Array<QueueConfig & { serviceLevelMs?: number }>;
  agents: AgentGroup | Array<AgentConfig & AgentSchedule>;
  arrivals: ArrivalSpec[] | ArrivalTrace;
  handleTimeSec: Distribution;
  /** Customer patience: a waiting customer leaves after it. Without it nobody abandons. */
  patienceSec?: Distribution;
  /** How agents answer offers: after a delay; some offers are missed (unpaid pause, resumed after `resumeAfterSec`). */
  offerResponse?: { delaySec?: Distribution; missProbability?: number; resumeAfterSec?: number };
  /** Handling slows down with concurrent chats: × (1 + slowdown × (chats held − 1)). Default 0. */
  concurrencySlowdown?: number;
  /** Timeline interval. Default 900 s (15 minutes). */
  intervalSec?: number;
  /** Batches for the batch-means confidence intervals. Default 20. */
  batches?: number;
}

/** An estimate with its confidence interval (batch means, 95 %). */
export interface Estimate {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** Figures of one queue, or of all queues together. */
export interface SimulationFigures {
  /** Chats that arrived after the warm-up. */
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  /** Share of answered chats that waited for an agent: not offered (to the agent who took them) on arrival. */
  readonly probWait: number;
  /** Average speed of answer: mean time from arrival to acceptance of answered chats, seconds (ring time included). */
  readonly asaSec: number;
  /** Share of offered chats answered within the queue's `serviceLevelMs`. */
  readonly serviceLevel: number;
  /** Share of offered chats abandoned. */
  readonly abandonRate: number;
  readonly answeredWithinSl: number;
  /** Mean handling time of answered chats, seconds. */
  readonly ahtSec: number;
}

/** One timeline interval. */
export interface TimelinePoint {
  readonly startSec: number;
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  /** Of the chats that arrived in this interval. */
  readonly serviceLevel: number;
  /** At the end of the interval. */
  readonly waiting: number;
  readonly agents: { readonly ready: number; readonly busy: number; readonly paused: number; readonly offline: number };
}

/** What `simulate` returns: plain data, identical for the same config and seed. */
export interface SimulationResult {
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly overall: SimulationFigures & { readonly occupancy: number };
  readonly queues: Readonly<Record<string, SimulationFigures>>;
  readonly agents: {
    readonly count: number;
    /** Summed over agents, seconds, after the warm-up. */
    readonly timeInState: { readonly [K in keyof TimeInState]: number };
    /** Chat-seconds handled / slot-seconds available (logged in, not paused). */
    readonly occupancy: number;
    readonly missedOffers: number;
    readonly unpaidPauseSec: number;
  };
  readonly timeline: readonly TimelinePoint[];
  readonly confidence: {
    readonly batches: number;
    readonly probWait: Estimate;
    readonly asaSec: Estimate;
    readonly serviceLevel: Estimate;
    readonly abandonRate: Estimate;
  };
  /** Engine events processed (a measure of the work simulated). */
  readonly engineEvents: number;
  /** With `audit`: how many invariant violations the engine reported during the run, and the first 100. */
  readonly invariants?: {
    readonly violations: number;
    readonly first: ReadonlyArray<{ readonly invariant: string; readonly message: string; readonly evidence: unknown; readonly at: number }>;
  };
}

/** Options of `simulate` beyond the day's configuration. */
export interface SimulateOptions {
  /** Called as the run progresses, with the fraction of the day simulated. */
  readonly onProgress?: (fraction: number) => void;
  /**
   * Run the engine with its auditor (`createEngine({ audit })`): its invariants are checked after every input (or
   * every Nth) and violations are counted in `result.invariants`. Slows the run down (see the README).
   */
  readonly audit?: boolean | { readonly every: number };
}
