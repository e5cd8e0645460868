/**
 * `chatroute/simulation`: run a contact-center day in virtual time on the real engine, before going live.
 *
 * @example
 * ```ts
 * import { simulate, renderReport } from 'chatroute/simulation';
 * const result = simulate(config);
 * writeFileSync('report.html', renderReport(result, config));
 * ```
 *
 * @packageDocumentation
 */
export { simulate } from './simulate';
export { assertionMetrics, checkAssertions, parseAssertion } from './assertions';
export type { AssertionOutcome, SimulationAssertion } from './assertions';
export { renderCharts, renderReport } from './report/renderReport';
export { createSampler, meanOf } from './distributions';
export type { Distribution, Sampler } from './distributions';
export type {
  AgentGroup,
  AgentSchedule,
  ArrivalSpec,
  ArrivalTrace,
  Estimate,
  SimulateOptions,
  SimulationConfig,
  SimulationFigures,
  SimulationResult,
  TimelinePoint,
} from './types';
