import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken } from '../auth/auth';
import type { HostContext } from '../context';
import { renderMetrics } from '../observability/renderMetrics';
import { PROMETHEUS_CONTENT_TYPE, type PrometheusText } from '../observability/prometheus';
import type { WebhookStats } from '../webhooks/Webhooks';
import { sendJson } from './httpUtil';

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether `header` carries `Bearer <expected>` (compared in constant time, over digests so lengths do not show).
 *
 * @example
 * ```ts
 * bearerMatches(req.headers.authorization, process.env.METRICS_TOKEN ?? '');
 * ```
 */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  return timingSafeEqual(sha256(bearerToken(header) ?? ''), sha256(expected));
}

/** The paths {@link opsRoute} answers. */
export const OPS_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The operations endpoints, answered before anything else and without a sign-in (but `/metrics` with its bearer
 * token when one is configured):
 *
 * - `GET /healthz`: liveness, 200 `{ ok: true, uptimeSeconds, eventLoopLagMs }` while the event loop keeps up, 503
 *   once it runs later than `maxEventLoopLagMs`;
 * - `GET /readyz`: 200 `{ ready: true, checks }` when the engine is open, the store answers (and whatever the
 *   embedder adds, e.g. a cluster node's lease), else 503 `{ ready: false, reason, checks }`;
 * - `GET /metrics`: Prometheus text, the process, the host and `engine.metrics()`.
 *
 * @example
 * ```ts
 * if (OPS_PATHS.has(pathname)) return opsRoute(context, pathname, req, res);
 * ```
 */
export async function opsRoute(context: HostContext, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { observe } = context;
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' });
  if (pathname === '/healthz') {
    const lag = observe.stats.lagMs;
    const ok = lag <= (observe.maxEventLoopLagMs ?? 10_000);
    return sendJson(res, ok ? 200 : 503, { ok, uptimeSeconds: Math.round(observe.stats.uptimeSeconds()), eventLoopLagMs: Math.round(lag) });
  }
  if (pathname === '/readyz') {
    const readiness = await observe.readiness();
    return sendJson(res, readiness.ready ? 200 : 503, readiness);
  }
  if (observe.metricsToken !== undefined && !bearerMatches(req.headers.authorization, observe.metricsToken)) {
    return sendJson(res, 401, { error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' }, { 'WWW-Authenticate': 'Bearer' });
  }
  const readiness = await observe.readiness();
  const text = renderMetrics({ engine: context.engine.metrics(), host: observe.metrics, stats: observe.stats, ready: readiness.ready, more: (out) => (renderWebhooks(out, context.webhooks.webhookStats()), renderReports(out, context.records.stats())) });
  res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/**
 * A bounded name for a request's route, for the request counter (never the path itself: ids would grow it).
 *
 * @example
 * ```ts
 * routeLabel('GET', '/uploads/abc'); // 'download'
 * ```
 */
export function routeLabel(method: string | undefined, pathname: string): string {
  if (OPS_PATHS.has(pathname)) return pathname.slice(1);
  if (pathname.startsWith('/api/admin/')) return 'admin';
  if (pathname === '/api/uploads') return method === 'POST' ? 'upload' : 'api';
  if (pathname.startsWith('/api/')) return 'api';
  if (pathname.startsWith('/uploads/')) return 'download';
  if (pathname.startsWith('/assets/')) return 'asset';
  return 'page';
}

/** The webhooks' delivery counters (`webhookStats()`), as `chatroute_host_webhook_…` families. */
function renderWebhooks(out: PrometheusText, stats: WebhookStats): void {
  const t = stats.totals;
  out.gauge('chatroute_host_webhook_subscriptions', 'Webhook subscriptions', t.subscriptions);
  out.counter('chatroute_host_webhook_attempts_total', 'Webhook delivery attempts', t.attempts);
  out.counter('chatroute_host_webhook_delivered_total', 'Webhook events delivered (2xx)', t.delivered);
  out.counter('chatroute_host_webhook_failed_attempts_total', 'Webhook attempts that failed (not 2xx, refused, timed out)', t.failedAttempts);
  out.counter('chatroute_host_webhook_timeouts_total', 'Webhook attempts that timed out', t.timeouts);
  out.counter('chatroute_host_webhook_dead_lettered_total', 'Webhook events dead-lettered after the last attempt', t.deadLettered);
  out.gauge('chatroute_host_webhook_dead_letters', 'Webhook dead letters waiting for a replay', t.deadLetters);
  out.gauge('chatroute_host_webhook_behind', 'Webhook subscriptions behind the event log retention', t.behind);
  out.gauge('chatroute_host_webhook_lag_events', 'Events not yet delivered, per subscription', stats.subscriptions.map((s) => [{ subscription: s.id }, s.lag] as const));
}

/** The report follower: how far it is and the gaps it had to leave (events past the retention when it got there). */
function renderReports(out: PrometheusText, stats: ReturnType<HostContext['records']['stats']>): void {
  out.gauge('chatroute_host_report_seq', 'The event seq the contact records and interval reports are up to', stats.reportSeq);
  out.gauge('chatroute_host_report_gaps', 'Stretches of the event log the reports never saw (past the retention)', stats.reportGaps);
  out.gauge('chatroute_host_report_events_skipped', 'Events the reports never saw (past the retention when reached)', stats.reportEventsSkipped);
}
