import { describe, expect, it } from 'vitest';
import { evaluateForecast, type ForecastEvaluation } from 'chatroute/simulation';
import { busyMorning } from './days';

// Held out: the forecast was developed on busyMorning seeds 1–3; these days were not looked at before the test.
const deep = process.env.CHATROUTE_DEEP === '1';
const days = deep ? [101, 102, 103, 104, 105, 106] : [101, 102];

const show = (e: ForecastEvaluation): string =>
  [
    `${e.samples} waits compared over ${e.forecasts} forecasts (mean actual wait ${e.meanActualSec.toFixed(1)} s)`,
    `forecast ${e.forecast.medianAbsSec.toFixed(1)} / ${e.forecast.p90AbsSec.toFixed(1)} s`,
    ...Object.entries(e.naive).map(([name, f]) => `${name} ${f.medianAbsSec.toFixed(1)} / ${f.p90AbsSec.toFixed(1)} s`),
  ].join('; ');

describe('forecast accuracy on held-out simulated days', () => {
  for (const seed of days) {
    it(`day ${seed}: the forecast's waits beat queue length × AHT ÷ agents, place × AHT ÷ agents and Erlang C`, { timeout: 300_000 }, () => {
      const e = evaluateForecast(busyMorning(seed, deep ? 4 * 3600 : 3 * 3600), { everySec: deep ? 120 : 300, forecast: { seeds: 8, waitsOnly: true } });
      const report = show(e);
      expect(e.samples, report).toBeGreaterThan(deep ? 150 : 60);
      for (const naive of Object.values(e.naive)) {
        expect(e.forecast.medianAbsSec, report).toBeLessThan(naive.medianAbsSec);
        expect(e.forecast.meanAbsSec, report).toBeLessThan(naive.meanAbsSec);
      }
    });
  }
});

describe('service-level forecast on held-out simulated days', () => {
  for (const seed of deep ? [301, 302, 303, 304] : [301]) {
    it(`day ${seed}: the risk of missing the target beats Erlang C and "the last 15 minutes persist"; the service level beats Erlang C`, { timeout: 300_000 }, () => {
      const e = evaluateForecast(busyMorning(seed), { everySec: deep ? 600 : 900, intervals: true, forecast: { seeds: 8 } });
      const sl = e.serviceLevel?.all;
      const report = JSON.stringify(sl);
      expect(sl?.intervals, report).toBeGreaterThan(deep ? 40 : 25);
      // The warning (Brier score of "misses the target") beats both. The median service level of a chaotic 5-minute
      // interval beats Erlang C, and ties with persistence on a day that stays over target (day 301 under
      // CHATROUTE_DEEP: 0.251 against 0.249), so against persistence it must not be worse by more than 0.02.
      for (const naive of [sl?.erlangC, sl?.persistence]) expect(sl?.forecast.breachBrier, report).toBeLessThan(naive?.breachBrier as number);
      expect(sl?.forecast.serviceLevelMae, report).toBeLessThan(sl?.erlangC.serviceLevelMae as number);
      expect(sl?.forecast.serviceLevelMae, report).toBeLessThan((sl?.persistence.serviceLevelMae as number) + 0.02);
    });
  }
});
