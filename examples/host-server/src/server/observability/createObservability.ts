import { checkReadiness, type Observability, type ReadinessCheck } from './health';
import { HostMetrics } from './HostMetrics';
import { createLogger, logLevelOf, type Logger } from './logger';
import { ProcessStats } from './processStats';

/** What an embedder of the host chooses about its observability (`startHostServer({ observability })`). */
export interface ObservabilityOptions {
  /** Default: JSON lines on standard output from `LOG_LEVEL` (default `info`). */
  readonly logger?: Logger;
  /** `GET /metrics` then needs `Authorization: Bearer <metricsToken>` (`METRICS_TOKEN` in `npm start`). */
  readonly metricsToken?: string;
  /** Further checks of `/readyz`, by name (a cluster node: that it still holds the shard's lease). */
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  /** `/healthz` fails once the event loop runs this late (default 10 s). */
  readonly maxEventLoopLagMs?: number;
}

/**
 * The host's observability parts: its logger, counters, process statistics and readiness (the host's own checks
 * and the embedder's). The caller closes `stats` when the server stops.
 *
 * @example
 * ```ts
 * const observe = createObservability({ metricsToken: process.env.METRICS_TOKEN }, { engine: () => undefined });
 * observe.log.info('listening', { port });
 * ```
 */
export function createObservability(options: ObservabilityOptions = {}, own: Readonly<Record<string, ReadinessCheck>> = {}): Observability {
  const checks = { ...own, ...options.readiness };
  return {
    log: options.logger ?? createLogger({ level: logLevelOf(process.env.LOG_LEVEL) }),
    metrics: new HostMetrics(),
    stats: new ProcessStats(),
    readiness: () => checkReadiness(checks),
    ...(options.metricsToken !== undefined && options.metricsToken !== '' ? { metricsToken: options.metricsToken } : {}),
    ...(options.maxEventLoopLagMs !== undefined ? { maxEventLoopLagMs: options.maxEventLoopLagMs } : {}),
  };
}
