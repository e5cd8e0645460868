import { EVENT_TYPE_HEADER, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';

/** How deliveries are retried: each a field of `HostConfig.webhooks` (env in `npm start`: see the README). */
export interface WebhookPolicy {
  /** Attempts per event before it becomes a dead letter (the first one included). */
  readonly maxAttempts: number;
  /** The first back-off; each further one doubles, up to `maxBackoffMs`, and each is drawn at random below that (full jitter). */
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  /** One attempt's limit, from connecting to the end of the answer; past it the attempt counts as failed. */
  readonly timeoutMs: number;
  /** Events read from the log per page. */
  readonly pageSize: number;
  /** How often an idle subscription looks at the log even without a new event (a safety net; events wake it at once). */
  readonly idlePollMs: number;
}

export const defaultWebhookPolicy: WebhookPolicy = {
  maxAttempts: 8,
  baseBackoffMs: 1_000,
  maxBackoffMs: 5 * 60_000,
  timeoutMs: 10_000,
  pageSize: 100,
  idlePollMs: 10_000,
};

/**
 * The wait before attempt `attempt + 1`, after `attempt` failures: "full jitter" (uniform in
 * `[0, min(cap, base · 2^(attempt-1)))`), so many subscriptions failing together do not retry together.
 *
 * @example
 * ```ts
 * backoffMs(3, defaultWebhookPolicy, Math.random); // somewhere in [0, 4 000)
 * ```
 */
export function backoffMs(attempt: number, policy: Pick<WebhookPolicy, 'baseBackoffMs' | 'maxBackoffMs'>, random: () => number): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.floor(random() * ceiling);
}

/** An attempt's outcome: 2xx is delivered; anything else (status, timeout, refused connection) is a failure to retry. */
export type AttemptResult = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly error: string };

/**
 * POSTs one event's JSON, signed, with its `seq` as the idempotency key. Redirects are not followed (a 3xx is a
 * failure: the admin set this URL, and only this one). `stop` aborts the attempt when the host closes; the event
 * is then still in flight in the store and is sent again after the restart.
 */
export async function postEvent(
  target: { readonly url: string; readonly secret: string },
  event: { readonly seq: number; readonly type: string },
  body: string,
  now: number,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<AttemptResult> {
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'chatroute-host-webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(target.secret, now, body),
        [IDEMPOTENCY_HEADER]: String(event.seq),
        [EVENT_TYPE_HEADER]: event.type,
      },
      body,
    });
    // Read (a little of) the answer so the connection can be reused, within the same timeout.
    await response.body?.cancel().catch(() => {});
    return response.status >= 200 && response.status < 300 ? { ok: true, status: response.status } : { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    if (stop.aborted) return { ok: false, error: 'host stopping' };
    if (signal.aborted) return { ok: false, error: `timed out after ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, error: cause?.code ?? cause?.message ?? String(error) };
  }
}
