// Failover on PostgreSQL: three host nodes (child processes) compete for one shard's lease; the test sends a workload
// of customers and agents to whoever owns it, kills the owner with SIGKILL at random moments, and checks after
// every takeover and at the end that every acknowledged command is there, nothing is lost, duplicated or double-
// owned, nobody is over capacity and offer deadlines still fire. Fencing: a frozen owner (SIGSTOP) is overtaken and,
// resumed, writes nothing and steps down. Equivalence: a shard recovered from PostgreSQL answers every query as the
// engine that wrote it. Runs in `npm test`; `CHATROUTE_DEEP=1` (npm run test:deep) kills more.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, openEngine } from '../../src/index';
import { createPostgresStore } from '../../src/postgres/index';
import type { AsyncStore } from '../../src/store/types';
import { startTestServer, type TestServer } from '../postgres/server';
import { Cluster } from './cluster';
import { agents, dumpEngine, knownChats, OFFER_TIMEOUT_MS, queues, type Reply } from './scenario';

const deep = process.env.CHATROUTE_DEEP !== undefined && process.env.CHATROUTE_DEEP !== '';
const KILLS = Number(process.env.CHATROUTE_FAILOVER_KILLS ?? (deep ? 100 : 20));
const SEED = Number(process.env.CHATROUTE_FAILOVER_SEED ?? 7);
/** A short lease, so a dead owner blocks the shard briefly: renewed every TTL/4 by its holder. */
const LEASE_TTL_MS = 1_200;
/**
 * How late an offer deadline may fire on a loaded 2-core machine before we call it lost. Kill-to-owner times are
 * reported, not asserted: how fast is `npm run bench:takeover`'s business; here each takeover must happen (within
 * waitForOwner's liveness bound).
 */
const LATE_MS = 5_000;

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chatroute-failover-'));
const bundle = join(dir, 'node.cjs');
let server: TestServer;
let pool: pg.Pool;

