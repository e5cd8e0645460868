import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AgentConfig, Command, DispatchResult, QueueConfig } from 'chatroute';
import type { AdminAgent, AdminConfiguration, AdminError, AdminResult } from '../../shared/admin';
import { bearerToken } from '../auth/auth';
import type { HostContext } from '../context';
import { readJson, sendJson } from './httpUtil';
import { isRecord, unknownKey } from '../protocol/parseFrame';
import { isWebhookAdminPath, webhookAdminRoute } from './webhookRoutes';

/** Admin request bodies are configuration, not files. */
const MAX_BODY_BYTES = 64 * 1024;

/** HTTP statuses of the engine's refusals (the body carries the engine's own `code` and `message`). */
const statusOf: Readonly<Record<string, number>> = {
  'invalid-command': 400,
  'not-found': 404,
  forbidden: 403,
  'invalid-state': 409,
  conflict: 409,
  'capacity-exceeded': 409,
  'status-required': 409,
  'storage-failed': 503,
};

const fail = (res: ServerResponse, status: number, code: AdminError['code'], message: string): void =>
  sendJson(res, status, { ok: false, error: { code, message } } satisfies AdminResult);

/**
 * The admin API, under `/api/admin/`, for the admin page (`/admin`) or a script:
 *
 * - `POST sign-in` `{ user, password }` → `{ ok, token }`; `POST sign-out` revokes the bearer token.
 * - `GET configuration` → `{ ok, queues, agents }`.
 * - `POST queues` with a `QueueConfig` (create or change), `DELETE queues/:id`.
 * - `POST agents` with `{ agent: AgentConfig, password? }` (a new agent needs a password), `DELETE agents/:id`.
 *
 * Everything but sign-in needs `Authorization: Bearer <admin token>`. Changes go through the engine's journaled
 * configuration commands; a refusal comes back typed, `{ ok: false, error: { code, message } }`, with a matching
 * HTTP status (400, 403, 404, 409, 503).
 */
export async function adminRoute(context: HostContext, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = pathname.slice('/api/admin/'.length);
  const method = req.method ?? 'GET';
  if (method === 'POST' && path === 'sign-in') return signIn(context, req, res);
  const token = bearerToken(req.headers.authorization);
  if (context.auth.identify(token)?.role !== 'admin' || token === undefined) {
    req.resume();
    return fail(res, 401, 'unauthorized', 'sign in as the admin first: Authorization: Bearer <token>');
  }
  if (method === 'POST' && path === 'sign-out') {
    context.auth.sessions.revoke(token);
    return sendJson(res, 200, { ok: true });
  }
  if (isWebhookAdminPath(path)) return webhookAdminRoute(context, method, path, req, res);
  if (method === 'GET' && path === 'configuration') return sendJson(res, 200, { ok: true, ...listing(context) } satisfies AdminResult<AdminConfiguration>);
  if (method === 'POST' && path === 'queues') return withBody(req, res, (body) => upsertQueue(context, body, res));
  if (method === 'POST' && path === 'agents') return withBody(req, res, (body) => upsertAgent(context, body, res));
  const remove = /^(queues|agents)\/([^/]{1,200})$/.exec(path);
  if (method === 'DELETE' && remove !== null) {
    const id = decodeURIComponent(remove[2] as string);
    return remove[1] === 'queues' ? removeQueue(context, id, res) : removeAgent(context, id, res);
  }
  req.resume();
  fail(res, 404, 'not-found', `no admin endpoint ${method} ${pathname}`);
}

async function signIn(context: HostContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await withBody(req, res, async (body) => {
    if (!isRecord(body) || typeof body.user !== 'string' || typeof body.password !== 'string' || body.user.length > 200 || body.password.length > 200) {
      return fail(res, 400, 'bad-request', 'send { "user": string, "password": string }');
    }
    const ip = context.guards.ipOf(req);
    const account = `admin:${body.user}`;
    const wait = context.guards.logins.wait(account, ip);
    if (wait > 0) {
      context.observe.metrics.loginThrottled('admin');
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      return sendJson(res, 429, { ok: false, error: { code: 'rate-limited', message: `too many failed sign-ins; try again in ${seconds} s` } }, { 'Retry-After': String(seconds) });
    }
    const token = await context.auth.signInAdmin(body.user, body.password);
    if (token === undefined) {
      context.guards.logins.failed(account, ip);
      return fail(res, 401, 'unauthorized', 'wrong user or password');
    }
    context.guards.logins.succeeded(account, ip);
    sendJson(res, 200, { ok: true, token });
  });
}

