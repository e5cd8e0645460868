// `npm run bench:takeover`: shard takeover with a long journal tail (issue 17). Writes a tail of TAKEOVER_TAIL
// entries (default 25,000) with no snapshot after it, starts three node processes on the shard, and kills the owner
// with SIGKILL TAKEOVER_KILLS times (default 12). For each takeover: acquire → serving inside the new owner (the
// load and the replay of the whole tail), kill → new owner, and whether the new owner kept its lease for two TTLs
// after it started serving (the failure of issue 17: it lost it right after taking over).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import pg from 'pg';
import { createPostgresStore } from '../src/postgres/index';
import { startTestServer } from '../test/postgres/server';
import { writeTail, type NodeLine } from './takeoverScenario';

const TAIL = Number(process.env.TAKEOVER_TAIL ?? 25_000);
const KILLS = Number(process.env.TAKEOVER_KILLS ?? 12);
const TTL_MS = Number(process.env.TAKEOVER_TTL_MS ?? 3_000);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chatroute-takeover-'));
const bundle = join(dir, 'takeover-node.cjs');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Node {
  readonly name: string;
  readonly child: ChildProcessWithoutNullStreams;
  alive: boolean;
}
const lines: Array<{ node: Node; line: NodeLine; at: number }> = [];
const waiters = new Set<() => void>();

function spawnNode(connectionString: string, n: number): Node {
  const name = `node-${n}`;
  const child = spawn(process.execPath, [bundle, connectionString, 'takeover', name, String(TTL_MS)], { cwd: root, env: { ...process.env, NODE_PATH: join(root, 'node_modules') }, stdio: ['pipe', 'pipe', 'pipe'] });
  const node: Node = { name, child, alive: true };
  child.stdin.on('error', () => {});
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk.toString()}`));
  createInterface({ input: child.stdout }).on('line', (text) => {
    lines.push({ node, line: JSON.parse(text) as NodeLine, at: performance.now() });
    for (const wake of [...waiters]) wake();
  });
  child.on('close', () => (node.alive = false));
  return node;
}

/** The first line from `from` on matching `test`, waiting up to `ms`. */
async function next(from: number, test: (x: (typeof lines)[number]) => boolean, ms: number) {
  const until = performance.now() + ms;
  for (let i = from; ; ) {
    for (; i < lines.length; i++) if (test(lines[i] as (typeof lines)[number])) return { ...(lines[i] as (typeof lines)[number]), index: i };
    const left = until - performance.now();
    if (left <= 0) throw new Error(`nothing matching within ${ms} ms`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake(), left);
      const wake = () => {
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      waiters.add(wake);
    });
  }
}

const began = performance.now();
const phase = (what: string) => process.stderr.write(`${what} after ${Math.round(performance.now() - began)} ms\n`);
const server = await startTestServer({ name: 'chatroute_takeover', fsync: true });
phase('PostgreSQL up');
const nodes: Node[] = [];
try {
  const pool = new pg.Pool({ connectionString: server.connectionString, max: 4 });
  const written = await writeTail(createPostgresStore({ pool, shard: 'takeover', owner: 'writer', leaseTtlMs: TTL_MS }), TAIL, Date.now() - TAIL * 50);
  await pool.end();
  phase(`tail of ${written} entries written`);
  buildSync({ entryPoints: [fileURLToPath(new URL('./takeoverNode.ts', import.meta.url))], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, external: ['pg'], logLevel: 'error' });
  for (let i = 1; i <= 3; i++) nodes.push(spawnNode(server.connectionString, i));
  const recovery: number[] = [];
  const takeover: number[] = [];
  let lostAfterTakeover = 0;
  let id = 0;
  let owner = await next(0, (x) => x.line.k === 'owner', 120_000);
  phase('first owner serving');
  for (let kill = 0; kill <= KILLS; kill++) {
    // Serve for two TTLs at 20 commands/s: does this owner keep its lease?
    const servedFrom = owner.index;
    const holdUntil = performance.now() + 2 * TTL_MS;
    while (performance.now() < holdUntil && owner.node.alive) {
      owner.node.child.stdin.write(`${JSON.stringify({ id: ++id, cmd: { type: 'chat.start', queueId: 'q', customer: { name: `Live ${id}` } } })}\n`);
      await sleep(50);
    }
    const lost = lines.slice(servedFrom).some((x) => x.node === owner.node && x.line.k === 'stepped-down');
    if (kill > 0 && lost) lostAfterTakeover++;
    if (kill === KILLS) break;
    if (lost) owner = await next(owner.index + 1, (x) => x.line.k === 'owner', 120_000);
    const epoch = (owner.line as { epoch: number }).epoch;
    const killedAt = performance.now();
    const from = lines.length;
    owner.node.child.kill('SIGKILL');
    nodes.push(spawnNode(server.connectionString, nodes.length + 1));
    owner = await next(from, (x) => x.line.k === 'owner' && x.line.epoch > epoch, 120_000);
    takeover.push(owner.at - killedAt);
    recovery.push((owner.line as { recoveryMs: number }).recoveryMs);
    process.stderr.write(`kill ${kill + 1}/${KILLS}: acquire → serving ${recovery.at(-1)} ms, kill → owner ${Math.round(takeover.at(-1) as number)} ms\n`);
  }
  const summary = {
    tail: written,
    ttlMs: TTL_MS,
    kills: takeover.length,
    acquireToServingMedianMs: median(recovery),
    acquireToServingMaxMs: Math.max(...recovery),
    killToOwnerMedianMs: Math.round(median(takeover)),
    killToOwnerMaxMs: Math.round(Math.max(...takeover)),
    lostLeaseRightAfterTakeover: lostAfterTakeover,
  };
  console.log(JSON.stringify(summary));
} finally {
  for (const node of nodes) if (node.alive) node.child.kill('SIGKILL');
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
