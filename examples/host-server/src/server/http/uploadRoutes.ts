import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UploadReceipt, UploadRefusalCode } from '../../shared/protocol';
import type { Identity } from '../auth/auth';
import type { HostContext } from '../context';
import { sendJson, uploadHeaders } from './httpUtil';

/** A refused body is read and discarded up to this much (so the client sees the answer); beyond, the socket drops. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** Answers a refusal, then drains what the client is still sending so it can read the answer instead of a reset. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: UploadRefusalCode, message: string, retryAfterMs?: number): void {
  const retry: Record<string, string> = retryAfterMs !== undefined ? { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } : {};
  sendJson(res, status, { error: message, code, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, { Connection: 'close', ...retry });
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) req.destroy();
  });
  req.resume();
}

/** Whether this identity may put files into (and so see) this chat. */
function mayUse(context: HostContext, identity: Identity, chatId: string): boolean {
  const chat = context.engine.getChat(chatId);
  if (chat === undefined) return false;
  // A customer's token reaches their own chat, and only while it lives; an agent must be in the chat.
  if (identity.role === 'customer') return identity.chatId === chatId && ['queued', 'offered', 'active'].includes(chat.state);
  if (identity.role === 'admin') return false;
  return chat.participants.some((p) => p.agentId === identity.agentId);
}

/**
 * `POST /api/uploads?chatId=…&name=…` with `Authorization: Bearer <token>`, the file as the raw body and its type
 * as `Content-Type`. Answers 201 with an {@link UploadReceipt}; the client then sends a message naming the
 * upload id, and only the server turns it into an attachment.
 */
export async function postUpload(context: HostContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const identity = context.auth.identifyBearer(req.headers.authorization);
  if (identity === undefined) return refuse(req, res, 401, 'unauthorized', 'sign in first: Authorization: Bearer <token>');
  const query = new URL(req.url ?? '/', 'http://host').searchParams;
  const chatId = query.get('chatId') ?? (identity.role === 'customer' ? identity.chatId : '');
  if (!mayUse(context, identity, chatId)) return refuse(req, res, 403, 'forbidden', `you may not upload to chat ${JSON.stringify(chatId)}`);
  const declared = Number(req.headers['content-length'] ?? 0);
  const max = context.config.limits.maxUploadBytes;
  if (declared > max) return refuse(req, res, 413, 'too-large', `file is larger than ${max} bytes`);
  const ip = req.socket.remoteAddress ?? 'unknown';
  const allowance = context.guards.uploads.allow(chatId, ip);
  if (!allowance.ok) return refuse(req, res, 429, 'quota-exceeded', allowance.message, allowance.retryAfterMs);
  if (declared > allowance.maxBytes) return refuse(req, res, 429, 'quota-exceeded', `this file would pass the upload quota (${allowance.maxBytes} bytes left)`);
  const owner = identity.role === 'agent' ? `agent:${identity.agentId}` : 'customer';
  const chatStartedAt = context.engine.getChat(chatId)?.enqueuedAt ?? 0;
  const meta = { chatId, chatStartedAt, owner, name: query.get('name') ?? 'file', mimeType: req.headers['content-type'] ?? '', storedAt: context.engine.clock.now() };
  const saved = await context.uploads.save(req, meta, allowance.maxBytes);
  if ('status' in saved) {
    // The client went away mid-file: the part is already deleted, and there is nobody to answer.
    if (saved.code === 'aborted') return void res.destroy();
    const overQuota = saved.code === 'too-large' && allowance.maxBytes < max;
    if (overQuota) return refuse(req, res, 429, 'quota-exceeded', `this file passes the upload quota (${allowance.maxBytes} bytes left)`);
    return refuse(req, res, saved.status, saved.code, saved.message);
  }
  context.guards.uploads.record(chatId, ip, saved.size);
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
