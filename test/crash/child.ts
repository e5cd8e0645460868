// A contact center on a SQLite file and the system clock, driven by a seeded random workload until the parent kills
// it (SIGKILL). Run with `node --import tsx test/crash/child.ts <db path> <seed> <known chat ids file>` (the test
// runs it bundled to one CommonJS file, to start in a fifth of the time), so no top-level await.
// Prints one JSON line per acknowledged command (only after dispatch returned), every event, and a dump of the
// state right after recovery and at the end of each quiet period. Writes to a pipe are synchronous on Linux, so a
// printed line is in the parent's hands even when the kill comes right after it.
import { readFileSync } from 'node:fs';
import { createEngine, createRandom, systemClock, type Command } from '../../src/index';
import { createSqliteHistory, createSqliteStore } from '../../src/sqlite/index';
import { BURST_MS, CONTACTS, QUIET_MS, SNAPSHOT_EVERY, agents, queues, type Dump, type Line } from './scenario';

const [path, seedText, knownFile] = process.argv.slice(2) as [string, string, string];
const random = createRandom(Number(seedText));
const print = (line: Line) => process.stdout.write(`${JSON.stringify(line)}\n`);

const engine = createEngine({
  clock: systemClock,
  store: createSqliteStore({ path }),
  history: createSqliteHistory({ path }),
  snapshotEvery: SNAPSHOT_EVERY,
  queues,
  agents,
});
engine.events$.subscribe((e) => print({ k: 'ev', e }));

const chats = new Set<string>(JSON.parse(readFileSync(knownFile, 'utf8')) as string[]);
// Chats started but never acknowledged (durable, then killed before the print) exist too: find them by their ids.
for (let n = 1, misses = 0; misses < 20; n++) {
  if (engine.getChat(`chat-${n}`) !== undefined) {
    chats.add(`chat-${n}`);
    misses = 0;
  } else misses++;
}

function dump(): Dump {
  const chatDumps: Record<string, Dump['chats'][string]> = {};
  for (const id of chats) {
    const view = engine.getChat(id);
    if (view !== undefined) chatDumps[id] = { view, messages: engine.messages(id).map((m) => [m.id, m.from.kind, m.at] as const) };
  }
  const agentViews: Record<string, Dump['agents'][string]> = {};
  for (const a of agents) agentViews[a.id] = engine.getAgent(a.id) as Dump['agents'][string];
  const history: Record<string, string[]> = {};
  for (const contactId of CONTACTS) history[contactId] = engine.history(contactId, { limit: 100_000 }).messages.map((m) => m.id);
  return { at: systemClock.now(), chats: chatDumps, agents: agentViews, history };
}

const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[Math.floor(random() * items.length)]);
const agentIds = agents.map((a) => a.id);

/** A plausible next command, from what the engine shows now (most succeed; some are refused, which is fine too). */
function nextCommand(): Command | { type: string; [k: string]: unknown } {
  const agentId = pick(agentIds) as string;
  const agent = engine.getAgent(agentId);
  const chatId = pick([...chats]);
  const roll = random();
  if (roll < 0.13) {
    const contactId = pick(CONTACTS) as string;
    return { type: 'chat.start', queueId: random() < 0.6 ? 'sales' : 'support', customer: { name: `Customer ${contactId}`, contactId } };
  }
  if (roll < 0.3) {
    const offered = agentIds.flatMap((id) => engine.getAgent(id)?.offers ?? []);
    const offer = pick(offered);
    if (offer !== undefined) return { type: random() < 0.8 ? 'offer.accept' : 'offer.reject', agentId: offer.agentId, chatId: offer.chatId };
  }
  if (roll < 0.42) {
    // Mostly to chats with an agent, so reminders are pending when the kill comes.
    const active = random() < 0.75 ? pick(agentIds.flatMap((id) => engine.getAgent(id)?.chats ?? [])) : chatId;
    if (active !== undefined) return { type: 'message.send', chatId: active, from: { kind: 'customer' }, text: `hello ${random().toFixed(4)}` };
  }
  const own = agent?.chats ?? [];
  const ownChat = pick(own);
  if (roll < 0.52 && ownChat !== undefined) return { type: 'message.send', chatId: ownChat, from: { kind: 'agent', agentId }, text: 'How can I help?' };
  if (roll < 0.6 && ownChat !== undefined) {
    const queueId = engine.getChat(ownChat)?.queueId;
    return { type: 'chat.setStatus', agentId, chatId: ownChat, status: queueId === 'support' ? 'resolved' : (pick(['resolved', 'spam']) as string) };
  }
  if (roll < 0.67 && ownChat !== undefined) return { type: 'chat.close', agentId, chatId: ownChat };
  if (roll < 0.7 && chatId !== undefined) return { type: 'customer.leave', chatId };
  if (roll < 0.73) {
    const waiting = pick(engine.waitingActivities(agentId));
    if (waiting !== undefined) return { type: 'chat.pick', agentId, chatId: waiting.chatId };
  }
  if (roll < 0.8) return { type: 'agent.login', agentId };
  if (roll < 0.87) return { type: 'agent.resume', agentId };
  if (roll < 0.9) return { type: 'agent.pause', agentId, reason: 'coffee', paid: random() < 0.5 };
  if (roll < 0.92) return { type: 'agent.logout', agentId };
  if (roll < 0.94) return { type: random() < 0.5 ? 'agent.leaveQueue' : 'agent.joinQueue', agentId, queueId: random() < 0.5 ? 'sales' : 'support' };
  if (roll < 0.95 && ownChat !== undefined) return { type: 'chat.read', agentId, chatId: ownChat };
  if (roll < 0.96) {
    // Configuration is journaled too: carol's capacity moves between 2 and 3 (lowered only when her slots allow, so
    // nobody is ever over capacity), and support's strategy changes.
    if (random() < 0.5) {
      const carol = agents.find((a) => a.id === 'carol') as (typeof agents)[number];
      const capacity = (engine.getAgent('carol')?.slotsUsed ?? 0) <= 2 && random() < 0.5 ? 2 : 3;
      return { type: 'agent.upsert', agent: { ...carol, capacity } };
    }
    const support = queues.find((q) => q.id === 'support') as (typeof queues)[number];
    return { type: 'queue.upsert', queue: { ...support, strategy: pick(['least-busy', 'round-robin', 'longest-idle'] as const) as 'least-busy' } };
  }
  if (roll < 0.98) return { type: 'chat.close', agentId: 'nobody', chatId: 'chat-0' }; // refused: never journaled
  return { type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' }, extra: true }; // invalid
}

let index = 0;
function step(): void {
  const cmd = nextCommand();
  const r = engine.dispatch(cmd);
  if (cmd.type === 'chat.start' && r.ok) chats.add((r as { chatId: string }).chatId);
  print({ k: 'ack', i: index++, at: systemClock.now(), cmd: cmd as { type: string }, r: r as { ok: boolean } });
}

const sleep = (ms: number) => new Promise<void>((resolve) => globalThis.setTimeout(resolve, ms));

async function main(): Promise<never> {
  print({ k: 'recovered', dump: dump() });
  for (;;) {
    // Timers due before this sleep ends fire before it (Node runs timers in order of due time): the parent relies
    // on that ordering rather than on wall-clock slack.
    const since = systemClock.now();
    await sleep(QUIET_MS);
    print({ k: 'settled', since, dump: dump() });
    const until = systemClock.now() + BURST_MS;
    while (systemClock.now() < until) {
      step();
      await sleep(Math.floor(random() * 8));
    }
  }
}

void main();
