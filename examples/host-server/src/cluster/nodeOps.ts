import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type pg from 'pg';
import type { HostServer } from '../server/createHostServer';
import { bearerMatches } from '../server/http/opsRoutes';
import { normalizeAddress, type TrustProxy } from '../server/auth/clientAddress';
import type { ProcessStats } from '../server/observability/processStats';
import { PROMETHEUS_CONTENT_TYPE, PrometheusText } from '../server/observability/prometheus';
import { renderProcess } from '../server/observability/renderMetrics';
import type { Route } from './Forwarder';

/** What a node's operations endpoints read of it. */
export interface NodeState {
  readonly name: string;
  readonly route: Route;
  /** The embedded host server while this node owns the shard. */
  readonly server: HostServer | undefined;
  readonly stats: ProcessStats;
  readonly metricsToken?: string;
  /** Connections the forwarder carries now. */
  readonly carried: number;
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
};

/**
 * A cluster node's own `/healthz`, `/readyz` and `/metrics`, answered by its forwarder and never carried to the owner
 * (a probe of node B must learn about node B):
 *
 * - `/healthz`: this process's event loop;
 * - `/readyz`: 200 when the node can serve its clients: it owns the shard and its host server is ready (`role:
 *   "owner"`), or it forwards to a live owner (`role: "forwarding"`); 503 while the shard has no owner (a takeover)
 *   or the owner's server is not ready. `/readyz?role=owner` is 200 on the owner only (for a load balancer that
 *   should send everything to the owner);
 * - `/metrics`: the process, the node's route, and while it owns the shard the host server's and engine's families.
 *
 * Returns false for any other path (the forwarder carries it).
 *
 * @example
 * ```ts
 * const front = new Forwarder(name, { local: (req, res) => answerNodeOps(stateNow(), req, res) });
 * ```
 */
export function answerNodeOps(state: NodeState, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://node');
  if (!['/healthz', '/readyz', '/metrics'].includes(url.pathname)) return false;
  void (async () => {
    if (url.pathname === '/healthz') {
      const lag = state.stats.lagMs;
      return json(res, lag <= 10_000 ? 200 : 503, { ok: lag <= 10_000, node: state.name, uptimeSeconds: Math.round(state.stats.uptimeSeconds()), eventLoopLagMs: Math.round(lag) });
    }
    if (url.pathname === '/readyz') {
      const readiness = await nodeReadiness(state);
      const ownerOnly = url.searchParams.get('role') === 'owner';
      const ready = readiness.ready && (!ownerOnly || readiness.role === 'owner');
      return json(res, ready ? 200 : 503, { ...readiness, ready, ...(ready || readiness.reason !== undefined ? {} : { reason: `${state.name} does not own the shard` }) });
    }
    if (state.metricsToken !== undefined && !bearerMatches(req.headers.authorization, state.metricsToken)) {
      return json(res, 401, { error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
    }
    const text = await nodeMetrics(state);
    res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
    res.end(text);
  })().catch(() => {
    if (!res.headersSent) json(res, 500, { error: 'internal error' });
    else res.destroy();
  });
  return true;
}

async function nodeReadiness(state: NodeState): Promise<{ ready: boolean; role: 'owner' | 'forwarding' | 'none'; reason?: string; owner?: string; checks?: Readonly<Record<string, string>> }> {
  const { route, server } = state;
  if (route.kind === 'serve' && server !== undefined) {
    const own = await server.context.observe.readiness();
    return { ready: own.ready, role: 'owner', ...(own.reason !== undefined ? { reason: own.reason } : {}), checks: own.checks };
  }
  if (route.kind === 'forward') return { ready: true, role: 'forwarding', owner: route.owner };
  return { ready: false, role: 'none', reason: route.kind === 'none' ? route.why : 'starting to serve' };
}

async function nodeMetrics(state: NodeState): Promise<string> {
  const out = new PrometheusText();
  renderProcess(out, state.stats);
  const kinds = ['serve', 'forward', 'none'] as const;
  out
    .gauge('chatroute_cluster_route', 'Where this node sends its clients: 1 on its current route (serve: it owns the shard)', kinds.map((kind) => [{ node: state.name, kind }, state.route.kind === kind ? 1 : 0] as const))
    .gauge('chatroute_cluster_carried_connections', 'Connections the node carries to the owner (or to its own server) now', state.carried);
  const own = state.route.kind === 'serve' && state.server !== undefined ? await state.server.metrics({ process: false }) : '';
  return out.toString() + own;
}

/**
 * What a cluster node trusts to name clients in `X-Forwarded-For`: its own forwarder (loopback) and its peers'
 * (their addresses, when they are IP literals: a name would need a lookup that a socket's address cannot be matched
 * against), plus any addresses of `TRUST_PROXY`. A hop count in `TRUST_PROXY` is taken as it is.
 *
 * @example
 * ```ts
 * clusterTrust(['10.0.0.7:3101', '10.0.0.8:3101']); // loopback, 10.0.0.7, 10.0.0.8
 * ```
 */
export function clusterTrust(peers: readonly string[], configured?: TrustProxy): TrustProxy {
  if (configured?.kind === 'hops') return configured;
  const addresses = new Set(configured?.kind === 'addresses' ? configured.addresses : []);
  for (const peer of peers) {
    const host = normalizeAddress(peer.slice(0, peer.lastIndexOf(':') > peer.lastIndexOf(']') ? peer.lastIndexOf(':') : peer.length));
    if (isIP(host) !== 0) addresses.add(host);
  }
  return { kind: 'addresses', addresses, loopback: true };
}

/**
 * A readiness check that the pool still reaches PostgreSQL (a throw or a hang fails it).
 *
 * @example
 * ```ts
 * startHostServer({ ..., observability: { readiness: { postgres: postgresReachable(pool) } } });
 * ```
 */
export function postgresReachable(pool: pg.Pool): () => Promise<string | undefined> {
  return async () => {
    await pool.query('SELECT 1');
    return undefined;
  };
}
