// One node of `npm run bench:takeover`: waits for the shard's lease, opens the engine from PostgreSQL (the long tail
// replays here), prints `owner` with how long acquire → serving took, serves commands from stdin, and prints
// `stepped-down` (with how long after serving) when its lease is lost, then waits for the shard again.
// Run as `node takeover-node.cjs <connection string> <shard> <node name> <lease TTL ms>` (bundled by the driver).
import { createInterface } from 'node:readline';
import pg from 'pg';
import { openEngine, systemClock, type DurableEngine } from '../src/index';
import { createPostgresStore } from '../src/postgres/index';
import { agents, queues, type NodeLine } from './takeoverScenario';

const [connectionString, shard, node, ttlText] = process.argv.slice(2) as [string, string, string, string];
const leaseTtlMs = Number(ttlText);
const print = (line: NodeLine): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};
const pool = new pg.Pool({ connectionString, max: 4 });
pool.on('error', () => {});

let serving: { engine: DurableEngine; epoch: number } | undefined;
let life = 0;

async function serve(): Promise<void> {
  const store = createPostgresStore({ pool, shard, owner: `${node}#${++life}`, leaseTtlMs, renewEveryMs: Math.floor(leaseTtlMs / 4) });
  const epoch = (await store.acquire({ pollMs: Math.max(20, Math.floor(leaseTtlMs / 10)) })) as number;
  const acquiredAt = performance.now();
  let current: { engine: DurableEngine; epoch: number } | undefined;
  const lose = (why: string) => {
    if (current === undefined || serving !== current) return;
    serving = undefined;
    print({ k: 'stepped-down', node, epoch, afterServingMs: Math.round(performance.now() - servedAt), why });
    current.engine.stop();
    void store.close().catch(() => {});
    again();
  };
  const engine = await openEngine({ store, clock: systemClock, queues, agents, snapshotEvery: 1_000_000_000, onFailed: (e) => lose(String(e)) });
  const servedAt = performance.now();
  current = { engine, epoch };
  serving = current;
  store.onLost((error) => lose(error.message));
  print({ k: 'owner', node, epoch, recoveryMs: Math.round(servedAt - acquiredAt) });
}

function again(): void {
  serve().catch((error: unknown) => {
    process.stderr.write(`${node}: ${error instanceof Error ? error.message : String(error)}\n`);
    globalThis.setTimeout(again, 100);
  });
}

createInterface({ input: process.stdin }).on('line', (text) => {
  const request = JSON.parse(text) as { id: number; cmd: unknown };
  const current = serving;
  if (current === undefined) return print({ k: 'nack', id: request.id });
  current.engine.dispatchDurable(request.cmd).then(
    (r) => print({ k: 'ack', id: request.id, ok: r.ok }),
    () => print({ k: 'nack', id: request.id }),
  );
});
again();
