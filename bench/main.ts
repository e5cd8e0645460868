// `npm run bench`: prints a table of figures, then one JSON line (the last line) for tools to read.
// Every figure is the median of several runs in this one process; shared machines are noisy, so compare ratios
// measured in the same run (the XState floor is measured alongside the engine for exactly that reason).
import { decisionLatency } from './decision';
import { deskLifecycleCost } from './desk';
import { durableLifecycles, replayRate, restartToServing } from './durable';
import { chatMachineAlone, countActorWork, xstateFloorUsPerLifecycle } from './floor';
import { forecastCost } from './forecast';
import { postgresFigures } from './postgres';
import { routingShapes } from './routingShapes';
import { lifecycles } from './lifecycle';
import { heapPerEntity, heapPerMinimalActor } from './memory';
import { simulationSpeed } from './simulationDay';
import { median, round } from './stats';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const simRuns = Number(process.env.BENCH_SIM_RUNS ?? 3);

function medianOf<T extends Record<string, number>>(n: number, label: string, fn: () => T): T {
  fn(); // warm-up
  const results: T[] = [];
  for (let i = 0; i < n; i++) {
    process.stderr.write(`${label} ${i + 1}/${n}\n`);
    results.push(fn());
  }
  return Object.fromEntries(Object.keys(results[0] as T).map((k) => [k, median(results.map((r) => r[k] as number))])) as T;
}

// What the floor repeats: the actor creations and events of one lifecycle in this workload, counted once.
const work = countActorWork(5_000, 3, 20_000);
const pairs = medianOf(runs, 'lifecycles vs XState floor', () => {
  const engine = lifecycles(5_000, 3, 20_000);
  // The engine benchmark keeps half of all slots busy: 7,500 chats open at once.
  const floor = xstateFloorUsPerLifecycle(20_000, (5_000 * 3) / 2, work);
  return { ...engine, floorUs: floor, ratio: engine.cpuUsPerLifecycle / floor };
});
// The chat machine alone against the same floor: what the machine costs before any engine code runs.
const machine = medianOf(runs, 'chat machine alone vs XState floor', () => chatMachineAlone(20_000, (5_000 * 3) / 2));
// Durable against in-memory, interleaved in the same run (the ratio is the figure; absolute rates drift on a VM).
const durable = medianOf(runs, 'durable lifecycles (SQLite, NORMAL) vs in-memory', () => {
  const memory = lifecycles(5_000, 3, 20_000).lifecyclesPerSec;
  const onDisk = durableLifecycles(5_000, 3, 20_000).lifecyclesPerSec;
  return { memory, onDisk, ratio: onDisk / memory };
});
const restart = medianOf(Math.min(runs, 3), 'restart to serving (50,000 live chats)', () => restartToServing());
const replay = medianOf(Math.min(runs, 3), 'replay rate', () => replayRate());
const decision = medianOf(runs, 'routing decisions', () => decisionLatency(5_000, 10_000, 20_000));
// Routing by the shape of the centre (issue 19): medians of runs inside routingShapes (BENCH_ROUTING_SCALE shortens them).
process.stderr.write('routing by centre shape\n');
const shapes = routingShapes(Math.min(runs, 3));
const memory = medianOf(Math.min(runs, 3), 'heap', () => ({ ...heapPerEntity(), minimalActor: heapPerMinimalActor() }));
const sim = medianOf(simRuns, 'simulated day', () => simulationSpeed());
const forecasts = medianOf(simRuns, 'forecast: 300 agents, 100 waiting, 30 min, 8 seeds; and waits only', () => forecastCost());
// Incremental desks: a lifecycle's cost with 20 and 2,000 agents watching the queue (interleaved in one run).
const desk = medianOf(runs, 'incremental desk, 20 vs 2,000 watching agents', () => {
  const few = deskLifecycleCost(20, 'incremental');
  const many = deskLifecycleCost(2_000, 'incremental');
  return { few: few.cpuUsPerLifecycle, many: many.cpuUsPerLifecycle, changes: many.changesPerLifecycle, bytes: many.bytesPerLifecycle };
});

// PostgreSQL (embedded from npm, fsync on): durable lifecycles with group commit against in-memory, takeover time.
const postgres = await postgresFigures(Math.min(runs, 3));
const pgFigures = 'skipped' in postgres ? undefined : postgres;
if (pgFigures === undefined) process.stderr.write(`PostgreSQL figures skipped: ${(postgres as { skipped: string }).skipped}\n`);