async function withBody(req: IncomingMessage, res: ServerResponse, use: (body: unknown) => void | Promise<void>): Promise<void> {
  const body = await readJson(req, MAX_BODY_BYTES);
  if (!body.ok) return body.reason === 'too-large' ? fail(res, 413, 'bad-request', `body over ${MAX_BODY_BYTES} bytes`) : fail(res, 400, 'bad-request', 'body is not JSON');
  await use(body.value);
}

/** Dispatches a configuration command; answers its refusal, or returns true to go on. */
function dispatched(context: HostContext, command: Command, res: ServerResponse): boolean {
  const result = context.engine.dispatch(command) as DispatchResult;
  if (result.ok) return true;
  sendJson(res, statusOf[result.error.code] ?? 400, { ok: false, error: result.error } satisfies AdminResult);
  return false;
}

function upsertQueue(context: HostContext, body: unknown, res: ServerResponse): void {
  if (!isRecord(body) || typeof body.id !== 'string') return fail(res, 400, 'bad-request', 'send a queue configuration: { "id", "name", "closeStatuses", ... }');
  // `number` is the host's (the chat header shows it); the engine validates every other field with its schema.
  const { number, ...rest } = body;
  if (number !== undefined && (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 1_000_000)) {
    return fail(res, 400, 'bad-request', 'number must be a whole number from 1');
  }
  const queue = rest as unknown as QueueConfig;
  if (!dispatched(context, { type: 'queue.upsert', queue }, res)) return;
  context.configuration.putQueue(queue, number as number | undefined);
  sendJson(res, 200, { ok: true, ...listing(context) } satisfies AdminResult<AdminConfiguration>);
}

async function upsertAgent(context: HostContext, body: unknown, res: ServerResponse): Promise<void> {
  if (!isRecord(body) || unknownKey(body, ['agent', 'password']) !== undefined || !isRecord(body.agent) || typeof body.agent.id !== 'string') {
    return fail(res, 400, 'bad-request', 'send { "agent": { "id", "name", "capacity", "queues", "supervises"? }, "password"? }');
  }
  const password = body.password;
  if (password !== undefined && (typeof password !== 'string' || password.length < 8 || password.length > 200)) {
    return fail(res, 400, 'bad-request', 'password must be 8 to 200 characters');
  }
  const agent = body.agent as unknown as AgentConfig;
  const existed = context.engine.getAgent(agent.id) !== undefined;
  if (!existed && password === undefined) return fail(res, 400, 'bad-request', `agent ${JSON.stringify(agent.id)} is new: give a password to sign in with`);
  if (!dispatched(context, { type: 'agent.upsert', agent }, res)) return;
  context.configuration.putAgent(agent);
  if (password !== undefined) {
    await context.auth.credentials.set(agent.id, password);
    // A new password signs out the old sign-ins (a leaked token is one reason to change it), and lifts the back-off of
    // failed guesses against the account, so its owner can sign in with it at once.
    if (existed) context.auth.sessions.revokeAll({ role: 'agent', agentId: agent.id });
    context.guards.logins.reset(agent.id);
  }
  sendJson(res, 200, { ok: true, ...listing(context) } satisfies AdminResult<AdminConfiguration>);
}

function removeQueue(context: HostContext, queueId: string, res: ServerResponse): void {
  if (!dispatched(context, { type: 'queue.remove', queueId }, res)) return;
  context.configuration.remove('queue', queueId);
  sendJson(res, 200, { ok: true, ...listing(context) } satisfies AdminResult<AdminConfiguration>);
}

function removeAgent(context: HostContext, agentId: string, res: ServerResponse): void {
  if (!dispatched(context, { type: 'agent.remove', agentId }, res)) return;
  context.configuration.remove('agent', agentId);
  context.auth.credentials.remove(agentId);
  context.auth.sessions.revokeAll({ role: 'agent', agentId });
  sendJson(res, 200, { ok: true, ...listing(context) } satisfies AdminResult<AdminConfiguration>);
}

/** The configuration as the admin page shows it, with each agent's live state and whether it can sign in. */
function listing(context: HostContext): AdminConfiguration {
  const { engine, configuration, auth } = context;
  const agents = configuration.agents().map((config): AdminAgent => ({
    config,
    state: engine.getAgent(config.id)?.state ?? 'offline',
    hasPassword: auth.credentials.has(config.id),
  }));
  return { queues: configuration.queues(), agents };
}
