import { readFileSync } from 'node:fs';
import { createEngine, createManualClock, type Engine } from 'chatroute';
import { evaluateForecast, forecast, type ErrorFigures, type ForecastOptions, type IntervalScore, type SimulationConfig } from 'chatroute/simulation';
import { busyMorning } from '../test/forecast/days';
import { median, percentile, round } from './stats';

/** The behaviour models of the benchmark's center: about 95 % load on 300 capacity-1 agents. */
export const models300: ForecastOptions = {
  arrivals: [{ queueId: 'q', ratePerSec: (300 * 0.95) / 240 }],
  handleTimeSec: { distribution: 'lognormal', mean: 240, sd: 120 },
  patienceSec: { distribution: 'exponential', mean: 300 },
  offerResponse: { delaySec: { distribution: 'exponential', mean: 4 }, missProbability: 0.02, resumeAfterSec: 60 },
  horizonMs: 30 * 60_000,
  seeds: 8,
};

/**
 * A live 300-agent center at a busy moment: every agent handling a chat (started over the last 4 minutes), 100
 * customers waiting (over the last 2 minutes), on a manual clock.
 */
export function busyCenter(agents = 300, waiting = 100): Engine {
  const clock = createManualClock(0);
  const engine = createEngine({
    clock,
    queues: [{ id: 'q', name: 'Q', offerTimeoutMs: 20_000, closeStatuses: ['done'] }],
    agents: Array.from({ length: agents }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, capacity: 1, queues: ['q'] })),
  });
  const offers = new Map<string, string>();
  engine.events$.subscribe((e) => {
    if (e.type === 'offer.created') offers.set(e.chatId, e.agentId);
  });
  for (let i = 0; i < agents; i++) engine.dispatch({ type: 'agent.login', agentId: `a${i}` });
  for (let i = 0; i < agents + waiting; i++) {
    clock.advanceBy(i < agents ? 240_000 / agents : 120_000 / waiting);
    const r = engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'c' } });
    const agentId = r.ok ? offers.get(r.chatId) : undefined;
    if (r.ok && agentId !== undefined) engine.dispatch({ type: 'offer.accept', agentId, chatId: r.chatId });
  }
  return engine;
}

/** Wall and CPU time of one forecast of the busy center (300 agents, 100 waiting, 30 min, 8 seeds), ms. */
export function timeForecast(engine: Engine, options: ForecastOptions): { forecastMs: number; cpuMs: number; runs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const f = forecast(engine, options);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { forecastMs: wall, cpuMs: (used.user + used.system) / 1000, runs: f.runs };
}

/** The benchmark's figures: the full forecast and the waits-only one (what a widget refreshes), wall and CPU ms. */
export function forecastCost(engine: Engine = busyCenter()): { forecastMs: number; forecastCpuMs: number; waitsOnlyMs: number; waitsOnlyCpuMs: number } {
  const full = timeForecast(engine, models300);
  const waits = timeForecast(engine, { ...models300, waitsOnly: true });
  return { forecastMs: full.forecastMs, forecastCpuMs: full.cpuMs, waitsOnlyMs: waits.forecastMs, waitsOnlyCpuMs: waits.cpuMs };
}

