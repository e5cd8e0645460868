// Real crashes: a child process runs an engine on a SQLite file and the system clock, the parent kills it with
// SIGKILL at a random moment, starts another child on the same file, and checks what the new one recovered against
// every command the killed ones acknowledged. Runs in `npm test`; `CHATROUTE_DEEP=1` (npm run test:deep) kills more.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, createManualClock, createRandom } from '../../src/index';
import { createSqliteStore } from '../../src/sqlite/index';
import type { EngineEvent } from '../../src/index';
import { QUIET_MS, REJECT_COOLDOWN_MS, REMINDER_DELAY_MS, SNAPSHOT_EVERY, agents, queues, type Dump, type Line } from './scenario';

const deep = process.env.CHATROUTE_DEEP !== undefined && process.env.CHATROUTE_DEEP !== '';
/** Two lanes (files) in parallel; kills per lane. 2 × 26 = 52 kills in `npm test`. */
const LANES = 2;
const KILLS_PER_LANE = deep ? 150 : 26;
/** Seeds of the kill moments and workloads; set CHATROUTE_CRASH_SEED to vary them (failures name it). */
const SEED = Number(process.env.CHATROUTE_CRASH_SEED ?? 1_000);
/**
 * How late a timer may fire on a loaded machine (2 shared cores, the rest of the suite running) before we call it
 * late. Whether it fired at all is judged by order, not by wall time: in a child, a timer due before the end of a
 * quiet period fires before the `settled` line that ends it.
 */
const LATE_MS = 1_500;
/** Due times within this of the end of a quiet period are too close to call by order (millisecond rounding). */
const MARGIN_MS = 10;
/** The longest a child may take to start and recover (a liveness bound: generous for a loaded machine). */
const START_TIMEOUT_MS = 60_000;

const root = fileURLToPath(new URL('../..', import.meta.url));
const childPath = fileURLToPath(new URL('./child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chatroute-crash-'));
const bundle = join(dir, 'child.cjs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The child as one CommonJS file (better-sqlite3 left to node_modules via NODE_PATH): it starts in ~0.1 s instead of
// ~0.6 s through the tsx loader, which is most of a life; the code run is the same source.
beforeAll(() => {
  buildSync({ entryPoints: [childPath], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, external: ['better-sqlite3'], logLevel: 'error' });
});

/** What the parent knows: only what acknowledged lines and printed events told it. */
interface Model {
  /** Every acknowledged chat.start's chatId, in order (a duplicate is a bug). */
  readonly started: string[];
  readonly chats: Map<string, { closed: boolean; left: boolean; taken: boolean; status?: string; messages: Set<string> }>;
  /** Offer refusals (rejected or missed) seen, for the cooldown check: `${chatId} ${agentId}` → time. */
  readonly refusals: Map<string, number>;
}

interface Life {
  readonly lines: Line[];
  readonly killAt: number;
  readonly exitSignal: NodeJS.Signals | null;
  readonly stderr: string;
}

const failures: string[] = [];
const fail = (lane: number, life: number, message: string) => failures.push(`seed ${SEED}, lane ${lane}, life ${life}: ${message}`);
const tally = { kills: 0, acks: 0, recoveries: 0, offersPendingAtRecovery: 0, expiredAfterRestart: 0, remindersAfterRestart: 0, settledChecks: 0, eventLogChecked: 0 };

/**
 * Runs one child until it is killed: `killAfterMs` after its recovery line, or after spawn when `early`; with a
 * `target`, sooner: `delayMs` after the first offer (or customer message) of its burst, so that timers are pending.
 */
function live(db: string, seed: number, knownFile: string, killAfterMs: number, early: boolean, target?: { readonly delayMs: number; readonly on: 'offer' | 'message' }): Promise<Life> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, db, String(seed), knownFile], {
      cwd: root,
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Line[] = [];
    let stderr = '';
    let killAt = Number.POSITIVE_INFINITY;
    let targeted = false;
    const kill = () => {
      if (killAt !== Number.POSITIVE_INFINITY) return;
      killAt = Date.now();
      child.kill('SIGKILL');
    };
    const startTimer = setTimeout(kill, START_TIMEOUT_MS);
    if (early) setTimeout(kill, killAfterMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const reader = createInterface({ input: child.stdout });
    reader.on('line', (text) => {
      const line = JSON.parse(text) as Line;
      lines.push(line);
      if (line.k === 'recovered') {
        clearTimeout(startTimer);
        if (!early) setTimeout(kill, killAfterMs);
      }
      const pending =
        target?.on === 'offer'
          ? line.k === 'ev' && line.e.type === 'offer.created'
          : line.k === 'ack' && line.r.ok && line.cmd.type === 'message.send' && (line.cmd.from as { kind: string }).kind === 'customer';
      if (target !== undefined && pending && lines.some((l) => l.k === 'settled') && !targeted) {
        targeted = true;
        setTimeout(kill, target.delayMs);
      }
    });
    child.on('error', reject);
    // 'close' comes after stdout has ended, so every line the child wrote is in `lines`.
    child.on('close', (_code, signal) => {
      clearTimeout(startTimer);
      resolve({ lines, killAt: Math.min(killAt, Date.now()), exitSignal: signal, stderr });
    });
  });
}

