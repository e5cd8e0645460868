import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UploadReceipt, UploadRefusalCode } from '../../shared/protocol';
import type { Identity } from '../auth/auth';
import type { HostContext } from '../context';
import { sendJson, uploadHeaders } from './httpUtil';

/** A refused body is read and discarded up to this much (so the client sees the answer); beyond, the socket drops. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** Counts a refusal in the host's metrics (set per request, so `refuse` keeps its signature). */
const refused = new WeakMap<ServerResponse, (code: UploadRefusalCode) => void>();

/** Answers a refusal, then drains what the client is still sending so it can read the answer instead of a reset. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: UploadRefusalCode, message: string, retryAfterMs?: number): void {
  refused.get(res)?.(code);
  const retry: Record<string, string> = retryAfterMs !== undefined ? { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } : {};
  sendJson(res, status, { error: message, code, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, { Connection: 'close', ...retry });
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) req.destroy();
  });
  req.resume();
}

/**
 * Whether this identity may put files into this chat now: `forbidden` when the chat is not theirs (a customer's
 * token reaches their own chat; an agent must be in it), `chat-closed` when it is theirs but over (closed, abandoned,
 * or, for an agent, closing or left by its customer: nothing more can be sent there, so a file would only be an
 * orphan, stored against the quotas).
 */
function mayUse(context: HostContext, identity: Identity, chatId: string): 'ok' | 'forbidden' | 'chat-closed' {
  const chat = context.engine.getChat(chatId);
  if (chat === undefined || identity.role === 'admin') return 'forbidden';
  if (identity.role === 'customer') {
    if (identity.chatId !== chatId) return 'forbidden';
    return ['queued', 'offered', 'active'].includes(chat.state) ? 'ok' : 'chat-closed';
  }
  if (!chat.participants.some((p) => p.agentId === identity.agentId)) return 'forbidden';
  return ['queued', 'offered', 'active'].includes(chat.state) && chat.customerLeftAt === undefined ? 'ok' : 'chat-closed';
}

/**
 * `POST /api/uploads?chatId=…&name=…` with `Authorization: Bearer <token>`, the file as the raw body and its type
 * as `Content-Type`. Answers 201 with an {@link UploadReceipt}; the client then sends a message naming the
 * upload id, and only the server turns it into an attachment.
 */
export async function postUpload(context: HostContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  refused.set(res, (code) => context.observe.metrics.upload(code));
  const identity = context.auth.identifyBearer(req.headers.authorization);
  if (identity === undefined) return refuse(req, res, 401, 'unauthorized', 'sign in first: Authorization: Bearer <token>');
  const query = new URL(req.url ?? '/', 'http://host').searchParams;
  const chatId = query.get('chatId') ?? (identity.role === 'customer' ? identity.chatId : '');
  const may = mayUse(context, identity, chatId);
  if (may === 'forbidden') return refuse(req, res, 403, 'forbidden', `you may not upload to chat ${JSON.stringify(chatId)}`);
  if (may === 'chat-closed') return refuse(req, res, 409, 'chat-closed', `chat ${JSON.stringify(chatId)} is over: nothing more can be attached to it`);
  const declared = Number(req.headers['content-length'] ?? 0);
  const max = context.config.limits.maxUploadBytes;
  if (declared > max) return refuse(req, res, 413, 'too-large', `file is larger than ${max} bytes`);
  const ip = context.guards.ipOf(req);
  const allowance = context.guards.uploads.allow(chatId, ip);
  if (!allowance.ok) return refuse(req, res, 429, 'quota-exceeded', allowance.message, allowance.retryAfterMs);
  if (declared > allowance.maxBytes) return refuse(req, res, 429, 'quota-exceeded', `this file would pass the upload quota (${allowance.maxBytes} bytes left)`);
  const owner = identity.role === 'agent' ? `agent:${identity.agentId}` : 'customer';
  const chatStartedAt = context.engine.getChat(chatId)?.enqueuedAt ?? 0;
  const meta = { chatId, chatStartedAt, owner, name: query.get('name') ?? 'file', mimeType: req.headers['content-type'] ?? '', storedAt: context.engine.clock.now() };
  const saved = await context.uploads.save(req, meta, allowance.maxBytes);
  if ('status' in saved) {
    // The client went away mid-file: the part is already deleted, and there is nobody to answer.
    if (saved.code === 'aborted') {
      context.observe.metrics.upload('aborted');
      return void res.destroy();
    }
    const overQuota = saved.code === 'too-large' && allowance.maxBytes < max;
    if (overQuota) return refuse(req, res, 429, 'quota-exceeded', `this file passes the upload quota (${allowance.maxBytes} bytes left)`);
    return refuse(req, res, saved.status, saved.code, saved.message);
  }
  context.guards.uploads.record(chatId, ip, saved.size);
  context.observe.metrics.upload('stored', saved.size);
  const receipt: UploadReceipt = { uploadId: saved.id, name: saved.name, size: saved.size, mimeType: saved.mimeType, url: `/uploads/${saved.id}` };
  sendJson(res, 201, receipt);
}

/** `GET /uploads/<id>`: the file, with the headers of {@link uploadHeaders}; 404 for anything else. */
export function getUpload(context: HostContext, id: string, res: ServerResponse): void {
  const upload = context.uploads.get(id);
  if (upload === undefined) return sendJson(res, 404, { error: 'no such file' });
  res.writeHead(200, { ...uploadHeaders(upload.mimeType, upload.name), 'Content-Length': upload.size });
  createReadStream(context.uploads.pathOf(upload))
    .on('error', () => res.destroy())
    .pipe(res);
}
