// `npm run bench:host`: the reference host under load, over real WebSockets on 127.0.0.1. For each agent count
// (default 200 and 2,000; BENCH_HOST_AGENTS=200,2000) it forks the host with that many synthetic agents (capacity 3,
// 4 queues, each agent in 2), signs every agent in, then ramps the arrival rate of customers level by level
// (BENCH_HOST_RATES, chats/s per level as fractions of the agent count, default 0.05,0.1,0.2 → 10/20/40 chats/s at
// 200 agents, 100/200/400 at 2,000; BENCH_HOST_SECONDS of arrivals per level, default 8). Each customer starts a chat,
// and once an agent has it, writes 3 lines 100 ms apart; the agent accepts each offer at once, answers each line,
// sets a status and closes the chat. Bounded: a level stops taking arrivals after its time, waits at most 10 s for
// its chats, then counts the unfinished as errors; the whole run stops by itself.
//
// Prints a table, then one JSON line (the last line): { "levels": [{ agents, customers, chatsPerSec, messagesPerSec,
// p50CustomerToAgentMs, p99CustomerToAgentMs, p50OfferMs, p99OfferMs, cpuMsPerChat, rssMb, errors }] }.
// chatsPerSec: chats finished per second of the level; customer→agent: from the customer's send to the agent's socket
// receiving the line; offer: from the customer's hello to the offer on the agent's desk; cpuMsPerChat: the host
// process's CPU (user + system) over the level divided by the chats finished in it. The driver runs in this
// process, the host in another; on a machine with few cores they compete, so latencies include the driver's share.
// Then the reconnect storm row (`reconnectStorm.ts`): BENCH_HOST_STORM agents (default 2000; 0 skips it) all sign in at
// once after a restart; its fields go in `reconnectStorm` and `reconnectStormSec`. `npm run bench:host:storm` compares
// it with an older commit.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { reconnectStorm, type StormResult } from './reconnectStorm';

interface Level {
  agents: number;
  targetPerSec: number;
  customers: number;
  chatsPerSec: number;
  messagesPerSec: number;
  p50CustomerToAgentMs: number;
  p99CustomerToAgentMs: number;
  p50OfferMs: number;
  p99OfferMs: number;
  cpuMsPerChat: number;
  rssMb: number;
  errors: number;
  /** The load driver's own CPU per chat (it shares the machine with the host). */
  driverCpuMsPerChat: number;
}

const agentCounts = (process.env.BENCH_HOST_AGENTS ?? '200,2000').split(',').map(Number);
const rateFractions = (process.env.BENCH_HOST_RATES ?? '0.05,0.1,0.2').split(',').map(Number);
const levelSeconds = Number(process.env.BENCH_HOST_SECONDS ?? 8);
const durable = process.env.BENCH_HOST_DURABLE === '1';
const ROUNDS = 3;
const THINK_MS = 100;
const DRAIN_MS = 10_000;

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};
const round1 = (n: number): number => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What one level measures, filled by agents and customers as frames arrive. */
class Meter {
  readonly offerMs: number[] = [];
  readonly customerToAgentMs: number[] = [];
  messages = 0;
  finished = 0;
  /** When each chat finished (performance.now()). */
  readonly finishedAt: number[] = [];
  errors = 0;
  /** Why chats did not finish: timeout, error frame (by code), closed. */
  readonly why = new Map<string, number>();
  /** chatId → when its customer said hello. */
  readonly startedAt = new Map<string, number>();
  /** chatId → when an agent saw its offer (first time only): it can arrive before the customer's welcome. */
  readonly offered = new Map<string, number>();

  offerSeen(chatId: string, at: number): void {
    if (this.offered.has(chatId)) return;
    this.offered.set(chatId, at);
    const started = this.startedAt.get(chatId);
    if (started !== undefined) this.offerMs.push(at - started);
  }

  chatStarted(chatId: string, at: number): void {
    this.startedAt.set(chatId, at);
    const offered = this.offered.get(chatId);
    if (offered !== undefined) this.offerMs.push(offered - at);
  }
}

let meter = new Meter();