/** Agents and chats agree; nobody is over capacity; every acknowledged effect is there. */
function checkDump(lane: number, life: number, what: string, dump: Dump, model: Model): void {
  const say = (m: string) => fail(lane, life, `${what}: ${m}`);
  for (const agent of Object.values(dump.agents)) {
    if (agent.slotsUsed > agent.capacity) say(`${agent.id} uses ${agent.slotsUsed} of ${agent.capacity} slots`);
    if (agent.slotsUsed !== agent.chats.length + agent.offers.length) say(`${agent.id}: slotsUsed ${agent.slotsUsed} ≠ chats + offers`);
    if (new Set(agent.chats).size !== agent.chats.length) say(`${agent.id} holds a chat twice: ${agent.chats.join(', ')}`);
    for (const chatId of agent.chats) {
      const chat = dump.chats[chatId]?.view;
      if (chat === undefined) say(`${agent.id} holds ${chatId}, which getChat does not know`);
      else if (!['active', 'closing'].includes(chat.state) || !chat.participants.some((p) => p.agentId === agent.id)) {
        say(`${agent.id} holds ${chatId}, but getChat says ${chat.state} with ${chat.participants.map((p) => p.agentId).join(', ')}`);
      }
    }
    for (const offer of agent.offers) {
      const chat = dump.chats[offer.chatId]?.view;
      if (chat === undefined || !chat.offers.some((o) => o.id === offer.id)) say(`${agent.id} has offer ${offer.id} that ${offer.chatId} does not show`);
    }
  }
  for (const [chatId, { view, messages }] of Object.entries(dump.chats)) {
    for (const p of view.participants) {
      if (['active', 'closing'].includes(view.state) && !dump.agents[p.agentId]?.chats.includes(chatId)) say(`${chatId} has ${p.agentId}, whose agent view lacks it`);
    }
    for (const offer of view.offers) {
      if (!dump.agents[offer.agentId]?.offers.some((o) => o.id === offer.id)) say(`${chatId} shows offer ${offer.id} its agent does not`);
    }
    if (new Set(messages.map((m) => m[0])).size !== messages.length) say(`${chatId} has a message twice`);
  }
  for (const [chatId, expected] of model.chats) {
    const found = dump.chats[chatId];
    if (found === undefined) {
      say(`acknowledged chat ${chatId} is lost`);
      continue;
    }
    const { view } = found;
    const ids = new Set(found.messages.map((m) => m[0]));
    for (const id of expected.messages) if (!ids.has(id)) say(`acknowledged message ${id} of ${chatId} is lost`);
    if (expected.closed && view.state !== 'closed') say(`acknowledged close of ${chatId}, but it is ${view.state}`);
    if (expected.left && !['abandoned', 'closing', 'closed'].includes(view.state)) say(`acknowledged customer.leave of ${chatId}, but it is ${view.state}`);
    if (expected.taken && !['active', 'closing', 'closed'].includes(view.state)) say(`acknowledged accept/pick of ${chatId}, but it is ${view.state}`);
    if (expected.status !== undefined && view.status === undefined) say(`acknowledged status of ${chatId} is lost`);
  }
  // Transcripts go to the SQLite history once per chat, even when a replay records a chat again.
  for (const [contactId, ids] of Object.entries(dump.history)) {
    if (new Set(ids).size !== ids.length) say(`history of ${contactId} holds a message twice`);
  }
  const inHistory = new Set(Object.values(dump.history).flat());
  for (const [chatId, expected] of model.chats) {
    if (expected.closed) for (const id of expected.messages) if (!inHistory.has(id)) say(`message ${id} of closed ${chatId} is not in the history`);
  }
}

