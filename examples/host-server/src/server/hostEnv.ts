import type { HostConfig, HostLimits } from './config';
import { parseTrustProxy } from './auth/clientAddress';
import type { ObservabilityOptions } from './observability/createObservability';

const positive = (env: Readonly<Record<string, string | undefined>>, name: string): number | undefined => {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a whole number of milliseconds above 0, got ${JSON.stringify(value)}`);
  return n;
};

/**
 * The operations settings `npm start` and the cluster nodes read from the environment, shared so both read them
 * alike: `HEARTBEAT_MS` and `HEARTBEAT_TIMEOUT_MS` (default twice `HEARTBEAT_MS`), `TRUST_PROXY` (a hop count or
 * addresses; see `parseTrustProxy`) and `METRICS_TOKEN` (the bearer token of `/metrics`). A bad value throws.
 *
 * @example
 * ```ts
 * const ops = hostEnv(process.env);
 * await startHostServer({ config: { ...config, limits: { ...config.limits, ...ops.limits }, ...ops.config }, observability: ops.observability });
 * ```
 */
export function hostEnv(env: Readonly<Record<string, string | undefined>>): {
  limits: Partial<Pick<HostLimits, 'heartbeatMs' | 'heartbeatTimeoutMs'>>;
  config: Pick<HostConfig, 'trustProxy'>;
  observability: Pick<ObservabilityOptions, 'metricsToken'>;
} {
  const heartbeatMs = positive(env, 'HEARTBEAT_MS');
  const heartbeatTimeoutMs = positive(env, 'HEARTBEAT_TIMEOUT_MS') ?? (heartbeatMs !== undefined ? 2 * heartbeatMs : undefined);
  const trust = env.TRUST_PROXY;
  return {
    limits: { ...(heartbeatMs !== undefined ? { heartbeatMs } : {}), ...(heartbeatTimeoutMs !== undefined ? { heartbeatTimeoutMs } : {}) },
    config: trust !== undefined && trust !== '' ? { trustProxy: parseTrustProxy(trust) } : {},
    observability: env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN !== '' ? { metricsToken: env.METRICS_TOKEN } : {},
  };
}
