import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Command, DispatchResult } from 'chatroute';
import type { AdminResult } from '../../shared/admin';
import type { WebhookCreated, WebhookListing } from '../../shared/webhooks';
import type { HostContext } from '../context';
import type { WebhookResult } from '../webhooks/Webhooks';
import { readJson, sendJson } from './httpUtil';

const MAX_BODY_BYTES = 16 * 1024;
const statusOf = { 'bad-request': 400, 'not-found': 404, 'invalid-state': 409 } as const;

const refuse = (res: ServerResponse, status: number, code: string, message: string) => sendJson(res, status, { ok: false, error: { code, message } });

/** Answers a webhook operation's refusal with its status, or the listing (plus `extra`) when it went through. */
function answer(context: HostContext, res: ServerResponse, result: WebhookResult, extra: object = {}): void {
  if (!result.ok) return sendJson(res, statusOf[result.error.code], result satisfies AdminResult);
  sendJson(res, 200, { ok: true, ...extra, webhooks: context.webhooks.list() } satisfies AdminResult<WebhookListing>);
}

async function body(req: IncomingMessage, res: ServerResponse): Promise<{ value: unknown } | undefined> {
  const read = await readJson(req, MAX_BODY_BYTES);
  if (read.ok) return { value: read.value };
  refuse(res, read.reason === 'too-large' ? 413 : 400, 'bad-request', read.reason === 'too-large' ? `body over ${MAX_BODY_BYTES} bytes` : 'body is not JSON');
  return undefined;
}

/** Whether `path` (under `/api/admin/`) belongs to {@link webhookAdminRoute}. */
export const isWebhookAdminPath = (path: string): boolean => path === 'webhooks' || path.startsWith('webhooks/') || /^contacts\/[^/]+\/erase$/.test(path);

/**
 * The webhook and erasure part of the admin API (`path` is under `/api/admin/`, the admin token already checked by
 * `adminRoute`):
 *
 * - `GET webhooks` → `{ ok, webhooks }`; `GET webhooks/stats` → `webhookStats()`.
 * - `POST webhooks` `{ url, types?, secret?, enabled? }` → `{ ok, id, secret, webhooks }` (the secret shown this once).
 * - `POST webhooks/:id` (the same fields, each optional); `DELETE webhooks/:id`; `POST webhooks/:id/resume`.
 * - `GET webhooks/:id/dead-letters`; `POST webhooks/:id/dead-letters/replay` (all); `POST …/dead-letters/:seq/replay`;
 *   `DELETE …/dead-letters/:seq`.
 * - `POST contacts/:contactId/erase` → the engine's `contact.erase` (journaled); the files follow on `contact.erased`.
 */
export async function webhookAdminRoute(context: HostContext, method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { webhooks } = context;
  const hasBody = method === 'POST' && (path === 'webhooks' || /^webhooks\/[^/]+$/.test(path));
  if (!hasBody) req.resume();
  const erase = /^contacts\/([^/]{1,300})\/erase$/.exec(path);
  if (erase !== null) {
    if (method !== 'POST') return refuse(res, 404, 'not-found', `no admin endpoint ${method} /api/admin/${path}`);
    const command: Command = { type: 'contact.erase', contactId: decodeURIComponent(erase[1] as string) };
    const result = context.engine.dispatch(command) as DispatchResult;
    return sendJson(res, result.ok ? 200 : result.error.code === 'storage-failed' ? 503 : 400, result.ok ? { ok: true } : { ok: false, error: result.error });
  }
  const [id, sub, seqText, action] = path.split('/').slice(1).map(decodeURIComponent) as [string | undefined, string | undefined, string | undefined, string | undefined];
  const seq = seqText !== undefined && /^\d{1,15}$/.test(seqText) ? Number(seqText) : undefined;
  const route = `${method} ${[id === undefined ? '' : id === 'stats' ? 'stats' : ':id', sub, seq !== undefined ? ':seq' : seqText, action].filter((p) => p !== undefined).join('/')}`;
  switch (route) {
    case 'GET ':
      return answer(context, res, { ok: true });
    case 'POST ': {
      const input = await body(req, res);
      if (input === undefined) return;
      const created = webhooks.create(input.value);
      if (!created.ok) return answer(context, res, created);
      return sendJson(res, 200, { ok: true, id: created.id, secret: created.secret, webhooks: webhooks.list() } satisfies AdminResult<WebhookCreated>);
    }
    case 'GET stats':
      return sendJson(res, 200, { ok: true, ...webhooks.webhookStats() });
    case 'POST :id': {
      const input = await body(req, res);
      if (input !== undefined) answer(context, res, webhooks.update(id as string, input.value));
      return;
    }
    case 'DELETE :id':
      return answer(context, res, await webhooks.remove(id as string));
    case 'POST :id/resume': {
      const resumed = webhooks.resume(id as string);
      return answer(context, res, resumed, resumed.ok ? { cursor: resumed.cursor } : {});
    }
    case 'GET :id/dead-letters': {
      const letters = webhooks.deadLetters(id as string);
      return letters.ok ? sendJson(res, 200, letters) : answer(context, res, letters);
    }
    case 'POST :id/dead-letters/replay':
    case 'POST :id/dead-letters/:seq/replay': {
      const replay = webhooks.replay(id as string, seq);
      return answer(context, res, replay, replay.ok ? { queued: replay.queued } : {});
    }
    case 'DELETE :id/dead-letters/:seq':
      return answer(context, res, webhooks.discard(id as string, seq as number));
    default:
      return refuse(res, 404, 'not-found', `no admin endpoint ${method} /api/admin/${path}`);
  }
}