/** At the end of a quiet period no chat may wait while an agent could take it: a lost cooldown or deadline shows here. */
function checkSettled(lane: number, life: number, since: number, dump: Dump, model: Model): void {
  for (const { view } of Object.values(dump.chats)) {
    if (view.state !== 'queued') continue;
    for (const agent of Object.values(dump.agents)) {
      const eligible =
        agent.state === 'ready' &&
        agent.offers.length === 0 &&
        agent.slotsUsed < agent.capacity &&
        agent.queues.some((q) => q.queueId === view.queueId && q.loggedIn);
      // A cooldown due before the quiet period's end has ended by now, and the routing it triggers has run.
      const refusedAt = model.refusals.get(`${view.id} ${agent.id}`) ?? Number.NEGATIVE_INFINITY;
      if (eligible && refusedAt + REJECT_COOLDOWN_MS < since + QUIET_MS - MARGIN_MS) {
        fail(lane, life, `settled: ${view.id} is queued in ${view.queueId} while ${agent.id} is free for it (a routing or cooldown timer was lost)`);
      }
    }
  }
}

/** Timers pending at recovery fire after it: offer deadlines and reminders. */
function checkTimersAfterRecovery(lane: number, life: number, lines: readonly Line[], recovered: Dump, previousKillAt: number, killAt: number): void {
  const recoveredIndex = lines.findIndex((l) => l.k === 'recovered');
  const settledIndex = lines.findIndex((l) => l.k === 'settled');
  const quiet = settledIndex === -1 ? [] : lines.slice(recoveredIndex + 1, settledIndex);
  const after = lines.slice(recoveredIndex + 1);
  const eventsOf = (ls: readonly Line[]) => ls.flatMap((l) => (l.k === 'ev' ? [l.e] : []));
  // Until the first `settled` line nothing but timers acts; the sleep that ends it was due at recovery + QUIET_MS.
  const quietEnd = settledIndex === -1 ? Number.NEGATIVE_INFINITY : recovered.at + QUIET_MS - MARGIN_MS;
  for (const agent of Object.values(recovered.agents)) {
    for (const offer of agent.offers) {
      tally.offersPendingAtRecovery++;
      const due = Math.max(offer.expiresAt, recovered.at);
      let end: EngineEvent | undefined;
      if (offer.expiresAt < quietEnd) {
        end = eventsOf(quiet).find((e) => 'offerId' in e && e.offerId === offer.id);
        if (end === undefined) fail(lane, life, `offer ${offer.id} (expires ${offer.expiresAt}) pending at recovery did not expire after it`);
      } else if (due + LATE_MS < killAt) {
        // Expiring after the quiet period: a command may end it first; any end will do, an expiry on time.
        end = eventsOf(after).find((e) => 'offerId' in e && e.offerId === offer.id);
        if (end === undefined) fail(lane, life, `offer ${offer.id} (expires ${offer.expiresAt}) pending at recovery never ended`);
      }
      if (end?.type === 'offer.expired') {
        if (end.at > due + LATE_MS) fail(lane, life, `offer ${offer.id} expired ${end.at - offer.expiresAt} ms late`);
        tally.expiredAfterRestart++;
      }
    }
  }
  for (const { view, messages } of Object.values(recovered.chats)) {
    if (view.state !== 'active' || view.participants.length === 0) continue;
    const lastAgent = messages.map((m) => m[1]).lastIndexOf('agent');
    const firstUnanswered = messages.slice(lastAgent + 1).find((m) => m[1] === 'customer');
    if (firstUnanswered === undefined) continue;
    const activeSince = Math.min(...view.participants.map((p) => p.joinedAt));
    const dueAt = Math.max(firstUnanswered[2], activeSince) + REMINDER_DELAY_MS;
    // Due after the previous child died, so it cannot have fired there; due within the quiet period, so it must have
    // fired here before the `settled` line.
    if (dueAt <= previousKillAt || dueAt >= quietEnd) continue;
    const reminder = eventsOf(quiet).find((e) => e.type === 'reminder' && e.chatId === view.id);
    if (reminder === undefined) fail(lane, life, `reminder of ${view.id} due at ${dueAt} did not fire after recovery`);
    else if (reminder.at > Math.max(dueAt, recovered.at) + LATE_MS) fail(lane, life, `reminder of ${view.id} fired ${reminder.at - dueAt} ms late`);
    else tally.remindersAfterRestart++;
  }
}