beforeAll(async () => {
  // The node as one CommonJS file (pg left to node_modules): it starts in a fraction of the tsx loader's time.
  buildSync({ entryPoints: [fileURLToPath(new URL('./node.ts', import.meta.url))], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, external: ['pg'], logLevel: 'error' });
  server = await startTestServer();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 4 });
  pool.on('error', () => {}); // idle connections cut when the server stops
}, 180_000);
afterAll(async () => {
  await pool?.end();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** A read-only view of a shard for a verifier: loads from PostgreSQL without taking the lease; writes go nowhere. */
function readOnly(shard: string): AsyncStore {
  const source = createPostgresStore({ pool, shard, owner: 'verifier' });
  const archive = source.events as NonNullable<AsyncStore['events']>;
  return {
    async: true,
    load: () => source.load(),
    initialize: async () => {},
    append: async () => {},
    saveSnapshot: async () => {},
    truncateAfter: async () => {},
    close: () => source.close(),
    events: { readEvents: (after, limit) => archive.readEvents(after, limit), eventRange: () => archive.eventRange(), appendEvents: async () => {}, pruneEvents: async () => {}, rewriteEvents: async () => 0 },
  };
}

/** Ends a run: a quiet period (only timers act), then the owner's final dump and stop; compared with a recovery. */
async function finish(cluster: Cluster, shard: string): Promise<void> {
  await sleep(OFFER_TIMEOUT_MS + LATE_MS);
  const owner = cluster.owner ?? { node: (await cluster.waitForOwner(0, 60_000)).node };
  const final = cluster.waitFor((_n, r): r is Extract<Reply, { k: 'final' }> => r.k === 'final', 60_000, 'final dump');
  cluster.send(owner.node, { k: 'final', chats: cluster.started });
  const { reply } = await final.catch((error: unknown) => {
    throw new Error(`${String(error)}; ${owner.node.name} stderr: ${owner.node.stderr}`);
  });
  cluster.checkDump('final', reply.dump);
  // Offer deadlines still fire: after a quiet period longer than the offer timeout, no offer is overdue.
  for (const agent of Object.values(reply.dump.agents)) {
    for (const offer of agent.offers) {
      if (offer.expiresAt < reply.dump.at - LATE_MS) cluster.failures.push(`final: offer ${offer.id} expired at ${offer.expiresAt} but is still pending at ${reply.dump.at}`);
    }
  }
  // Equivalence: the shard recovered from PostgreSQL on a manual clock at the dump's instant answers the same.
  const recovered = await openEngine({ store: readOnly(shard), clock: createManualClock(reply.dump.at), queues, agents });
  const again = dumpEngine(recovered, knownChats(recovered, cluster.started), reply.dump.at);
  // Issue 18: the event log (archive + replay) holds every event any owner published, byte for byte at its seq.
  const log: Array<{ seq: number }> = [];
  for (let seq = 0; ; ) {
    const page = await recovered.eventsAfter(seq, { limit: 10_000 });
    if (!page.ok) throw new Error(page.error.message);
    if (page.events.length === 0) break;
    log.push(...page.events);
    seq = (page.events[page.events.length - 1] as { seq: number }).seq;
  }
  recovered.stop();
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
  const seqs = new Set<number>();
  for (const e of cluster.published) {
    expect(seqs.has(e.seq), `event ${e.seq} published twice`).toBe(false);
    seqs.add(e.seq);
    expect(JSON.stringify(log[e.seq - 1]), `event ${e.seq}`).toBe(JSON.stringify(e));
  }
  expect(cluster.published.length).toBeGreaterThan(0);
  expect(JSON.stringify(again)).toBe(JSON.stringify(reply.dump));
}

describe('failover on PostgreSQL', () => {
  it(`serves a shard through ${KILLS} kill -9s of its owner, losing nothing acknowledged`, { timeout: deep ? 900_000 : 400_000 }, async () => {
    const shard = 'center';
    const cluster = new Cluster({ bundle, root, connectionString: server.connectionString, shard, leaseTtlMs: LEASE_TTL_MS, snapshotEvery: 40, seed: SEED });
    const random = cluster.random;
    const failoverMs: number[] = [];
    try {
      for (let i = 0; i < 3; i++) cluster.spawnNode();
      let { reply } = await cluster.waitForOwner(0, 60_000);
      for (let kill = 1; kill <= KILLS; kill++) {
        // Serve for a random while; a third of the kills land right after an offer, its deadline pending.
        const targeted = random() < 0.35;
        if (targeted) {
          await cluster.load(150 + random() * 300);
          const offer = cluster.waitFor((_n, r): r is Extract<Reply, { k: 'ev' }> => r.k === 'ev' && r.e.type === 'offer.created', 3_000, 'an offer').catch(() => undefined);
          const loading = cluster.load(3_000);
          await offer;
          await sleep(random() * 40);
          void loading;
        } else {
          await cluster.load(200 + random() * 1_000);
        }
        const victim = cluster.owner;
        if (victim === undefined) {
          ({ reply } = await cluster.waitForOwner(reply.epoch, 60_000));
          continue;
        }
        const next = cluster.waitForOwner(victim.epoch, 60_000);
        const killedAt = Date.now();
        victim.node.child.kill('SIGKILL');
        cluster.owner = undefined;
        cluster.spawnNode(); // a replacement standby, as an orchestrator would start
        const took = await next;
        reply = took.reply;
        failoverMs.push(took.at - killedAt);
      }
      await cluster.load(500);
      await finish(cluster, shard);
    } finally {
      cluster.killAll();
    }
    const summary = {
      kills: failoverMs.length,
      failoverMedianMs: median(failoverMs),
      failoverMaxMs: Math.max(...failoverMs),
      recoveryMedianMs: median(cluster.owners.map((o) => o.recoveryMs)),
      ...cluster.tally,
    };
    console.log(`failover test: ${JSON.stringify(summary)}`);
    expect(cluster.failures.slice(0, 20)).toEqual([]);
    expect(failoverMs.length).toBe(KILLS);
    // Not vacuous: commands were acknowledged across owners, and deadlines survived takeovers.
    expect(new Set(cluster.acks.map((a) => a.epoch)).size).toBeGreaterThan(KILLS / 2);
    expect(cluster.acks.filter((a) => a.r.ok).length).toBeGreaterThan(10 * KILLS);
    expect(cluster.tally.expiredAfterTakeover).toBeGreaterThan(0);
  });

  it('fences a frozen owner: overtaken while stopped, resumed, it writes nothing, steps down, and every ack is in the journal', { timeout: 300_000 }, async () => {
    const shard = 'fenced';
    // No compaction before the end, so the journal holds every acknowledged input to compare with.
    const cluster = new Cluster({ bundle, root, connectionString: server.connectionString, shard, leaseTtlMs: LEASE_TTL_MS, snapshotEvery: 1_000_000, seed: SEED + 1 });
    try {
      for (let i = 0; i < 3; i++) cluster.spawnNode();
      const first = await cluster.waitForOwner(0, 60_000);
      await cluster.load(800);
      const frozen = first.node;
      frozen.child.kill('SIGSTOP');
      const frozenAt = Date.now();
      // Clients keep sending to the frozen owner until another node reports it owns the shard.
      const loading = cluster.load(600);
      const second = await cluster.waitForOwner(first.reply.epoch, 60_000);
      await loading;
      expect(second.node).not.toBe(frozen);
      await cluster.load(800);
      const steppedDown = cluster.waitFor((n, r): r is Extract<Reply, { k: 'stepped-down' }> => n === frozen && r.k === 'stepped-down', 60_000, 'the frozen owner stepping down');
      const resumedAt = Date.now();
      frozen.child.kill('SIGCONT');
      const down = await steppedDown;
      expect(down.reply.epoch).toBe(first.reply.epoch);
      await cluster.load(400);
      await sleep(300); // let in-flight acks arrive
      // Whatever the old owner acknowledged after it resumed came from batches committed before the takeover.
      const lateAcks = frozen.replies.filter((x) => x.at >= resumedAt && x.reply.k === 'ack');
      expect(lateAcks.every((x) => (x.reply as { epoch: number }).epoch === first.reply.epoch)).toBe(true);
      // Every ack any node printed is in the journal: chats by their customer, messages by their text.
      const rows = await pool.query<{ body: string }>('SELECT body FROM chatroute_journal WHERE shard = $1 ORDER BY seq', [shard]);
      const journal = rows.rows.map((r) => r.body).join('\n');
      let checked = 0;
      for (const ack of cluster.acks.filter((a) => a.r.ok)) {
        const marker = ack.cmd.type === 'chat.start' ? `"Customer ${ack.id}"` : ack.cmd.type === 'message.send' ? `"${String(ack.cmd.text)}"` : undefined;
        if (marker === undefined) continue;
        checked++;
        if (!journal.includes(marker)) cluster.failures.push(`ack ${ack.id} (${ack.cmd.type}, epoch ${ack.epoch} from ${ack.node}) is not in the journal`);
      }
      expect(checked).toBeGreaterThan(20);
      // The stale owner's epoch never wrote after the new owner's took over: the journal's rows past the takeover
      // came from the new owner (its recovery dump saw everything the old one acknowledged).
      await finish(cluster, shard);
      console.log(`fencing test: ${JSON.stringify({ frozenAt, overtakenAfterMs: second.at - frozenAt, stepDownAfterResumeMs: down.at - resumedAt, checked, lateAcks: lateAcks.length, ...cluster.tally })}`);
    } finally {
      cluster.killAll();
    }
    expect(cluster.failures.slice(0, 20)).toEqual([]);
  });
});
