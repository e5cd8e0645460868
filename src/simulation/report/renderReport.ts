import type { SimulationConfig, SimulationResult } from '../types';
import { chart } from './svg';

const hhmm = (sec: number): string => `${String(Math.floor(sec / 3600)).padStart(2, '0')}:${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')}`;
const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The three plots of a simulated day as SVG strings: chats waiting, service level per interval (with the target),
 * and agent states stacked.
 *
 * @example
 * ```ts
 * import { simulate, renderCharts } from 'chatroute/simulation';
 * const { waiting, serviceLevel, agents } = renderCharts(simulate(config), config);
 * writeFileSync('day.svg', agents);
 * ```
 */
export function renderCharts(result: SimulationResult, config: SimulationConfig): { waiting: string; serviceLevel: string; agents: string } {
  const labels = result.timeline.map((p) => hhmm(p.startSec));
  const targetMs = config.queues[0]?.serviceLevelMs ?? 20_000;
  return {
    waiting: chart([{ name: 'waiting chats', color: '#2563eb', values: result.timeline.map((p) => p.waiting) }], {
      title: 'Chats waiting (end of each interval)',
      xLabels: labels,
    }),
    serviceLevel: chart([{ name: 'service level', color: '#059669', values: result.timeline.map((p) => p.serviceLevel * 100) }], {
      title: `Service level per interval: answered within ${targetMs / 1000} s (%)`,
      xLabels: labels,
      yMax: 100,
      target: { value: 80, label: '80 % target' },
    }),
    agents: chart(
      [
        { name: 'busy', color: '#2563eb', values: result.timeline.map((p) => p.agents.busy) },
        { name: 'ready', color: '#10b981', values: result.timeline.map((p) => p.agents.ready) },
        { name: 'paused', color: '#f59e0b', values: result.timeline.map((p) => p.agents.paused) },
        { name: 'offline', color: '#d1d5db', values: result.timeline.map((p) => p.agents.offline) },
      ],
      { title: 'Agent states (end of each interval)', xLabels: labels, stacked: true },
    ),
  };
}

/**
 * A self-contained HTML report of a simulated day: the key figures with 95 % confidence intervals, per-queue
 * figures, agent time in states, and the plots. No scripts, no external resources.
 *
 * @example
 * ```ts
 * import { simulate, renderReport } from 'chatroute/simulation';
 * writeFileSync('report.html', renderReport(simulate(config), config));
 * ```
 */
export function renderReport(result: SimulationResult, config: SimulationConfig): string {
  const charts = renderCharts(result, config);
  const o = result.overall;
  const c = result.confidence;
  const ci = (e: { low: number; high: number }, f: (v: number) => string) => `${f(e.low)} – ${f(e.high)}`;
  const sec = (v: number) => `${v.toFixed(1)} s`;
  const rows = [
    ['Offered (after warm-up)', String(o.offered), ''],
    ['Answered', String(o.answered), ''],
    ['Abandoned', `${o.abandoned} (${pct(o.abandonRate)})`, ci(c.abandonRate, pct)],
    ['Probability of wait', pct(o.probWait), ci(c.probWait, pct)],
    ['Average speed of answer', sec(o.asaSec), ci(c.asaSec, sec)],
    ['Service level', pct(o.serviceLevel), ci(c.serviceLevel, pct)],
    ['Occupancy', pct(o.occupancy), ''],
    ['Missed offers', String(result.agents.missedOffers), ''],
    ['Unpaid pause', `${(result.agents.unpaidPauseSec / 3600).toFixed(2)} agent-hours`, ''],
  ];
  const queueRows = Object.entries(result.queues).map(
    ([id, q]) => `<tr><td>${escape(id)}</td><td>${q.offered}</td><td>${q.answered}</td><td>${q.abandoned}</td><td>${pct(q.probWait)}</td><td>${sec(q.asaSec)}</td><td>${pct(q.serviceLevel)}</td></tr>`,
  );
  const t = result.agents.timeInState;
  const hours = (s: number) => (s / 3600).toFixed(1);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chatroute simulation</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:960px;color:#111}table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #e5e7eb;padding:.3rem .8rem;text-align:left}th{background:#f9fafb}figure{margin:1.5rem 0}</style>
</head><body>
<h1>Simulated day</h1>
<p>${hhmm(result.durationSec)} of simulated time (warm-up ${hhmm(result.warmupSec)} excluded), seed ${config.seed}, ${result.agents.count} agents, ${result.engineEvents} engine events.
Intervals are ${c.batches} batch means at 95 %.</p>
<table><tr><th>Figure</th><th>Value</th><th>95 % interval</th></tr>
${rows.map(([a, b, d]) => `<tr><td>${a}</td><td>${b}</td><td>${d}</td></tr>`).join('\n')}
</table>
<h2>Queues</h2>
<table><tr><th>Queue</th><th>Offered</th><th>Answered</th><th>Abandoned</th><th>P(wait)</th><th>ASA</th><th>SL</th></tr>
${queueRows.join('\n')}
</table>
<h2>Agent time (agent-hours after warm-up)</h2>
<table><tr><th>Ready</th><th>Busy</th><th>Paused (paid)</th><th>Paused (unpaid)</th><th>Offline</th></tr>
<tr><td>${hours(t.ready)}</td><td>${hours(t.busy)}</td><td>${hours(t.pausedPaid)}</td><td>${hours(t.pausedUnpaid)}</td><td>${hours(t.offline)}</td></tr></table>
<figure>${charts.waiting}</figure>
<figure>${charts.serviceLevel}</figure>
<figure>${charts.agents}</figure>
</body></html>
`;
}