/** Folds a life's lines into the model; checks its dumps. */
function absorb(lane: number, life: number, lines: readonly Line[], model: Model): void {
  for (const line of lines) {
    if (line.k === 'recovered') {
      tally.recoveries++;
      checkDump(lane, life, 'recovered', line.dump, model);
      // A chat started durably but killed before its acknowledgement: recovered once, it must stay.
      for (const chatId of Object.keys(line.dump.chats)) {
        if (!model.chats.has(chatId)) {
          model.started.push(chatId);
          model.chats.set(chatId, { closed: false, left: false, taken: false, messages: new Set() });
        }
      }
    } else if (line.k === 'settled') {
      tally.settledChecks++;
      checkDump(lane, life, 'settled', line.dump, model);
      checkSettled(lane, life, line.since, line.dump, model);
    } else if (line.k === 'ev') {
      const e = line.e;
      if (e.type === 'offer.rejected' || e.type === 'offer.expired') model.refusals.set(`${e.chatId} ${e.agentId}`, e.at);
    } else if (line.r.ok) {
      tally.acks++;
      const cmd = line.cmd as { type: string; chatId?: string };
      const chatId = cmd.type === 'chat.start' ? (line.r.chatId as string) : cmd.chatId;
      if (chatId === undefined) continue;
      if (cmd.type === 'chat.start') {
        if (model.chats.has(chatId)) fail(lane, life, `chat.start acknowledged ${chatId} a second time`);
        model.started.push(chatId);
        model.chats.set(chatId, { closed: false, left: false, taken: false, messages: new Set() });
      }
      const chat = model.chats.get(chatId);
      if (chat === undefined) continue; // a chat whose start was durable but never acknowledged
      if (cmd.type === 'message.send') chat.messages.add(line.r.messageId as string);
      if (cmd.type === 'chat.close') chat.closed = true;
      if (cmd.type === 'customer.leave') chat.left = true;
      if (cmd.type === 'offer.accept' || cmd.type === 'chat.pick') chat.taken = true;
      if (cmd.type === 'chat.setStatus') chat.status = String(line.cmd.status);
    }
  }
}

