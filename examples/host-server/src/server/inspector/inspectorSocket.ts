import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { machineDescriptions } from 'chatroute/inspect';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { HostContext } from '../context';
import { InspectorHub } from './inspectorHub';
import { machineCharts } from './inspectorLayout';
import { inspectorCloseCodes, type ActorKind, type InspectorClientFrame, type InspectorServerFrame } from '../../shared/inspector';
import { RateLimiter } from '../limits/RateLimiter';
import { Heartbeat } from '../limits/Heartbeat';

export interface InspectorOptions {
  /**
   * Development only: anyone who can reach the server may inspect, without signing in (`INSPECTOR=1 npm start`).
   * Otherwise the admin, or an agent who supervises at least one queue, signs in.
   */
  readonly open?: boolean;
}

export interface Inspector {
  readonly hub: InspectorHub;
  /** Takes an HTTP upgrade on {@link INSPECTOR_PATH} (the caller checks the path and the origin). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes the inspector connections (1001) and stops following the engine. */
  close(): void;
}

const HELLO_TIMEOUT_MS = 10_000;
const RECHECK_MS = 30_000;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

type Access = { ok: true; who: string; token?: string; issued?: boolean } | { ok: false; code: 'unauthorized' | 'forbidden'; message: string };

/** Whether this identity may inspect: the admin, or an agent who supervises a queue (as configured now). */
function mayInspect(context: HostContext, agentId: string): boolean {
  const agent = context.configuration.agents().find((a) => a.id === agentId);
  return (agent?.supervises?.length ?? 0) > 0;
}

function identifyToken(context: HostContext, token: string): Access {
  const identity = context.auth.identify(token);
  if (identity?.role === 'admin') return { ok: true, who: identity.user, token };
  if (identity?.role === 'agent') {
    return mayInspect(context, identity.agentId) ? { ok: true, who: identity.agentId, token } : { ok: false, code: 'forbidden', message: 'only supervisors and the admin may inspect' };
  }
  return { ok: false, code: 'unauthorized', message: 'unknown, expired or revoked token' };
}

/** The host's sign-in back-off (the desk's), when this host has one: the inspector's password sign-ins share it. */
interface Throttle {
  wait(account: string, ip: string): number;
  failed(account: string, ip: string): void;
  succeeded(account: string, ip: string): void;
}

function throttleOf(context: HostContext): Throttle | undefined {
  return (context as { guards?: { logins?: Throttle } }).guards?.logins;
}

async function authenticate(context: HostContext, options: InspectorOptions, auth: unknown, ip: string): Promise<Access> {
  if (options.open === true) return { ok: true, who: 'dev' };
  if (typeof auth !== 'object' || auth === null) return { ok: false, code: 'unauthorized', message: 'sign in' };
  const a = auth as Record<string, unknown>;
  if (typeof a.token === 'string') return identifyToken(context, a.token);
  if (typeof a.user !== 'string' || typeof a.password !== 'string' || a.user.length > 200 || a.password.length > 200) {
    return { ok: false, code: 'unauthorized', message: 'sign in with user and password' };
  }
  // Another door to the same passwords must not be a way around the desk's back-off on failed guesses.
  const throttle = throttleOf(context);
  const admin = context.config.admin !== undefined && a.user === context.config.admin.user;
  // The admin's guesses count where the admin API counts them, an agent's where the desk does.
  const account = admin ? `admin:${a.user}` : a.user;
  const wait = throttle?.wait(account, ip) ?? 0;
  if (wait > 0) {
    context.observe.metrics.loginThrottled('inspector');
    return { ok: false, code: 'unauthorized', message: `too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s` };
  }
  const token = admin ? await context.auth.signInAdmin(a.user, a.password) : undefined;
  // The password first, then the role: a non-supervisor learns nothing it could not learn at the desk, and no
  // token is issued for a sign-in that is refused.
  const ok = admin ? token !== undefined : await context.auth.credentials.verify(a.user, a.password);
  if (!ok) {
    throttle?.failed(account, ip);
    return { ok: false, code: 'unauthorized', message: 'wrong user or password' };
  }
  throttle?.succeeded(account, ip);
  if (admin) return { ok: true, who: a.user, ...(token !== undefined ? { token } : {}), issued: true };
  if (!mayInspect(context, a.user)) return { ok: false, code: 'forbidden', message: 'only supervisors and the admin may inspect' };
  return { ok: true, who: a.user, token: context.auth.sessions.issue({ role: 'agent', agentId: a.user }), issued: true };
}

function parse(data: RawData): InspectorClientFrame | undefined {
  try {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    if (frame.type === 'hello' && typeof frame.auth === 'object') return frame as unknown as InspectorClientFrame;
    if (frame.type === 'unwatch') return { type: 'unwatch' };
    if (frame.type === 'watch' && (frame.kind === 'chat' || frame.kind === 'agent') && typeof frame.id === 'string' && frame.id.length <= 200) {
      return { type: 'watch', kind: frame.kind, id: frame.id };
    }
  } catch {
    // falls through: a bad frame
  }
  return undefined;
}

