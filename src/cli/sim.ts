#!/usr/bin/env node
// `chatroute-sim config.json [--out report.html] [--json result.json] [--assert "serviceLevel>=0.8" ...]`: simulate a
// day, print the figures, and write a self-contained HTML report with plots. Progress goes to stderr so stdout stays
// clean for pipes. With --assert it is a gate for CI: the exit code is 1 when a target is missed or the engine's
// auditor reports a broken invariant during the run.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ChatrouteError } from '../errors/ChatrouteError';
import { checkAssertions, parseAssertion, type SimulationAssertion } from '../simulation/assertions';
import { renderReport } from '../simulation/report/renderReport';
import { simulate } from '../simulation/simulate';
import type { SimulationConfig, SimulationResult } from '../simulation/types';

const USAGE =
  'usage: chatroute-sim <config.json> [--out report.html] [--json result.json] [--quiet] [--assert "serviceLevel>=0.8" ...] [--audit-every N | --no-audit]';

/** With --assert, the auditor checks the invariants after every this many engine inputs unless told otherwise. */
const DEFAULT_AUDIT_EVERY = 100;

interface Args {
  config: string;
  out?: string;
  json?: string;
  quiet: boolean;
  assertions: SimulationAssertion[];
  /** 0: no audit. */
  auditEvery: number;
}

function parseArgs(argv: string[]): Args {
  const args = [...argv];
  let config: string | undefined;
  let out: string | undefined;
  let json: string | undefined;
  let quiet = false;
  const assertions: SimulationAssertion[] = [];
  let auditEvery: number | undefined;
  while (args.length > 0) {
    const arg = args.shift() as string;
    if (arg === '--out') out = args.shift();
    else if (arg === '--json') json = args.shift();
    else if (arg === '--quiet') quiet = true;
    else if (arg === '--assert') assertions.push(parseAssertion(args.shift() ?? ''));
    else if (arg === '--no-audit') auditEvery = 0;
    else if (arg === '--audit-every') {
      auditEvery = Number(args.shift());
      if (!Number.isInteger(auditEvery) || auditEvery < 1) throw new Error(`--audit-every takes an integer >= 1\n${USAGE}`);
    }
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else if (config === undefined) config = arg;
    else throw new Error(`unexpected argument ${arg}\n${USAGE}`);
  }
  if (config === undefined) throw new Error(USAGE);
  const audit = auditEvery ?? (assertions.length > 0 ? DEFAULT_AUDIT_EVERY : 0);
  return { config, quiet, assertions, auditEvery: audit, ...(out !== undefined ? { out } : {}), ...(json !== undefined ? { json } : {}) };
}

/** The gate's verdict: a line per target and one for the invariants; `failed` when anything is off. */
function gate(result: SimulationResult, args: Args): { text: string; failed: string[] } {
  const failed: string[] = [];
  const lines = ['targets:'];
  for (const outcome of checkAssertions(result, args.assertions)) {
    const actual = Number.isInteger(outcome.actual) ? String(outcome.actual) : outcome.actual.toFixed(4);
    lines.push(`  ${outcome.passed ? 'PASS' : 'FAIL'}  ${outcome.assertion.text.padEnd(36)} actual ${actual}`);
    if (!outcome.passed) failed.push(`${outcome.assertion.text} (actual ${actual})`);
  }
  if (args.auditEvery > 0) {
    const violations = result.invariants?.violations ?? 0;
    const how = args.auditEvery === 1 ? 'after every input' : `after every ${args.auditEvery}th input`;
    lines.push(`invariants: ${violations === 0 ? 'none broken' : `${violations} violation(s)`} (checked ${how})`);
    for (const v of result.invariants?.first.slice(0, 10) ?? []) lines.push(`  at ${(v.at / 1000).toFixed(1)} s  ${v.invariant}: ${v.message}  ${JSON.stringify(v.evidence)}`);
    if (violations > 0) failed.push(`${violations} invariant violation(s), the first: ${result.invariants?.first[0]?.message ?? ''}`);
  }
  return { text: lines.join('\n'), failed };
}

