// The reconnect storm: a host restarts and every agent's tab reconnects and signs in at once. One round forks the
// host of a checkout (`stormServer.ts`) with N agents, waits until it idles, then opens every tab's WebSocket at the
// same moment; each sends `hello` with its token, then `agent.login` on `welcome`, and is served once its `desk.init`
// arrives. A tab the host closes before that (a hello timeout while it is swamped) reconnects 250–500 ms later, as the
// web desk does. Measured: the time until the last `desk.init`, sign-ins per second, per tab the time from its first
// connect to its `desk.init` (p50, p99), the bytes of each `desk.init`, and the host's CPU per sign-in.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/** One storm's figures. */
export interface StormResult {
  readonly agents: number;
  /** From the first connect to the last `desk.init`. */
  readonly seconds: number;
  readonly signInsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Mean bytes of a `desk.init` frame. */
  readonly initBytes: number;
  readonly hostCpuMsPerSignIn: number;
  /** Tabs closed before their `desk.init` that had to reconnect. */
  readonly reconnects: number;
  /** Tabs without a `desk.init` when the storm gave up. */
  readonly unserved: number;
}

const GIVE_UP_MS = 300_000;
const LOGIN = process.env.BENCH_STORM_LOGIN !== '0';
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ask(child: ChildProcess): Promise<{ cpuMs: number }> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string; cpuMs: number }) => {
      if (message.type !== 'usage') return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ type: 'usage' });
  });
}

/** Until the host's CPU idles (under 10 % for half a second), at most 60 s: the storm starts on a quiet host. */
async function idle(child: ChildProcess): Promise<void> {
  const until = performance.now() + 60_000;
  let last = await ask(child);
  while (performance.now() < until) {
    await sleep(500);
    const now = await ask(child);
    if (now.cpuMs - last.cpuMs < 50) return;
    last = now;
  }
}

/** One tab: resolves with its `desk.init` (time and size), reconnecting while the host closes it before that. */
function signIn(url: string, token: string, startedAt: number, sockets: WebSocket[], counts: { reconnects: number }): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve) => {
    let served = false;
    const attempt = () => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { perMessageDeflate: false });
      sockets.push(ws);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', version: 1, auth: { role: 'agent', token } })));
      ws.on('message', (data: Buffer) => {
        if (served) return;
        // Only the first bytes are looked at: parsing a whole desk here would be the driver's cost, not the host's.
        const head = data.subarray(0, 40).toString();
        // The web desk logs the agent in on welcome (BENCH_STORM_LOGIN=0 leaves it out: the desk's share alone).
        if (head.startsWith('{"type":"welcome"') && LOGIN) ws.send(JSON.stringify({ type: 'command', ref: '1', command: { type: 'agent.login' } }));
        else if (head.startsWith('{"type":"desk.init"')) {
          served = true;
          resolve({ ms: performance.now() - startedAt, bytes: data.length });
        }
      });
      ws.on('error', () => {});
      ws.on('close', () => {
        if (served) return;
        counts.reconnects++;
        setTimeout(attempt, 250 + Math.random() * 250);
      });
    };
    attempt();
  });
}

/** Runs one storm of `agents` tabs against the host of the checkout at `root`. */
export async function reconnectStorm(root: string, agents: number): Promise<StormResult> {
  const child = fork(fileURLToPath(new URL('./stormServer.ts', import.meta.url)), [root, String(agents)], {
    // BENCH_STORM_PROFILE=dir writes a CPU profile of the host (open it in Chrome's DevTools).
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_STORM_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_STORM_PROFILE}`] : [])],
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; tokens: string[] }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; tokens: string[] }));
    child.once('exit', (code) => reject(new Error(`the host exited (${code}) before it was ready`)));
  });
  await idle(child);
  const sockets: WebSocket[] = [];
  const counts = { reconnects: 0 };
  const before = await ask(child);
  const startedAt = performance.now();
  const served: Array<{ ms: number; bytes: number }> = [];
  const all = Promise.all(ready.tokens.map((token) => signIn(ready.url, token, startedAt, sockets, counts).then((r) => served.push(r))));
  await Promise.race([all, sleep(GIVE_UP_MS)]);
  const seconds = (performance.now() - startedAt) / 1000;
  const after = await ask(child);
  for (const ws of sockets) ws.terminate();
  child.send({ type: 'stop' });
  await new Promise((resolve) => child.once('exit', resolve));
  const ms = served.map((s) => s.ms);
  const last = ms.length === agents ? Math.max(...ms) / 1000 : seconds;
  return {
    agents,
    seconds: Math.round(last * 100) / 100,
    signInsPerSec: Math.round((served.length / last) * 10) / 10,
    p50Ms: Math.round(percentile(ms, 50)),
    p99Ms: Math.round(percentile(ms, 99)),
    initBytes: Math.round(served.reduce((sum, s) => sum + s.bytes, 0) / Math.max(1, served.length)),
    hostCpuMsPerSignIn: Math.round(((after.cpuMs - before.cpuMs) / Math.max(1, served.length)) * 100) / 100,
    reconnects: counts.reconnects,
    unserved: agents - served.length,
  };
}
