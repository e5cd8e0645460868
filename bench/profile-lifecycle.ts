// Not part of `npm run bench`: a quick driver for `node --cpu-prof --import tsx bench/profile-lifecycle.ts`.
import { lifecycles } from './lifecycle';
import { countActorWork, xstateFloorUsPerLifecycle } from './floor';

const runs = Number(process.argv[2] ?? 5);
const results: number[] = [];
for (let i = 0; i < runs; i++) results.push(lifecycles(5_000, 3, 20_000).cpuUsPerLifecycle);
const work = countActorWork();
const floor = xstateFloorUsPerLifecycle(20_000, 7_500, work);
results.sort((a, b) => a - b);
console.log(JSON.stringify({ work, cpuUs: results.map((r) => Math.round(r)), median: Math.round(results[Math.floor(runs / 2)] as number), floor: Math.round(floor), ratio: ((results[Math.floor(runs / 2)] as number) / floor).toFixed(2) }));