/** A progress bar on a terminal, a line per 10 % otherwise (CI logs). */
function progressReporter(quiet: boolean): (fraction: number) => void {
  if (quiet) return () => undefined;
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  return (fraction) => {
    const percent = Math.floor(fraction * 100);
    if (tty) {
      const filled = Math.round(fraction * 30);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${String(percent).padStart(3)} %`);
      if (fraction >= 1) process.stderr.write('\n');
    } else if (Math.floor(percent / 10) > lastTenth) {
      lastTenth = Math.floor(percent / 10);
      process.stderr.write(`simulated ${percent} %\n`);
    }
  };
}

function summary(result: SimulationResult, wallSec: number): string {
  const o = result.overall;
  const c = result.confidence;
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const lines = [
    ['offered', String(o.offered)],
    ['answered', String(o.answered)],
    ['abandoned', `${o.abandoned} (${pct(o.abandonRate)}; 95 % ${pct(c.abandonRate.low)}–${pct(c.abandonRate.high)})`],
    ['probability of wait', `${pct(o.probWait)} (95 % ${pct(c.probWait.low)}–${pct(c.probWait.high)})`],
    ['average speed of answer', `${o.asaSec.toFixed(1)} s (95 % ${c.asaSec.low.toFixed(1)}–${c.asaSec.high.toFixed(1)} s)`],
    ['service level', `${pct(o.serviceLevel)} (95 % ${pct(c.serviceLevel.low)}–${pct(c.serviceLevel.high)})`],
    ['occupancy', pct(o.occupancy)],
    ['missed offers', String(result.agents.missedOffers)],
    ['engine events', `${result.engineEvents} in ${wallSec.toFixed(1)} s (${Math.round(result.engineEvents / wallSec)}/s)`],
  ];
  return lines.map(([k, v]) => `${(k as string).padEnd(26)}${v}`).join('\n');
}

function main(): number {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    const config = JSON.parse(readFileSync(args.config, 'utf8')) as SimulationConfig;
    const started = performance.now();
    const result = simulate(config, { onProgress: progressReporter(args.quiet), ...(args.auditEvery > 0 ? { audit: { every: args.auditEvery } } : {}) });
    const wallSec = (performance.now() - started) / 1000;
    const out = args.out ?? join(dirname(args.config), `${basename(args.config, '.json')}.report.html`);
    writeFileSync(out, renderReport(result, config));
    if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${summary(result, wallSec)}\nreport: ${out}\n`);
    if (args.assertions.length === 0 && args.auditEvery === 0) return 0;
    const verdict = gate(result, args);
    process.stdout.write(`${verdict.text}\n`);
    if (verdict.failed.length === 0) return 0;
    process.stderr.write(`chatroute-sim: the gate failed: ${verdict.failed.join('; ')}\n`);
    return 1;
  } catch (error) {
    const message = ChatrouteError.is(error) ? `${error.code}: ${error.message}` : (error as Error).message;
    process.stderr.write(`chatroute-sim: ${message}\n`);
    return 1;
  }
}

/**
 * A simulated day allocates millions of short-lived objects (actor snapshots): a larger young generation lets far
 * more of them die young, which measured about a quarter faster. The flag must be given at start-up, so the CLI
 * runs itself once more with it (unless told not to, or already tuned).
 */
function rerunWithGcTuning(): number | undefined {
  const tuned = process.execArgv.some((arg) => arg.startsWith('--max-semi-space-size'));
  if (tuned || process.env.CHATROUTE_SIM_GC_TUNING === '0' || process.argv[1] === undefined) return undefined;
  const child = spawnSync(process.execPath, [...process.execArgv, '--max-semi-space-size=64', process.argv[1], ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, CHATROUTE_SIM_GC_TUNING: '0' },
  });
  return child.status ?? 1;
}

process.exitCode = rerunWithGcTuning() ?? main();
