import type { HostMetrics } from './HostMetrics';
import type { Logger } from './logger';
import type { ProcessStats } from './processStats';

/** One readiness check: undefined when fine, else why not (a short sentence, no personal data). */
export type ReadinessCheck = () => string | undefined | Promise<string | undefined>;

/** What `/readyz` answers: ready, or the first reason it is not, with every check's outcome. */
export interface Readiness {
  readonly ready: boolean;
  readonly reason?: string;
  readonly checks: Readonly<Record<string, string>>;
}

/** A check that takes longer than this counts as failed: a hung store is not a ready one. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Runs the named checks side by side, each bounded by a timeout, and says whether all passed.
 *
 * @example
 * ```ts
 * await checkReadiness({ engine: () => (stopped ? 'the engine is stopped' : undefined), store: pingStore });
 * // { ready: true, checks: { engine: 'ok', store: 'ok' } }
 * ```
 */
export async function checkReadiness(checks: Readonly<Record<string, ReadinessCheck>>, timeoutMs = CHECK_TIMEOUT_MS): Promise<Readiness> {
  const outcomes = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, string]> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`${name} did not answer within ${timeoutMs} ms`), timeoutMs);
      });
      try {
        const outcome = await Promise.race([Promise.resolve().then(check), timeout]);
        return [name, outcome ?? 'ok'];
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        return [name, `${name} check failed (${error instanceof Error ? error.name : 'error'}${typeof code === 'string' ? ` ${code}` : ''})`];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const failed = outcomes.find(([, outcome]) => outcome !== 'ok');
  return { ready: failed === undefined, ...(failed !== undefined ? { reason: failed[1] } : {}), checks: Object.fromEntries(outcomes) };
}

/** What the host's operations endpoints and its parts share: the logger, the counters, the process, readiness. */
export interface Observability {
  readonly log: Logger;
  readonly metrics: HostMetrics;
  readonly stats: ProcessStats;
  /** Whether the server can serve now (see `/readyz`). */
  readiness(): Promise<Readiness>;
  /** When set, `GET /metrics` needs `Authorization: Bearer <this>`. */
  readonly metricsToken?: string;
  /** `/healthz` answers 503 once the event loop runs later than this (default 10 s). */
  readonly maxEventLoopLagMs?: number;
}
