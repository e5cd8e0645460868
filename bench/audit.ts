// The auditor's cost. (1) One check (reading every live chat and agent view, then the invariants) against the size of
// the center. (2) Engine CPU per chat lifecycle (start → offer → accept → status → close, half of all slots busy)
// without the auditor and with `{ every: N }` / `true`, runs interleaved so a loaded machine skews all alike.
// Run: node --expose-gc --import tsx bench/audit.ts   (medians; one JSON line at the end)
import { checkInvariants } from 'chatroute/audit';
import { type EngineOptions } from 'chatroute';
import { contactCenter, lifecycles } from './lifecycle';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** Milliseconds per check for a center of `agents` × 3 slots with half of them busy. */
function checkMs(agents: number): { chats: number; ms: number } {
  const { engine, offers } = contactCenter(agents, 3);
  const chatIds: string[] = [];
  for (let i = 0; i < agents * 1.5; i++) {
    const r = engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'c' } });
    if (!r.ok) throw new Error(r.error.message);
    engine.dispatch({ type: 'offer.accept', agentId: offers.get(r.chatId) as string, chatId: r.chatId });
    chatIds.push(r.chatId);
  }
  const agentIds = Array.from({ length: agents }, (_, i) => `a${i}`);
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    gc();
    const started = performance.now();
    const violations = checkInvariants({
      now: engine.clock.now(),
      chats: chatIds.map((id) => engine.getChat(id)).filter((c) => c !== undefined),
      agents: agentIds.map((id) => engine.getAgent(id)).filter((a) => a !== undefined),
    });
    runs.push(performance.now() - started);
    if (violations.length > 0) throw new Error(violations[0]?.message);
  }
  engine.stop();
  return { chats: chatIds.length, ms: median(runs) };
}

const rows: Array<Record<string, number | string>> = [];
for (const agents of [50, 500, 5_000]) {
  const { chats, ms } = checkMs(agents);
  rows.push({ figure: 'check', agents, chats, ms: Number(ms.toFixed(2)) });
  process.stdout.write(`one check, ${agents} agents and ${chats} live chats: ${ms.toFixed(2)} ms\n`);
}

const settings: Array<[string, EngineOptions['audit']]> = [
  ['off', undefined],
  ['every 100', { every: 100 }],
  ['every 10', { every: 10 }],
  ['every input', true],
];
for (const [agents, count] of [[50, 3_000], [500, 1_000]] as const) {
  const cpu = new Map<string, number[]>(settings.map(([name]) => [name, []]));
  lifecycles(agents, 3, count); // warm-up
  for (let round = 0; round < 5; round++) {
    for (const [name, audit] of settings) {
      gc();
      const n = audit === true ? Math.max(100, Math.floor(count / 10)) : count;
      (cpu.get(name) as number[]).push(lifecycles(agents, 3, n, audit === undefined ? {} : { audit }).cpuUsPerLifecycle);
    }
  }
  const base = median(cpu.get('off') as number[]);
  for (const [name] of settings) {
    const us = median(cpu.get(name) as number[]);
    rows.push({ figure: 'lifecycle', agents, audit: name, cpuUsPerLifecycle: Math.round(us), lifecyclesPerCpuSec: Math.round(1e6 / us), ofOff: Number((base / us).toFixed(2)) });
    process.stdout.write(`${String(agents).padStart(5)} agents × 3, audit ${name.padEnd(12)} ${String(Math.round(us)).padStart(7)} µs CPU per lifecycle  ${String(Math.round(1e6 / us)).padStart(6)}/s  (${((base / us) * 100).toFixed(0)} % of off)\n`);
  }
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