/** A synthetic agent: accepts every offer on its desk, answers every customer line, closes after the last. */
function connectAgent(url: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { perMessageDeflate: false });
  let ref = 0;
  const accepted = new Set<string>();
  const answered = new Map<string, number>();
  const command = (command: Record<string, unknown>) => ws.send(JSON.stringify({ type: 'command', ref: String(++ref), command }));
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    // Desks are large and frequent: parse one only when it carries an offer (the only thing this agent acts on).
    if (text.startsWith('{"type":"desk"') || text.startsWith('{"type":"desk.')) {
      if (!text.includes('"offerId"')) return;
      const now = performance.now();
      for (const match of text.matchAll(/"offerId":"[^"]*","chatId":"([^"]+)"/g)) {
        const chatId = match[1] as string;
        if (accepted.has(chatId)) continue;
        accepted.add(chatId);
        meter.offerSeen(chatId, now);
        command({ type: 'offer.accept', chatId });
      }
      return;
    }
    if (!text.startsWith('{"type":"message"')) return;
    const frame = JSON.parse(text) as { message: { chatId: string; text: string; from: { kind: string } } };
    const { message } = frame;
    if (message.from.kind !== 'customer') return;
    const [, sentAt, roundText] = /^t=([\d.]+) r=(\d+)/.exec(message.text) ?? [];
    if (sentAt !== undefined) meter.customerToAgentMs.push(performance.now() - Number(sentAt));
    const round = Number(roundText);
    answered.set(message.chatId, round);
    command({ type: 'message.send', chatId: message.chatId, text: `answer ${round}` });
    if (round === ROUNDS) {
      command({ type: 'chat.setStatus', chatId: message.chatId, status: 'done' });
      command({ type: 'chat.close', chatId: message.chatId });
      accepted.delete(message.chatId);
      answered.delete(message.chatId);
    }
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'hello', version: 1, auth: { role: 'agent', token } }));
      ws.once('message', () => {
        command({ type: 'agent.login' });
        resolve(ws);
      });
    });
    ws.once('error', reject);
  });
}

/** A synthetic customer: starts a chat, writes ROUNDS lines (each after the agent's answer), and leaves when it ends. */
function runCustomer(url: string, queueId: string, deadline: number): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { perMessageDeflate: false });
    let chatId: string | undefined;
    let round = 0;
    let done = false;
    const finish = (ok: boolean, why = 'closed') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (ok) {
        meter.finished++;
        meter.finishedAt.push(performance.now());
      } else {
        meter.errors++;
        const reason = `${why}${chatId === undefined ? ' before welcome' : round === 0 ? ' before an agent' : ''}`;
        meter.why.set(reason, (meter.why.get(reason) ?? 0) + 1);
      }
      ws.close();
      resolve();
    };
    const timer = setTimeout(() => finish(false, 'timeout'), Math.max(0, deadline - performance.now()));
    const say = () => {
      round++;
      ws.send(JSON.stringify({ type: 'command', ref: `r${round}`, command: { type: 'message.send', text: `t=${performance.now()} r=${round}` } }));
      meter.messages++;
    };
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; session?: { chatId: string }; chat?: { state: string }; message?: { from: string }; code?: string };
      if (frame.type === 'welcome') {
        chatId = frame.session?.chatId as string;
        meter.chatStarted(chatId, startedAt);
      } else if (frame.type === 'chat' && frame.chat?.state === 'active' && round === 0) {
        say();
      } else if (frame.type === 'chat.message' && frame.message?.from === 'agent') {
        meter.messages++;
        if (round < ROUNDS) setTimeout(say, THINK_MS);
      } else if (frame.type === 'chat' && frame.chat?.state === 'ended') {
        finish(round === ROUNDS, 'ended early');
      } else if (frame.type === 'error') {
        finish(false, `error ${frame.code}`);
      }
    });
    ws.on('error', () => finish(false, 'socket error'));
    ws.on('close', () => finish(false));
    let startedAt = 0;
    ws.once('open', () => {
      startedAt = performance.now();
      ws.send(JSON.stringify({ type: 'hello', version: 1, auth: { role: 'customer', start: { queueId, name: 'Bench customer' } } }));
    });
  });
}

async function usage(child: ChildProcess): Promise<{ cpuMs: number; rssMb: number }> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string; cpuMs: number; rssMb: number }) => {
      if (message.type !== 'usage') return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ type: 'usage' });
  });
}

/** Waits until the host has finished what signing everyone in gave it to do (its CPU idles), at most 60 s. */
async function quiet(child: ChildProcess): Promise<void> {
  const until = performance.now() + 60_000;
  let last = await usage(child);
  while (performance.now() < until) {
    await sleep(500);
    const now = await usage(child);
    const busy = now.cpuMs - last.cpuMs;
    last = now;
    if (busy < 100) return;
  }
}