/** Forecasts beside the naive estimates on simulated days: pooled absolute errors of every compared wait, seconds. */
export function forecastAccuracy(days: ReadonlyArray<{ name: string; config: SimulationConfig }>, everySec: number): Array<Record<string, string | number>> {
  const rows: Array<Record<string, string | number>> = [];
  const pooled: Record<string, number[]> = { forecast: [], queueLength: [], position: [], erlangC: [], erlangCAsa: [] };
  let samples = 0;
  let forecasts = 0;
  let covered = 0;
  let bias = 0;
  for (const { name, config } of days) {
    const started = performance.now();
    const e = evaluateForecast(config, { everySec, forecast: { seeds: 8, waitsOnly: true }, details: true });
    process.stderr.write(`${name}: ${e.samples} waits, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    for (const s of e.details ?? []) {
      pooled.forecast?.push(Math.abs(s.forecastSec - s.actualSec));
      for (const [k, v] of Object.entries(s.naiveSec)) pooled[k]?.push(Math.abs(v - s.actualSec));
      if (s.p90Sec !== null && s.actualSec <= s.p90Sec) covered++;
      bias += s.forecastSec - s.actualSec;
    }
    samples += e.samples;
    forecasts += e.forecasts;
    rows.push({ day: name, waits: e.samples, 'mean wait s': round(e.meanActualSec), forecast: cell(e.forecast), queueLength: cell(e.naive.queueLength), position: cell(e.naive.position), erlangC: cell(e.naive.erlangC), erlangCAsa: cell(e.naive.erlangCAsa) });
  }
  const sorted = Object.fromEntries(Object.entries(pooled).map(([k, v]) => [k, v.sort((a, b) => a - b)]));
  const fig = (k: string) => `${round(percentile(sorted[k] as number[], 50))} / ${round(percentile(sorted[k] as number[], 90))}`;
  rows.push({ day: `all (${forecasts} forecasts)`, waits: samples, 'mean wait s': '', forecast: fig('forecast'), queueLength: fig('queueLength'), position: fig('position'), erlangC: fig('erlangC'), erlangCAsa: fig('erlangCAsa') });
  rows.push({ day: 'forecast p90 covers actual / mean signed error s', waits: '', 'mean wait s': '', forecast: `${round((covered / samples) * 100)} % / ${round(bias / samples)}`, queueLength: '', position: '', erlangC: '', erlangCAsa: '' });
  return rows;
}

const cell = (f: ErrorFigures): string => `${round(f.medianAbsSec)} / ${round(f.p90AbsSec)}`;

/** The service-level forecast against Erlang C and "the last 15 minutes persist", per day and interval window. */
export function serviceLevelAccuracy(days: ReadonlyArray<{ name: string; config: SimulationConfig }>, everySec: number): Array<Record<string, string | number>> {
  const rows: Array<Record<string, string | number>> = [];
  const score = (s: IntervalScore) => `${round(s.serviceLevelMae, 3)} / ${round(s.breachBrier, 3)} / ${round(s.breachesCaught * 100, 0)} % / ${round(s.falseAlarms * 100, 0)} %`;
  for (const { name, config } of days) {
    const started = performance.now();
    const e = evaluateForecast(config, { everySec, intervals: true, forecast: { seeds: 8 } });
    process.stderr.write(`${name}: ${e.forecasts} forecasts, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    for (const [window, v] of Object.entries(e.serviceLevel ?? {})) {
      rows.push({ day: name, window, intervals: v.intervals, breaches: v.breaches, forecast: score(v.forecast), erlangC: score(v.erlangC), persistence: score(v.persistence) });
    }
  }
  return rows;
}

// `node --import tsx bench/forecast.ts`: the cost of a forecast and the accuracy tables of docs/forecast.md
// (FORECAST_COST=0, FORECAST_ACCURACY=0 or FORECAST_SERVICE_LEVEL=0 leaves one out).
if (process.argv[1]?.endsWith('forecast.ts')) {
  const day = JSON.parse(readFileSync(new URL('../examples/simulation/day.json', import.meta.url), 'utf8')) as SimulationConfig;
  if (process.env.FORECAST_COST !== '0') {
    const engine = busyCenter();
    timeForecast(engine, { ...models300, seeds: 1 });
    const runs = Number(process.env.BENCH_RUNS ?? 3);
    const costs = (options: ForecastOptions) => {
      const r = Array.from({ length: runs }, () => timeForecast(engine, options));
      return { wallMs: round(median(r.map((x) => x.forecastMs)), 0), cpuMs: round(median(r.map((x) => x.cpuMs)), 0) };
    };
    console.table([
      { forecast: '300 agents, 100 waiting, 30 min, 8 seeds', ...costs(models300) },
      { forecast: 'the same, 1 seed', ...costs({ ...models300, seeds: 1 }) },
      { forecast: '15 min, 4 seeds', ...costs({ ...models300, seeds: 4, horizonMs: 15 * 60_000 }) },
      { forecast: 'waits only (waitsOnly), 8 seeds', ...costs({ ...models300, waitsOnly: true }) },
      { forecast: 'waits only, 4 seeds', ...costs({ ...models300, waitsOnly: true, seeds: 4 }) },
    ]);
  }
  if (process.env.FORECAST_ACCURACY !== '0') {
    const days = [
      ...[201, 202, 203, 204, 205, 206].map((seed) => ({ name: `busy morning, seed ${seed}`, config: busyMorning(seed) })),
      ...[201, 202].map((seed) => ({ name: `day.json (two queues, capacity 2, shifts), seed ${seed}`, config: { ...day, seed } })),
    ];
    console.table(forecastAccuracy(days, 120));
  }
  if (process.env.FORECAST_SERVICE_LEVEL !== '0') {
    const days = [
      ...[201, 202, 203, 204].map((seed) => ({ name: `busy morning, seed ${seed}`, config: busyMorning(seed) })),
      { name: 'day.json, seed 201', config: { ...day, seed: 201 } },
    ];
    console.log('service level: MAE / Brier score of "misses the target" / breaches caught / false alarms');
    console.table(serviceLevelAccuracy(days, 600));
  }
}
