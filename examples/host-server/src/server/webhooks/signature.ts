import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying `t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'X-Chatroute-Signature';
/** The header carrying the event's `seq`: the same for every attempt and replay of one event. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** The header carrying the event's type, so a receiver can route before parsing. */
export const EVENT_TYPE_HEADER = 'X-Chatroute-Event';

/**
 * The signature header's value for `body` sent at `t` (Unix milliseconds): the timestamp is signed with the body,
 * so a receiver that checks it is recent cannot be fooled by a replayed old delivery.
 *
 * @example
 * ```ts
 * signatureHeader('s3cret-of-16-chars+', 1767225600000, '{"type":"chat.closed"}'); // 't=1767225600000,v1=5d1f…'
 * ```
 */
export function signatureHeader(secret: string, t: number, body: string): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

/** Why a signature was refused. */
export type SignatureRefusal = 'malformed' | 'stale' | 'mismatch';

/**
 * What a receiver runs (copy it): parses the header, checks the timestamp is within `toleranceMs` of `now`, and
 * compares the HMAC in constant time. Verify against the raw body bytes, before any JSON parsing.
 *
 * @example
 * ```ts
 * const checked = verifySignature(secret, req.headers['x-chatroute-signature'], rawBody, Date.now());
 * if (!checked.ok) return res.writeHead(401).end();
 * ```
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  now: number,
  toleranceMs = 5 * 60_000,
): { readonly ok: true; readonly t: number } | { readonly ok: false; readonly reason: SignatureRefusal } {
  const match = /^t=(\d{1,16}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (match === null) return { ok: false, reason: 'malformed' };
  const t = Number(match[1]);
  if (Math.abs(now - t) > toleranceMs) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signatureHeader(secret, t, body).slice(`t=${t},v1=`.length), 'hex');
  const given = Buffer.from(match[2] as string, 'hex');
  return timingSafeEqual(expected, given) ? { ok: true, t } : { ok: false, reason: 'mismatch' };
}