async function benchAgents(agents: number): Promise<Level[]> {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [String(agents), ...(durable ? ['--durable'] : [])], {
    // BENCH_HOST_PROFILE=dir writes a CPU profile of the host (open it in Chrome's DevTools).
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_HOST_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_HOST_PROFILE}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; tokens: string[]; queues: string[] }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; tokens: string[]; queues: string[] }));
    child.once('exit', (code) => reject(new Error(`the host exited (${code}) before it was ready`)));
  });
  process.stderr.write(`host with ${agents} agents at ${ready.url}; signing them in…\n`);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < ready.tokens.length; i += 100) {
    sockets.push(...(await Promise.all(ready.tokens.slice(i, i + 100).map((token) => connectAgent(ready.url, token)))));
  }
  await quiet(child);
  const levels: Level[] = [];
  for (const fraction of rateFractions) {
    const perSec = Math.max(1, Math.round(agents * fraction));
    meter = new Meter();
    process.stderr.write(`  ${agents} agents, ${perSec} chats/s for ${levelSeconds} s…\n`);
    const before = await usage(child);
    const driverBefore = process.cpuUsage();
    const startedAt = performance.now();
    const arrivalsEnd = startedAt + levelSeconds * 1000;
    const deadline = arrivalsEnd + DRAIN_MS;
    const customers: Promise<void>[] = [];
    let n = 0;
    // Arrivals on a fixed schedule (not "after the previous one"), so a slow host gets the load anyway.
    while (performance.now() < arrivalsEnd) {
      const due = startedAt + (n * 1000) / perSec;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      customers.push(runCustomer(ready.url, ready.queues[n % ready.queues.length] as string, deadline));
      n++;
    }
    await Promise.all(customers);
    const elapsedSec = (performance.now() - startedAt) / 1000;
    const after = await usage(child);
    const finished = meter.finished;
    // Throughput in the steady part: chats finished from 2 s after the first arrival to the last arrival (a chat
    // lasts about a second, so the first ones finish then), per second. A host that keeps up matches the arrival rate.
    const steadyFrom = startedAt + 2_000;
    const steady = meter.finishedAt.filter((at) => at >= steadyFrom && at <= arrivalsEnd).length / ((arrivalsEnd - steadyFrom) / 1000);
    const driverCpu = process.cpuUsage(driverBefore);
    levels.push({
      agents,
      targetPerSec: perSec,
      customers: n,
      chatsPerSec: round1(steady),
      messagesPerSec: round1(meter.messages / elapsedSec),
      p50CustomerToAgentMs: round1(percentile(meter.customerToAgentMs, 50)),
      p99CustomerToAgentMs: round1(percentile(meter.customerToAgentMs, 99)),
      p50OfferMs: round1(percentile(meter.offerMs, 50)),
      p99OfferMs: round1(percentile(meter.offerMs, 99)),
      cpuMsPerChat: round1(finished > 0 ? (after.cpuMs - before.cpuMs) / finished : 0),
      rssMb: Math.round(after.rssMb),
      errors: meter.errors,
      driverCpuMsPerChat: round1(finished > 0 ? (driverCpu.user + driverCpu.system) / 1000 / finished : 0),
    });
    if (meter.why.size > 0) process.stderr.write(`    unfinished: ${[...meter.why].map(([why, n]) => `${n} ${why}`).join(', ')}\n`);
    await quiet(child);
  }
  for (const ws of sockets) ws.terminate();
  child.send({ type: 'stop' });
  await new Promise((resolve) => child.once('exit', resolve));
  return levels;
}

const all: Level[] = [];
for (const agents of agentCounts) all.push(...(await benchAgents(agents)));
const stormAgents = Number(process.env.BENCH_HOST_STORM ?? 2000);
let storm: StormResult | undefined;
if (stormAgents > 0) {
  process.stderr.write(`reconnect storm: ${stormAgents} agents sign in at once…\n`);
  storm = await reconnectStorm(fileURLToPath(new URL('../..', import.meta.url)), stormAgents);
}

const header = ['agents', 'target/s', 'customers', 'chats/s', 'msgs/s', 'p50 c→a ms', 'p99 c→a ms', 'p50 offer ms', 'p99 offer ms', 'host CPU ms/chat', 'RSS MB', 'errors', 'driver CPU ms/chat'];
const rows = all.map((l) =>
  [l.agents, l.targetPerSec, l.customers, l.chatsPerSec, l.messagesPerSec, l.p50CustomerToAgentMs, l.p99CustomerToAgentMs, l.p50OfferMs, l.p99OfferMs, l.cpuMsPerChat, l.rssMb, l.errors, l.driverCpuMsPerChat].map(String),
);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] as number)).join('  ');
const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
console.log(`\nchatroute reference host under load (${durable ? 'SQLite data folder' : 'in memory'}; ${ROUNDS} customer lines per chat, ${THINK_MS} ms apart; load average ${load} on ${(await import('node:os')).cpus().length} cores)\n`);
console.log(line(header));
for (const row of rows) console.log(line(row));
if (storm !== undefined) {
  console.log(`\nreconnect storm: ${storm.agents} agents sign in at once after a restart\n`);
  const cells = [['all served s', storm.seconds], ['sign-ins/s', storm.signInsPerSec], ['p50 ms', storm.p50Ms], ['p99 ms', storm.p99Ms], ['bytes/init', storm.initBytes], ['host CPU ms/sign-in', storm.hostCpuMsPerSignIn], ['reconnects', storm.reconnects], ['unserved', storm.unserved]] as const;
  console.log(cells.map(([h, v]) => String(v).padStart(h.length)).join('  ').replace(/^/, `${cells.map(([h]) => h).join('  ')}\n`));
}
console.log(JSON.stringify({ levels: all.map(({ targetPerSec: _target, ...level }) => level), ...(storm !== undefined ? { reconnectStorm: storm, reconnectStormSec: storm.seconds } : {}) }));
process.exit(0);
