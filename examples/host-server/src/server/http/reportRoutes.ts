import type { ServerResponse } from 'node:http';
import type { IntervalsAnswer } from '../../shared/webhooks';
import type { HostContext } from '../context';
import { sendJson } from './httpUtil';

/** The longest span one request may ask for: two days of 15-minute rows (a day across a time change included). */
const MAX_SPAN_MS = 2 * 86_400_000;

const refuse = (res: ServerResponse, status: number, code: string, message: string) => sendJson(res, status, { ok: false, error: { code, message } });

/**
 * `GET /api/reports/intervals?from=<ms>&to=<ms>` with `Authorization: Bearer <token>`: the 15-minute interval reports
 * (offered, answered, abandoned, service level, ASA, AHT) of the queues the caller supervises (every queue for the
 * admin), for intervals starting in `[from, to)`. The desk asks for the browser's own day, so "today" is the
 * supervisor's local day. Refusals: 401 `unauthorized`, 403 `forbidden` (an agent who supervises nothing, a
 * customer), 400 `bad-request` (a span over two days, or not numbers).
 */
export function intervalsRoute(context: HostContext, url: URL, authorization: string | undefined, res: ServerResponse): void {
  const identity = context.auth.identifyBearer(authorization);
  if (identity === undefined) return refuse(res, 401, 'unauthorized', 'sign in first: Authorization: Bearer <token>');
  const configuration = context.engine.configuration();
  const queueIds = new Set(
    identity.role === 'admin' ? configuration.queues.map((q) => q.id) : identity.role === 'agent' ? (configuration.agents.find((a) => a.id === identity.agentId)?.supervises ?? []) : [],
  );
  if (queueIds.size === 0) return refuse(res, 403, 'forbidden', 'interval reports are for supervisors of a queue');
  const from = Number(url.searchParams.get('from'));
  const to = Number(url.searchParams.get('to'));
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to <= from || to - from > MAX_SPAN_MS) {
    return refuse(res, 400, 'bad-request', 'from and to must be times in ms, from < to, at most two days apart');
  }
  const { records } = context;
  const answer: IntervalsAnswer = {
    ok: true,
    from,
    to,
    intervalMs: records.intervalMs,
    queues: configuration.queues.filter((q) => queueIds.has(q.id)).map((q) => ({ queueId: q.id, name: q.name })),
    intervals: records.intervals(from, to, queueIds),
    seq: records.reportSeq,
    gaps: records.reportGaps,
  };
  sendJson(res, 200, answer);
}