const result = {
  lifecyclesPerSec: round(pairs.lifecyclesPerSec, 0),
  decisionP50Us: round(decision.p50Us, 2),
  decisionP99Us: round(decision.p99Us, 2),
  decisionP999Us: round(decision.p999Us, 2),
  heapBytesPerWaitingChat: round(memory.heapBytesPerWaitingChat, 0),
  heapBytesPerIdleAgent: round(memory.heapBytesPerIdleAgent, 0),
  heapBytesPerMinimalXStateActor: round(memory.minimalActor, 0),
  simEventsPerSec: round(sim.simEventsPerSec, 0),
  simDaySec: round(sim.simDaySec, 2),
  xstateFloorRatio: round(pairs.ratio, 2),
  actorEventsPerLifecycle: round(work.events, 2),
  chatMachineFloorRatio: round(machine.ratio, 2),
  durableLifecyclesPerSec: round(durable.onDisk, 0),
  durableRatio: round(durable.ratio, 2),
  restartToServingSec: round(restart.restartSec, 2),
  restartTailEntries: restart.tailEntries,
  replayEntriesPerSec: round(replay.replayEntriesPerSec, 0),
  forecastMs: round(forecasts.forecastMs, 0),
  forecastWaitsOnlyMs: round(forecasts.waitsOnlyMs, 0),
  deskUsPerLifecycle20Watchers: round(desk.few, 0),
  deskUsPerLifecycle2000Watchers: round(desk.many, 0),
  deskChangesPerLifecycle: round(desk.changes, 1),
  decisionP99UsOneQueue: round((shapes['queues=1'] as { p99Us: number }).p99Us, 1),
  decisionP99UsManyQueues: round((shapes['queues=500'] as { p99Us: number }).p99Us, 1),
  decisionP99UsBlocked: round((shapes['blocked=5000'] as { p99Us: number }).p99Us, 1),
  decisionP99UsProficiency: round((shapes['proficiency tier=1000'] as { p99Us: number }).p99Us, 1),
  ...(pgFigures !== undefined
    ? {
        postgresLifecyclesPerSec: round(pgFigures.postgresLifecyclesPerSec, 0),
        postgresRatio: round(pgFigures.ratio, 2),
        failoverMedianMs: round(pgFigures.takeoverMedianMs, 0),
        failoverMaxMs: round(pgFigures.takeoverMaxMs, 0),
      }
    : {}),
};

console.table([
  { figure: 'chat lifecycles per second (5,000 agents × 3)', value: result.lifecyclesPerSec, target: '≥ 10,000' },
  { figure: 'CPU µs per lifecycle: engine / XState floor', value: `${round(pairs.cpuUsPerLifecycle)} / ${round(pairs.floorUs)}`, target: '' },
  { figure: `engine cost ÷ XState floor (${round(work.creations, 2)} actor + ${round(work.events, 2)} events per lifecycle)`, value: result.xstateFloorRatio, target: '≤ 2' },
  { figure: 'the chat machine alone ÷ the floor (create, offer, accept, status, close; µs)', value: `${round(machine.machineUs)} ÷ ${round(machine.floorUs)} = ${result.chatMachineFloorRatio}`, target: '' },
  { figure: 'durable lifecycles per second (SQLite WAL, synchronous NORMAL)', value: result.durableLifecyclesPerSec, target: '' },
  { figure: 'durable ÷ in-memory lifecycles (same run)', value: result.durableRatio, target: '≥ 0.5' },
  { figure: `restart to serving, 50,000 live chats + ${restart.tailEntries}-entry tail (s)`, value: result.restartToServingSec, target: '≤ 2' },
  { figure: 'journal replay (entries per second, lifecycle commands)', value: result.replayEntriesPerSec, target: '' },
  { figure: 'durable on PostgreSQL with group commit ÷ in-memory (same run)', value: pgFigures ? round(pgFigures.ratio, 2) : 'skipped', target: '≥ 0.5' },
  { figure: 'shard takeover after the owner stops renewing: median / max (ms)', value: pgFigures ? `${round(pgFigures.takeoverMedianMs, 0)} / ${round(pgFigures.takeoverMaxMs, 0)}` : 'skipped', target: '≤ 5,000' },
  { figure: 'routing decision p50 (µs; 5,000 agents, 10,000 waiting)', value: result.decisionP50Us, target: '' },
  { figure: 'routing decision p99 (µs)', value: result.decisionP99Us, target: '≤ 50' },
  { figure: 'routing decision p99.9 (µs)', value: result.decisionP999Us, target: '≤ 1,000' },
  { figure: 'routing decision p99 (µs), 200 agents: in 1 queue / in 500 queues / 5,000 blocked chats at the head', value: `${result.decisionP99UsOneQueue} / ${result.decisionP99UsManyQueues} / ${result.decisionP99UsBlocked}`, target: 'flat (≤ 2×)' },
  { figure: 'routing decision p99 (µs), preferProficiency, 1,000 agents in one tier', value: result.decisionP99UsProficiency, target: '≤ 50' },
  { figure: 'heap per waiting chat (bytes; 50,000 held, passivated)', value: result.heapBytesPerWaitingChat, target: '≤ 2,048' },
  { figure: 'heap per idle agent (bytes; 10,000 held)', value: result.heapBytesPerIdleAgent, target: '' },
  { figure: 'heap per actor of a minimal XState machine (bytes)', value: result.heapBytesPerMinimalXStateActor, target: '(floor)' },
  { figure: `simulated 24 h day, 300 agents, ${sim.chats} chats (s)`, value: result.simDaySec, target: '≤ 10' },
  { figure: 'simulated engine events per wall second', value: result.simEventsPerSec, target: '' },
  { figure: 'forecast, 300 agents, 100 waiting, 30 min, 8 seeds / waits only (ms)', value: `${result.forecastMs} / ${result.forecastWaitsOnlyMs}`, target: '' },
  { figure: `CPU µs per lifecycle, incremental desks: 20 / 2,000 agents watching (${round(desk.changes, 1)} changes, ${round(desk.bytes, 0)} B)`, value: `${result.deskUsPerLifecycle20Watchers} / ${result.deskUsPerLifecycle2000Watchers}`, target: 'flat' },
]);
console.log(JSON.stringify({ runs, node: process.version, ...result }));
