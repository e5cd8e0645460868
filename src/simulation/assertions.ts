import { ChatrouteError } from '../errors/ChatrouteError';
import type { SimulationFigures, SimulationResult } from './types';

/** A comparison of one figure of a simulated day with a target. */
export interface SimulationAssertion {
  /** As written, for reports: `serviceLevel>=0.8`, `queue.sales.asaSec<=20`. */
  readonly text: string;
  /** The queue it is about; absent for the overall figures. */
  readonly queueId?: string;
  /** The figure: see {@link assertionMetrics}. */
  readonly metric: string;
  readonly op: '>=' | '<=' | '>' | '<' | '==';
  readonly target: number;
}

/** The outcome of one assertion. */
export interface AssertionOutcome {
  readonly assertion: SimulationAssertion;
  readonly actual: number;
  readonly passed: boolean;
}

type Figures = SimulationFigures & { readonly occupancy?: number };

/**
 * The figures an assertion may name, overall or per queue (`queue.<id>.<figure>`). Shares are fractions (0.8) and
 * may be written as percentages (`80%`). `abandoned` is the share abandoned, as a target is written
 * (`abandoned<=0.05`); `abandonedChats` is the count. `occupancy`, `missedOffers`, `unpaidPauseSec` and
 * `violations` (invariant violations the auditor reported) are overall only.
 *
 * @example
 * ```ts
 * import { assertionMetrics } from 'chatroute/simulation';
 * console.log(Object.keys(assertionMetrics).join(', '));
 * ```
 */
export const assertionMetrics: Readonly<Record<string, (figures: Figures, result: SimulationResult) => number | undefined>> = {
  serviceLevel: (f) => f.serviceLevel,
  abandoned: (f) => f.abandonRate,
  abandonRate: (f) => f.abandonRate,
  abandonedChats: (f) => f.abandoned,
  probWait: (f) => f.probWait,
  asaSec: (f) => f.asaSec,
  ahtSec: (f) => f.ahtSec,
  offered: (f) => f.offered,
  answered: (f) => f.answered,
  answeredWithinSl: (f) => f.answeredWithinSl,
  occupancy: (f) => f.occupancy,
  missedOffers: (f, r) => (f.occupancy === undefined ? undefined : r.agents.missedOffers),
  unpaidPauseSec: (f, r) => (f.occupancy === undefined ? undefined : r.agents.unpaidPauseSec),
  violations: (f, r) => (f.occupancy === undefined ? undefined : (r.invariants?.violations ?? 0)),
};

const PATTERN = /^\s*([A-Za-z_][\w.-]*?)\s*(>=|<=|==|=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*(%?)\s*$/;

/**
 * Parses a target such as `serviceLevel>=0.8`, `abandoned<=5%` or `queue.sales.asaSec<20`. Throws
 * `ChatrouteError` `invalid-argument`, naming the figures there are, for anything else.
 *
 * @example
 * ```ts
 * import { parseAssertion } from 'chatroute/simulation';
 * parseAssertion('queue.sales.serviceLevel>=80%'); // { queueId: 'sales', metric: 'serviceLevel', op: '>=', target: 0.8, ... }
 * ```
 */
export function parseAssertion(text: string): SimulationAssertion {
  const match = PATTERN.exec(text);
  if (match === null) {
    throw new ChatrouteError('invalid-argument', `cannot read the assertion "${text}": write FIGURE OP NUMBER, e.g. serviceLevel>=0.8, abandoned<=5%, queue.sales.asaSec<20`);
  }
  const [, path, rawOp, number, percent] = match as unknown as [string, string, string, string, string];
  let queueId: string | undefined;
  let metric = path;
  if (path.startsWith('queue.')) {
    const last = path.lastIndexOf('.');
    queueId = path.slice('queue.'.length, last);
    metric = path.slice(last + 1);
    if (queueId === '' || last < 'queue.'.length) throw new ChatrouteError('invalid-argument', `the assertion "${text}" names no queue: write queue.<id>.${metric}`);
  }
  if (!Object.hasOwn(assertionMetrics, metric)) {
    throw new ChatrouteError('invalid-argument', `the assertion "${text}" names no known figure "${metric}"; known: ${Object.keys(assertionMetrics).join(', ')}`);
  }
  const op = rawOp === '=' ? '==' : (rawOp as SimulationAssertion['op']);
  const target = Number(number) / (percent === '%' ? 100 : 1);
  return { text: text.trim(), ...(queueId !== undefined ? { queueId } : {}), metric, op, target };
}

const compare = (actual: number, op: SimulationAssertion['op'], target: number): boolean =>
  op === '>=' ? actual >= target : op === '<=' ? actual <= target : op === '>' ? actual > target : op === '<' ? actual < target : actual === target;

/**
 * Checks assertions against a simulated day's result: one outcome each, in order. Throws `invalid-argument` for an
 * assertion about a queue the day does not have, or an overall-only figure asked of a queue.
 *
 * @example
 * ```ts
 * import { checkAssertions, parseAssertion, simulate } from 'chatroute/simulation';
 * const outcomes = checkAssertions(simulate(day, { audit: { every: 50 } }), ['serviceLevel>=0.8', 'violations==0'].map(parseAssertion));
 * if (outcomes.some((o) => !o.passed)) process.exitCode = 1;
 * ```
 */
export function checkAssertions(result: SimulationResult, assertions: readonly SimulationAssertion[]): AssertionOutcome[] {
  return assertions.map((assertion) => {
    const figures: Figures | undefined = assertion.queueId === undefined ? result.overall : result.queues[assertion.queueId];
    if (figures === undefined) {
      throw new ChatrouteError('invalid-argument', `the assertion "${assertion.text}" is about queue ${assertion.queueId}, which the day does not have (queues: ${Object.keys(result.queues).join(', ')})`);
    }
    const actual = (assertionMetrics[assertion.metric] as (f: Figures, r: SimulationResult) => number | undefined)(figures, result);
    if (actual === undefined) throw new ChatrouteError('invalid-argument', `the assertion "${assertion.text}": ${assertion.metric} is an overall figure, not a queue's`);
    return { assertion, actual, passed: compare(actual, assertion.op, assertion.target) };
  });
}
