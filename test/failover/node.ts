// One host node for one shard: waits for the shard's lease (polling), then opens the engine from PostgreSQL and
// serves commands from stdin, acknowledging each only once `dispatchDurable` resolved (its entry committed). When
// the lease is lost or a write is fenced it prints `stepped-down`, drops the engine and goes back to waiting.
// Run as `node node.cjs <connection string> <shard> <node name> <lease TTL ms> <snapshotEvery>` (the test bundles
// it to one CommonJS file, `pg` left to node_modules), so no top-level await.
import { createInterface } from 'node:readline';
import pg from 'pg';
import { openEngine, systemClock, type Clock, type DurableEngine } from '../../src/index';
import { createPostgresStore, type PostgresStore } from '../../src/postgres/index';
import { agents, dumpEngine, knownChats, queues, type Reply, type Request } from './scenario';

const [connectionString, shard, node, ttlText, snapshotEveryText] = process.argv.slice(2) as [string, string, string, string, string];
const leaseTtlMs = Number(ttlText);
// Writes to a pipe are synchronous on Linux: a printed ack is in the test's hands even if a kill follows at once.
const print = (reply: Reply): void => {
  process.stdout.write(`${JSON.stringify(reply)}\n`);
};
const pool = new pg.Pool({ connectionString, max: 4 });
pool.on('error', () => {}); // an idle connection cut by the server; the next query opens another

// The system clock, which a final dump pins so that every query in it (and the final snapshot) sees one instant.
let pinned: number | undefined;
const clock: Clock = { now: () => pinned ?? systemClock.now(), setTimeout: systemClock.setTimeout, clearTimeout: systemClock.clearTimeout };

interface Serving {
  readonly store: PostgresStore;
  readonly engine: DurableEngine;
  readonly epoch: number;
}
let serving: Serving | undefined;
let life = 0;

function stepDown(current: Serving, why: string): void {
  if (serving !== current) return;
  serving = undefined;
  print({ k: 'stepped-down', epoch: current.epoch, why });
  // Its memory is discarded; the next life reloads the shard from PostgreSQL like any other node.
  try {
    current.engine.stop();
  } catch {
    // stopped already (failed)
  }
  void current.store.close().catch(() => {});
  serveAgain();
}

async function serve(): Promise<void> {
  const store = createPostgresStore({ pool, shard, owner: `${node}#${++life}`, leaseTtlMs, renewEveryMs: Math.floor(leaseTtlMs / 4) });
  print({ k: 'standby', node });
  const epoch = (await store.acquire({ pollMs: Math.max(20, Math.floor(leaseTtlMs / 10)) })) as number;
  const started = performance.now();
  let current: Serving | undefined;
  const engine = await openEngine({
    store,
    clock,
    queues,
    agents,
    snapshotEvery: Number(snapshotEveryText),
    onFailed: (error) => {
      if (current !== undefined) stepDown(current, `write failed: ${error instanceof Error ? error.message : String(error)}`);
    },
  });
  current = { store, engine, epoch };
  serving = current;
  engine.events$.subscribe((e) => {
    if (serving === current) print({ k: 'ev', epoch, e });
  });
  store.onLost((error) => {
    if (current !== undefined) stepDown(current, error.message);
  });
  const recovered = dumpEngine(engine, knownChats(engine, []), clock.now());
  print({ k: 'owner', node, epoch, recoveryMs: Math.round(performance.now() - started), recovered });
}

async function handle(request: Request): Promise<void> {
  const current = serving;
  if (request.k === 'cmd') {
    if (current === undefined) return print({ k: 'nack', id: request.id, why: 'not the owner' });
    try {
      const r = await current.engine.dispatchDurable(request.cmd);
      print({ k: 'ack', id: request.id, epoch: current.epoch, r: r as unknown as { ok: boolean } });
    } catch (error) {
      print({ k: 'nack', id: request.id, why: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  if (current === undefined) return print({ k: 'nack', id: -1, why: 'not the owner' });
  await current.engine.flush();
  pinned = systemClock.now();
  const dump = dumpEngine(current.engine, knownChats(current.engine, request.chats), pinned);
  serving = undefined;
  await current.engine.close(); // stops at once (nothing fires after the dump): final snapshot, lease released
  await pool.end();
  // A long line goes out in pieces: exit only once all of it is in the pipe.
  process.stdout.write(`${JSON.stringify({ k: 'final', epoch: current.epoch, dump } satisfies Reply)}\n`, () => process.exit(0));
}

/** Serves until the shard is lost; a database error on the way (while taking or opening the shard) starts over. */
function serveAgain(): void {
  serve().catch((error: unknown) => {
    process.stderr.write(`${node}: ${error instanceof Error ? error.message : String(error)}\n`);
    globalThis.setTimeout(serveAgain, 100);
  });
}

createInterface({ input: process.stdin }).on('line', (line) => void handle(JSON.parse(line) as Request));
serveAgain();
