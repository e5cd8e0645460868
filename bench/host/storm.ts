// `npm run bench:host:storm`: the reconnect storm (`reconnectStorm.ts`) before and after, in one run. Every agent's tab
// reconnects and signs in at once after a restart of the host; BENCH_STORM_AGENTS (default 2000) agents.
// BENCH_STORM_BASE is the commit to compare with (default: the merge base with main), built in a temporary copy
// (`checkout.ts`); rounds alternate base and this tree (BENCH_STORM_ROUNDS each, default 3), so both see the same
// machine load. Prints a table of medians and ratios, then one JSON line: { reconnectStorm: { agents, rounds, base,
// head, ratios }, reconnectStormSec } (the seconds until every tab had its desk.init, this tree, median).
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkout } from './checkout';
import { reconnectStorm, type StormResult } from './reconnectStorm';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const agents = Number(process.env.BENCH_STORM_AGENTS ?? 2000);
const rounds = Number(process.env.BENCH_STORM_ROUNDS ?? 3);
const baseRef = process.env.BENCH_STORM_BASE ?? execFileSync('git', ['merge-base', 'HEAD', 'main'], { cwd: repo, encoding: 'utf8' }).trim();
process.stderr.write(`building ${baseRef} in a temporary copy…\n`);
const base = checkout(repo, baseRef);

const runs: Record<'base' | 'head', StormResult[]> = { base: [], head: [] };
for (let round = 0; round < rounds; round++) {
  for (const [label, root] of [['base', base], ['head', repo]] as const) {
    process.stderr.write(`  round ${round + 1}/${rounds}, ${label}: ${agents} tabs reconnect at once…\n`);
    const result = await reconnectStorm(root, agents);
    process.stderr.write(`    ${JSON.stringify(result)}\n`);
    runs[label].push(result);
  }
}

type Field = Exclude<keyof StormResult, 'agents'>;
const fields: Field[] = ['seconds', 'signInsPerSec', 'p50Ms', 'p99Ms', 'initBytes', 'hostCpuMsPerSignIn', 'reconnects', 'unserved'];
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const medians = (results: StormResult[]) => Object.fromEntries(fields.map((f) => [f, median(results.map((r) => r[f]))])) as Record<Field, number>;
const before = medians(runs.base);
const after = medians(runs.head);
// head ÷ base: below 1 is better for times, bytes and CPU; above 1 for sign-ins per second.
const ratios = Object.fromEntries(fields.slice(0, 6).map((f) => [f, before[f] === 0 ? 0 : Math.round((after[f] / before[f]) * 1000) / 1000])) as Record<Field, number>;

const header = ['', 'all served s', 'sign-ins/s', 'p50 ms', 'p99 ms', 'bytes/init', 'host CPU ms/sign-in', 'reconnects', 'unserved'];
const rows = [
  [`base ${baseRef.slice(0, 9)}`, ...fields.map((f) => String(before[f]))],
  ['this tree', ...fields.map((f) => String(after[f]))],
  ['ratio', ...fields.slice(0, 6).map((f) => `${ratios[f]}×`), '', ''],
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
console.log(`\nreconnect storm: ${agents} agents sign in at once after a restart (medians of ${rounds} alternating rounds; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)\n`);
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(JSON.stringify({ reconnectStorm: { agents, rounds, base: { commit: baseRef, ...before }, head: after, ratios }, reconnectStormSec: after.seconds }));
process.exit(0);