async function runLane(lane: number): Promise<void> {
  const db = join(dir, `lane-${lane}.db`);
  const knownFile = join(dir, `lane-${lane}-known.json`);
  const random = createRandom(SEED + lane);
  const model: Model = { started: [], chats: new Map(), refusals: new Map() };
  let previousKillAt = Number.NEGATIVE_INFINITY;
  const published: EngineEvent[] = [];
  for (let life = 1; life <= KILLS_PER_LANE + 1; life++) {
    writeFileSync(knownFile, JSON.stringify(model.started));
    const last = life === KILLS_PER_LANE + 1;
    // Mostly at a random moment; one life in eight during startup and recovery; about one in four right after an
    // offer or a customer message (a deadline or reminder pending at the kill); the last after a full quiet period.
    const early = !last && random() < 0.125;
    const killAfterMs = last ? QUIET_MS + 300 : early ? 150 + random() * 600 : random() * 1_400;
    const target = !last && !early && random() < 0.3 ? random() < 0.5 ? { delayMs: random() * 30, on: 'offer' as const } : { delayMs: random() * 120, on: 'message' as const } : undefined;
    const result = await live(db, SEED * 1_000 + lane * 100_000 + life, knownFile, target !== undefined ? 5_000 : killAfterMs, early, target);
    if (result.exitSignal !== 'SIGKILL') fail(lane, life, `child ended by itself (${String(result.exitSignal)}): ${result.stderr.slice(0, 2_000)}`);
    tally.kills++;
    absorb(lane, life, result.lines, model);
    for (const line of result.lines) if (line.k === 'ev') published.push(line.e);
    const recovered = result.lines.find((l): l is Extract<Line, { k: 'recovered' }> => l.k === 'recovered');
    if (recovered !== undefined) checkTimersAfterRecovery(lane, life, result.lines, recovered.dump, previousKillAt, result.killAt);
    else if (!early) fail(lane, life, `no recovery line within ${START_TIMEOUT_MS} ms: ${result.stderr.slice(0, 2_000)}`);
    if (last && !result.lines.some((l) => l.k === 'settled')) fail(lane, life, 'the last life never reached a settled dump');
    previousKillAt = result.killAt;
    if (failures.length > 20) return;
  }
  await checkEventLog(lane, db, published);
}

/**
 * Issue 18: the event log of the file, read by a fresh engine, holds every event any life published, byte for byte at
 * its seq, each seq once, with no gap.
 */
async function checkEventLog(lane: number, db: string, published: readonly EngineEvent[]): Promise<void> {
  const engine = createEngine({ clock: createManualClock(Date.now()), store: createSqliteStore({ path: db }), queues, agents, snapshotEvery: SNAPSHOT_EVERY });
  const log: EngineEvent[] = [];
  for (let seq = 0; ; ) {
    const page = await engine.eventsAfter(seq, { limit: 10_000 });
    if (!page.ok) {
      fail(lane, 0, `eventsAfter(${seq}): ${page.error.message}`);
      return;
    }
    if (page.events.length === 0) break;
    log.push(...page.events);
    seq = (page.events[page.events.length - 1] as EngineEvent).seq;
  }
  log.forEach((e, i) => {
    if (e.seq !== i + 1) fail(lane, 0, `event log: seq ${e.seq} at position ${i + 1}`);
  });
  const seen = new Set<number>();
  for (const e of published) {
    if (seen.has(e.seq)) fail(lane, 0, `event ${e.seq} was published twice`);
    seen.add(e.seq);
    if (JSON.stringify(log[e.seq - 1]) !== JSON.stringify(e)) fail(lane, 0, `event ${e.seq} differs in the log: ${JSON.stringify(log[e.seq - 1])} vs published ${JSON.stringify(e)}`);
  }
  tally.eventLogChecked += published.length;
}

describe('crash recovery with kill -9 on SQLite', () => {
  it(`recovers every acknowledged command after ${LANES * (KILLS_PER_LANE + 1)} SIGKILLs, and its timers still fire`, { timeout: deep ? 900_000 : 400_000 }, async () => {
    await Promise.all(Array.from({ length: LANES }, (_, lane) => runLane(lane)));
    console.log(`crash test: ${JSON.stringify(tally)}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(tally.kills).toBeGreaterThanOrEqual(50);
    // Not vacuous: commands were acknowledged, recoveries checked, and timers pending at a crash fired afterwards.
    expect(tally.acks).toBeGreaterThan(5 * tally.kills);
    expect(tally.recoveries).toBeGreaterThan(tally.kills / 2);
    expect(tally.settledChecks).toBeGreaterThan(tally.kills / 4);
    expect(tally.expiredAfterRestart).toBeGreaterThan(0);
    expect(tally.remindersAfterRestart).toBeGreaterThan(0);
    expect(tally.eventLogChecked).toBeGreaterThan(tally.acks);
  });
});
