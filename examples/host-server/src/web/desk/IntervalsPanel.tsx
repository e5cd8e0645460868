import { useEffect, useState } from 'react';
import type { IntervalsAnswer, IntervalView } from '../../shared/webhooks';
import { formatDuration } from '../common/format';

/** The reports move as chats end; once a minute is plenty for a day's view. */
const REFRESH_MS = 60_000;
const SLOT_WIDTH = 6;
const CHART_HEIGHT = 80;

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);
const ms = (x: number | null) => (x === null ? '–' : formatDuration(x));
const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The browser's own day: from local midnight, 24 hours (a day with a clock change is off by an hour at its end). */
function today(now: number): { from: number; to: number } {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return { from: midnight.getTime(), to: midnight.getTime() + 86_400_000 };
}

/**
 * The supervisor's day (issue 18): per queue, today's 15-minute intervals from the host's interval reports (offered,
 * answered, abandoned, service level, ASA, AHT) as a day chart, drawn as SVG with no chart library, and a table of
 * the intervals that had chats. Read from `GET /api/reports/intervals` with the desk's own token.
 */
export function IntervalsPanel({ token, queueName }: { token: string; queueName: (id: string) => string }) {
  const [day, setDay] = useState<IntervalsAnswer>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    const load = async () => {
      const { from, to } = today(Date.now());
      try {
        const response = await fetch(`/api/reports/intervals?from=${from}&to=${to}`, { headers: { Authorization: `Bearer ${token}` } });
        const body = (await response.json()) as IntervalsAnswer | { ok: false; error: { message: string } };
        if (!live) return;
        if (body.ok) {
          setDay(body);
          setError(undefined);
        } else setError(body.error.message);
      } catch (e) {
        if (live) setError(`the server did not answer (${String(e)})`);
      }
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [token]);

  return (
    <section className="panel intervals-panel" data-testid="intervals-panel">
      <h2>Today</h2>
      {error !== undefined && <p className="error">{error}</p>}
      {day !== undefined && day.gaps.length > 0 && (
        <p className="error" data-testid="report-gap">
          Reports are incomplete: {day.gaps.map((g) => `events ${g.afterSeq + 1}–${g.resumedAt - 1}`).join(', ')} were past the event log's retention when the reports reached them.
        </p>
      )}
      {day?.queues.map((q) => (
        <QueueDay key={q.queueId} name={queueName(q.queueId)} from={day.from} to={day.to} intervalMs={day.intervalMs} rows={day.intervals.filter((i) => i.queueId === q.queueId)} />
      ))}
    </section>
  );
}

function QueueDay({ name, from, to, intervalMs, rows }: { name: string; from: number; to: number; intervalMs: number; rows: readonly IntervalView[] }) {
  const slots = Math.round((to - from) / intervalMs);
  const peak = Math.max(1, ...rows.map((r) => Math.max(r.offered, r.answered, r.abandoned)));
  const total = rows.reduce((t, r) => ({ offered: t.offered + r.offered, answered: t.answered + r.answered, abandoned: t.abandoned + r.abandoned }), { offered: 0, answered: 0, abandoned: 0 });
  const y = (n: number) => CHART_HEIGHT - (n / peak) * (CHART_HEIGHT - 4);
  const sl = rows.filter((r) => r.serviceLevel !== null).map((r) => `${((r.start - from) / intervalMs + 0.5) * SLOT_WIDTH},${CHART_HEIGHT - (r.serviceLevel as number) * (CHART_HEIGHT - 4)}`);
  return (
    <div className="queue-day" data-testid="queue-day">
      <h3>
        {name}{' '}
        <span className="muted">
          {total.offered} offered, {total.answered} answered, {total.abandoned} abandoned
        </span>
      </h3>
      <svg className="day-chart" viewBox={`0 0 ${slots * SLOT_WIDTH} ${CHART_HEIGHT + 12}`} role="img" aria-label={`${name}: chats per 15 minutes today`}>
        {[0, 6, 12, 18].map((h) => (
          <g key={h}>
            <line className="grid" x1={h * 4 * SLOT_WIDTH} x2={h * 4 * SLOT_WIDTH} y1={0} y2={CHART_HEIGHT} />
            <text x={h * 4 * SLOT_WIDTH + 2} y={CHART_HEIGHT + 10}>
              {String(h).padStart(2, '0')}:00
            </text>
          </g>
        ))}
        {rows.map((r) => {
          const x = ((r.start - from) / intervalMs) * SLOT_WIDTH;
          return (
            <g key={r.start} data-testid="day-bar">
              <title>{`${clock(r.start)}: ${r.offered} offered, ${r.answered} answered, ${r.abandoned} abandoned, SL ${pct(r.serviceLevel)}`}</title>
              <rect className="offered" x={x + 0.5} width={SLOT_WIDTH - 1} y={y(r.offered)} height={CHART_HEIGHT - y(r.offered)} />
              {/* Within the offered bar: answered on the left half, abandoned on the right (counted when they happened). */}
              <rect className="answered" x={x + 1} width={SLOT_WIDTH / 2 - 1} y={y(r.answered)} height={CHART_HEIGHT - y(r.answered)} />
              <rect className="abandoned" x={x + SLOT_WIDTH / 2} width={SLOT_WIDTH / 2 - 1} y={y(r.abandoned)} height={CHART_HEIGHT - y(r.abandoned)} />
            </g>
          );
        })}
        {sl.length > 1 && <polyline className="service-level" points={sl.join(' ')} />}
        {sl.length === 1 && <circle className="service-level" cx={Number(sl[0]?.split(',')[0])} cy={Number(sl[0]?.split(',')[1])} r={2} />}
      </svg>
      <p className="muted legend">
        <span className="key offered" /> offered <span className="key answered" /> answered <span className="key abandoned" /> abandoned <span className="key service-level" /> service level (0–100 %)
      </p>
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="intervals">
            <thead>
              <tr>
                <th>From</th>
                <th>Offered</th>
                <th>Answered</th>
                <th>Abandoned</th>
                <th>SL</th>
                <th>ASA</th>
                <th>AHT</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.start} data-testid="interval-row">
                  <td>{clock(r.start)}</td>
                  <td>{r.offered}</td>
                  <td>{r.answered}</td>
                  <td>{r.abandoned}</td>
                  <td>{pct(r.serviceLevel)}</td>
                  <td>{ms(r.asaMs)}</td>
                  <td>{ms(r.ahtMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
