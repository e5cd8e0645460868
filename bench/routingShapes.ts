// `node --import tsx bench/routingShapes.ts`: routing cost by the shape of the centre (issue 19). Prints a table, then
// one JSON line. Each shape is a steady state of chat lifecycles (start → offer → accept → status → close) with half of
// the agents busy: decisions are the router's `plan` calls that made an offer, timed in place; CPU is per lifecycle.
//   (a) every agent in 1, 50 and 500 queues (chats spread over the queues);
//   (b) 0, 1,000 and 5,000 chats blocked at the head of the queue (a skill nobody has);
//   (c) `preferProficiency` with 1,000 agents in one penalty tier.
// `--compare <worktree>` runs every shape in this tree and in another checkout (e.g. the branch's base) as separate
// processes, interleaved round by round, and prints medians and ratios (this tree ÷ the other).
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, createManualClock, type AgentConfig, type QueueConfig } from 'chatroute';
import { Router } from '../src/routing/Router';
import { median, percentile, round } from './stats';

/** One shape of a centre. */
export interface Shape {
  readonly name: string;
  readonly agents: number;
  readonly queuesPerAgent: number;
  readonly blocked: number;
  readonly proficiency: boolean;
  /** Lifecycles timed (the base router takes ~0.3 s per lifecycle with 5,000 blocked chats). */
  readonly lifecycles: number;
}

export const SHAPES: readonly Shape[] = [
  { name: 'queues=1', agents: 200, queuesPerAgent: 1, blocked: 0, proficiency: false, lifecycles: 2_000 },
  { name: 'queues=50', agents: 200, queuesPerAgent: 50, blocked: 0, proficiency: false, lifecycles: 2_000 },
  { name: 'queues=500', agents: 200, queuesPerAgent: 500, blocked: 0, proficiency: false, lifecycles: 1_000 },
  { name: 'blocked=1000', agents: 200, queuesPerAgent: 1, blocked: 1_000, proficiency: false, lifecycles: 300 },
  { name: 'blocked=5000', agents: 200, queuesPerAgent: 1, blocked: 5_000, proficiency: false, lifecycles: 150 },
  { name: 'proficiency tier=1000', agents: 1_000, queuesPerAgent: 1, blocked: 0, proficiency: true, lifecycles: 2_000 },
];

/** Figures of one shape in one process. */
export interface ShapeResult {
  readonly p50Us: number;
  readonly p99Us: number;
  readonly cpuUsPerLifecycle: number;
}

/**
 * Runs a shape's lifecycles and times the router's decisions. Filling half of the agents (and 50 lifecycles more) is
 * the warm-up; `scale` multiplies the timed lifecycles (`BENCH_ROUTING_SCALE`).
 */
export function runShape(shape: Shape, scale = SCALE): ShapeResult {
  const lifecycles = Math.max(50, Math.round(shape.lifecycles * scale));
  const queues: QueueConfig[] = Array.from({ length: shape.queuesPerAgent }, (_, i) => ({
    id: `q${i}`,
    name: `Q${i}`,
    closeStatuses: ['done'],
    ...(shape.proficiency ? { policies: { skills: { preferProficiency: true } } } : {}),
  }));
  const agents: AgentConfig[] = Array.from({ length: shape.agents }, (_, i) => ({
    id: `a${i}`,
    name: `A${i}`,
    capacity: 1,
    queues: queues.map((q) => q.id),
    ...(shape.proficiency ? { skills: { de: 1 + (i % 5) } } : {}),
  }));
  const engine = createEngine({ clock: createManualClock(0), queues, agents, retainFinishedChats: 0 });
  const offers = new Map<string, string>();
  engine.events$.subscribe((e) => {
    if (e.type === 'offer.created') offers.set(e.chatId, e.agentId);
  });
  for (const a of agents) engine.dispatch({ type: 'agent.login', agentId: a.id });
  // Chats nobody can serve, first in line: they stay at the head of q0 for the whole run.
  for (let i = 0; i < shape.blocked; i++) {
    const r = engine.dispatch({ type: 'chat.start', queueId: 'q0', customer: { name: 'b' }, skills: { klingon: 1 } });
    if (!r.ok) throw new Error(r.error.message);
  }
  const skills = shape.proficiency ? { de: 1 } : undefined;
  const open: Array<[string, string]> = [];
  const target = Math.floor(shape.agents / 2);
  let head = 0;
  const lifecycle = (i: number) => {
    const r = engine.dispatch({ type: 'chat.start', queueId: `q${i % shape.queuesPerAgent}`, customer: { name: 'c' }, ...(skills ? { skills } : {}) });
    if (!r.ok) throw new Error(r.error.message);
    const agentId = offers.get(r.chatId);
    if (agentId === undefined) throw new Error(`${shape.name}: no offer, but half of the agents are free`);
    offers.delete(r.chatId);
    engine.dispatch({ type: 'offer.accept', agentId, chatId: r.chatId });
    open.push([r.chatId, agentId]);
    if (open.length - head > target) {
      const [chatId, owner] = open[head++] as [string, string];
      engine.dispatch({ type: 'chat.setStatus', agentId: owner, chatId, status: 'done' });
      engine.dispatch({ type: 'chat.close', agentId: owner, chatId });
    }
  };
  // Warm up (and fill half of the agents) before timing.
  for (let i = 0; i < target + 50; i++) lifecycle(i);
  const original = Router.prototype.plan;
  const times: number[] = [];
  Router.prototype.plan = function timed(this: Router, now: number) {
    const t0 = performance.now();
    const decisions = original.call(this, now);
    const dt = performance.now() - t0;
    if (decisions.length > 0) times.push(dt * 1000);
    return decisions;
  };
  const cpu = process.cpuUsage();
  try {
    for (let i = 0; i < lifecycles; i++) lifecycle(target + 50 + i);
  } finally {
    Router.prototype.plan = original;
  }
  const used = process.cpuUsage(cpu);
  engine.stop();
  times.sort((a, b) => a - b);
  return { p50Us: percentile(times, 50), p99Us: percentile(times, 99), cpuUsPerLifecycle: (used.user + used.system) / lifecycles };
}