/**
 * The inspector's WebSocket (`/inspector/ws`): after `hello` (a supervisor's or the admin's password or token,
 * or nothing in open mode) it sends both machines laid out once, then the live actors by state whenever something
 * happens, and the watched actor (state, highlighted ids, view, recent events) whenever it changes. Read-only:
 * the only frames it takes are `watch` and `unwatch`.
 *
 * @example
 * ```ts
 * const inspector = createInspector(context, { open: process.env.INSPECTOR === '1' });
 * http.on('upgrade', (req, socket, head) => inspector.handleUpgrade(req, socket, head));
 * ```
 */
export function createInspector(context: HostContext, options: InspectorOptions = {}): Inspector {
  const hub = new InspectorHub(context.engine, () => context.configuration.agents().map((a) => a.id));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  // Lay the machines out while nobody is waiting yet; a failure shows when a page asks.
  const charts = machineCharts(machineDescriptions);
  charts.catch(() => undefined);
  const { metrics, log } = context.observe;
  const heartbeat = new Heartbeat({ everyMs: context.config.limits.heartbeatMs, timeoutMs: context.config.limits.heartbeatTimeoutMs });
  wss.on('connection', (ws, req: IncomingMessage) => {
    metrics.socketOpened('inspector');
    heartbeat.track(ws, () => metrics.heartbeatMissed('inspector'));
    ws.on('message', () => metrics.frame('in', 'inspector'));
    ws.once('close', () => metrics.socketClosed('inspector'));
    serve(ws, context.guards.ipOf(req));
  });

  function serve(ws: WebSocket, ip: string): void {
    const send = (frame: InspectorServerFrame) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return void ws.terminate();
      metrics.frame('out', 'inspector');
      ws.send(JSON.stringify(frame));
    };
    const refuse = (code: 'unauthorized' | 'forbidden', message: string) => {
      send({ type: 'error', code, message });
      ws.close(code === 'forbidden' ? inspectorCloseCodes.forbidden : inspectorCloseCodes.unauthorized, message);
    };
    const limiter = new RateLimiter({ perSecond: 10, burst: 30 }, () => Date.now());
    let state: 'hello' | 'checking' | 'open' = 'hello';
    let token: string | undefined;
    let watching: { kind: ActorKind; id: string } | undefined;
    let stop: (() => void) | undefined;
    let recheck: ReturnType<typeof setInterval> | undefined;
    let stopWatchingToken: (() => void) | undefined;
    const helloTimer = setTimeout(() => ws.close(inspectorCloseCodes.helloTimeout, 'no hello'), HELLO_TIMEOUT_MS);

    const stillAllowed = (): boolean => {
      if (token === undefined) return true;
      const access = identifyToken(context, token);
      if (!access.ok) refuse(access.code, access.message);
      return access.ok;
    };
    const sendWatched = () => {
      if (watching === undefined) return;
      const actor = hub.watched(watching.kind, watching.id);
      if (actor === undefined) send({ type: 'error', code: 'not-found', message: `no ${watching.kind} ${watching.id}` });
      else send({ type: 'watched', actor });
    };

    ws.on('message', (data) => {
      if (!limiter.take()) {
        metrics.limited('inspector-frames');
        if (limiter.refusedInARow > 20) ws.close(4008, 'rate limit');
        else send({ type: 'error', code: 'rate-limited', message: 'slow down' });
        return;
      }
      const frame = parse(data);
      if (frame === undefined) return send({ type: 'error', code: 'bad-frame', message: 'send hello, watch or unwatch' });
      if (state === 'checking') return;
      if (state === 'hello') {
        if (frame.type !== 'hello') return refuse('unauthorized', 'send hello first');
        state = 'checking';
        clearTimeout(helloTimer);
        void Promise.all([authenticate(context, options, frame.auth, ip), charts]).then(
          ([access, layout]) => {
            if (!access.ok) return refuse(access.code, access.message);
            if (ws.readyState !== ws.OPEN) return;
            state = 'open';
            token = access.token;
            send({ type: 'welcome', who: access.who, ...(access.issued === true && access.token !== undefined ? { token: access.token } : {}), charts: layout, serverTime: Date.now() });
            send({ type: 'actors', ...hub.actors() });
            // The token is checked again on each frame from the page and every 30 s, not on each burst of events.
            stop = hub.onChange((touched) => {
              send({ type: 'actors', ...hub.actors() });
              if (watching !== undefined && touched.has(`${watching.kind}:${watching.id}`)) sendWatched();
            });
            recheck = setInterval(stillAllowed, RECHECK_MS);
            recheck.unref();
            // Sign-out, a new password, removal or expiry of the token this page opened with closes it, quiet or not.
            if (token !== undefined) {
              stopWatchingToken = context.auth.tokens.watch(token, (why) => {
                metrics.socketRevoked(why, 'inspector');
                refuse('unauthorized', why === 'expired' ? 'your sign-in expired' : 'signed out');
              });
            }
          },
          (error: unknown) => {
            log.error('inspector sign-in failed', { error });
            ws.close(1011, 'internal error');
          },
        );
        return;
      }
      if (!stillAllowed()) return;
      if (frame.type === 'watch') {
        watching = { kind: frame.kind, id: frame.id };
        sendWatched();
      } else if (frame.type === 'unwatch') {
        watching = undefined;
      }
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      stopWatchingToken?.();
      if (recheck !== undefined) clearInterval(recheck);
      stop?.();
    });
  }

  return {
    hub,
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      heartbeat.close();
      for (const ws of wss.clients) ws.close(1001, 'server stopping');
      wss.close();
      hub.close();
    },
  };
}
