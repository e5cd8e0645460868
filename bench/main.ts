// `npm run bench`: prints a table of figures, then one JSON line (the last line) for tools to read.
// Figures are medians of several runs in this one process; shared machines are noisy, so compare ratios.
import { lifecycles } from './lifecycle';
import { median, repeat, round } from './stats';

const runs = Number(process.env.BENCH_RUNS ?? 5);

const lifecycleRuns = repeat(runs, () => lifecycles(1_000, 3, 20_000));
const result = {
  lifecyclesPerSec: round(median(lifecycleRuns.map((r) => r.lifecyclesPerSec)), 0),
  routableToOfferP50Us: round(median(lifecycleRuns.map((r) => r.routableToOfferP50Us))),
  routableToOfferP99Us: round(median(lifecycleRuns.map((r) => r.routableToOfferP99Us))),
};

console.table([
  { figure: 'chat lifecycles per second (1,000 agents × 3)', value: result.lifecyclesPerSec },
  { figure: 'routable → offer p50 (µs)', value: result.routableToOfferP50Us },
  { figure: 'routable → offer p99 (µs)', value: result.routableToOfferP99Us },
]);
console.log(JSON.stringify({ runs, node: process.version, ...result }));