const SCALE = Number(process.env.BENCH_ROUTING_SCALE ?? 1);

/** Medians of `runs` runs of every shape in this process (after one warm-up run of the first). */
export function routingShapes(runs: number): Record<string, ShapeResult> {
  runShape(SHAPES[0] as Shape, 0.25);
  const out: Record<string, ShapeResult> = {};
  for (const shape of SHAPES) {
    const results = Array.from({ length: runs }, () => runShape(shape));
    out[shape.name] = { p50Us: median(results.map((r) => r.p50Us)), p99Us: median(results.map((r) => r.p99Us)), cpuUsPerLifecycle: median(results.map((r) => r.cpuUsPerLifecycle)) };
  }
  return out;
}

/** The table rows and the JSON fields of a set of results (flatness: each shape ÷ the 1-queue, 0-blocked case). */
export function routingRows(results: Record<string, ShapeResult>) {
  const base = results['queues=1'] as ShapeResult;
  return SHAPES.map((s) => {
    const r = results[s.name] as ShapeResult;
    return { shape: s.name, 'p50 µs': round(r.p50Us, 1), 'p99 µs': round(r.p99Us, 1), 'CPU µs/lifecycle': round(r.cpuUsPerLifecycle, 0), 'p99 ÷ queues=1': round(r.p99Us / base.p99Us, 2), 'CPU ÷ queues=1': round(r.cpuUsPerLifecycle / base.cpuUsPerLifecycle, 2) };
  });
}

function child(tree: string, shape: string): ShapeResult {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(tree, 'bench/routingShapes.ts'), '--shape', shape], { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${tree} ${shape}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as ShapeResult;
}

function compare(other: string, rounds: number): void {
  const here = join(fileURLToPath(new URL('.', import.meta.url)), '..');
  copyFileSync(fileURLToPath(import.meta.url), join(other, 'bench/routingShapes.ts'));
  const samples = new Map<string, { here: ShapeResult[]; other: ShapeResult[] }>();
  for (let round_ = 0; round_ < rounds; round_++) {
    for (const shape of SHAPES) {
      const s = samples.get(shape.name) ?? { here: [], other: [] };
      samples.set(shape.name, s);
      // Alternate which tree goes first, so drift on a shared machine falls on both alike.
      const order = round_ % 2 === 0 ? (['here', 'other'] as const) : (['other', 'here'] as const);
      for (const which of order) {
        process.stderr.write(`round ${round_ + 1}/${rounds} ${shape.name} ${which}\n`);
        const result = child(which === 'here' ? here : other, shape.name);
        s[which].push(result);
        process.stderr.write(`${JSON.stringify({ round: round_ + 1, shape: shape.name, tree: which, ...result })}\n`);
      }
    }
  }
  const med = (rs: ShapeResult[]): ShapeResult => ({ p50Us: median(rs.map((r) => r.p50Us)), p99Us: median(rs.map((r) => r.p99Us)), cpuUsPerLifecycle: median(rs.map((r) => r.cpuUsPerLifecycle)) });
  const rows = SHAPES.map((shape) => {
    const s = samples.get(shape.name) as { here: ShapeResult[]; other: ShapeResult[] };
    const a = med(s.other);
    const b = med(s.here);
    return {
      shape: shape.name,
      'before p50/p99 µs': `${round(a.p50Us, 1)} / ${round(a.p99Us, 1)}`,
      'after p50/p99 µs': `${round(b.p50Us, 1)} / ${round(b.p99Us, 1)}`,
      'p99 after÷before': round(b.p99Us / a.p99Us, 3),
      'CPU µs/lc before → after': `${round(a.cpuUsPerLifecycle, 0)} → ${round(b.cpuUsPerLifecycle, 0)}`,
      'CPU after÷before': round(b.cpuUsPerLifecycle / a.cpuUsPerLifecycle, 3),
      before: a,
      after: b,
    };
  });
  console.table(rows.map(({ before, after, ...row }) => row));
  const flat = (pick: 'before' | 'after') => Object.fromEntries(rows.map((r) => [r.shape, { p50Us: round(r[pick].p50Us, 1), p99Us: round(r[pick].p99Us, 1), cpuUsPerLifecycle: round(r[pick].cpuUsPerLifecycle, 0) }]));
  console.log(JSON.stringify({ rounds, scale: SCALE, before: flat('before'), after: flat('after') }));
}

const args = process.argv.slice(2);
const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain && args[0] === '--shape') {
  const shape = SHAPES.find((s) => s.name === args[1]);
  if (shape === undefined) throw new Error(`no shape ${args[1]}`);
  console.log(JSON.stringify(runShape(shape)));
} else if (isMain && args[0] === '--compare') {
  compare(args[1] as string, Number(process.env.BENCH_RUNS ?? 3));
} else if (isMain) {
  const results = routingShapes(Number(process.env.BENCH_RUNS ?? 3));
  console.table(routingRows(results));
  console.log(JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { p50Us: round(r.p50Us, 1), p99Us: round(r.p99Us, 1), cpuUsPerLifecycle: round(r.cpuUsPerLifecycle, 0) }]))));
}
