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
export { forecast } from '../forecast/forecast';
export { evaluateForecast } from '../forecast/evaluateForecast';
export type { EvaluateForecastOptions, ErrorFigures, ForecastEvaluation, ForecastSample } from '../forecast/evaluateForecast';
export type { IntervalPrediction, IntervalScore, ServiceLevelEvaluation } from '../forecast/evaluateIntervals';
export { naiveWaits } from '../forecast/naiveWaits';
export type { NaiveWaits, QueueLoad } from '../forecast/naiveWaits';
export type { BreachWarning, ChatForecast, Forecast, ForecastOptions, IntervalForecast, QueueForecast, WaitEstimate } from '../forecast/types';
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
