#!/usr/bin/env node
// `chatroute-replay <journal.sqlite|journal.jsonl> [--to SEQ] [--at MS] [--chat ID] [--export-test out.test.ts]
// [--invariants [--minimize]] [--json]`: the flight recorder. Replays a journal into an engine on a manual clock up to an entry and
// prints the state there (every chat and agent, or one chat with its messages), or writes it out as a vitest test.
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import type { Engine } from '../index';
import type { AgentView } from '../model/agent';
import type { ChatView, Message } from '../model/chat';
import { ChatrouteError } from '../errors/ChatrouteError';
import type { JournalSource } from '../replay/journalFile';
import { replayJournal } from '../replay/replayJournal';
import { toTestCase } from '../replay/toTestCase';
import type { Store } from '../store/types';

const USAGE = 'usage: chatroute-replay <journal.sqlite|journal.jsonl> [--to SEQ] [--at MS] [--chat ID] [--export-test out.test.ts] [--invariants [--minimize]] [--json]';

interface Args {
  file: string;
  to?: number;
  at?: number;
  chat?: string;
  exportTest?: string;
  invariants: boolean;
  minimize: boolean;
  json: boolean;
}

function number(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n)) throw new Error(`${flag} takes a number\n${USAGE}`);
  return n;
}

function parseArgs(argv: string[]): Args {
  const args = [...argv];
  const parsed: Partial<Args> & { invariants: boolean; minimize: boolean; json: boolean } = { invariants: false, minimize: false, json: false };
  while (args.length > 0) {
    const arg = args.shift() as string;
    if (arg === '--to') parsed.to = number(arg, args.shift());
    else if (arg === '--at') parsed.at = number(arg, args.shift());
    else if (arg === '--chat') parsed.chat = args.shift();
    else if (arg === '--export-test') parsed.exportTest = args.shift();
    else if (arg === '--invariants') parsed.invariants = true;
    else if (arg === '--minimize') parsed.minimize = true;
    else if (arg === '--json') parsed.json = true;
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else if (parsed.file === undefined && !arg.startsWith('--')) parsed.file = arg;
    else throw new Error(`unexpected argument ${arg}\n${USAGE}`);
  }
  if (parsed.file === undefined) throw new Error(USAGE);
  return parsed as Args;
}

/** A JSON-lines export is read as text; anything else is opened as a SQLite store (only then is better-sqlite3 loaded). */
async function openJournal(file: string): Promise<{ source: JournalSource; close: () => void }> {
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.toString('latin1').startsWith('SQLite format 3')) return { source: readFileSync(file, 'utf8'), close: () => undefined };
  let createSqliteStore: (options: { path: string }) => Store;
  try {
    ({ createSqliteStore } = await import('../sqlite/index'));
  } catch (error) {
    throw new Error(`reading a SQLite journal needs better-sqlite3 (npm install better-sqlite3): ${(error as Error).message}`);
  }
  const store = createSqliteStore({ path: file });
  return { source: store, close: () => store.close() };
}

const time = (ms: number) => (ms > 1e11 ? `${ms} (epoch ms)` : `${ms} ms`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function chatLine(chat: ChatView, now: number): string {
  const who = chat.participants.map((p) => p.agentId).join(', ');
  const waiting = chat.state === 'queued' || chat.state === 'offered' ? ` waiting ${seconds(now - chat.enqueuedAt)}` : '';
  const offers = chat.offers.length > 0 ? ` offered to ${chat.offers.map((o) => o.agentId).join(', ')}` : '';
  return `  ${chat.id.padEnd(12)} ${chat.state.padEnd(9)} ${chat.queueId.padEnd(10)} ${chat.customer.name}${who !== '' ? ` with ${who}` : ''}${waiting}${offers}`;
}

function agentLine(agent: AgentView): string {
  const pause = agent.pause !== undefined ? ` (${agent.pause.reason}, ${agent.pause.paid ? 'paid' : 'unpaid'})` : '';
  const chats = agent.chats.length > 0 ? ` chats ${agent.chats.join(', ')}` : '';
  const offers = agent.offers.length > 0 ? ` offered ${agent.offers.map((o) => o.chatId).join(', ')}` : '';
  return `  ${agent.id.padEnd(12)} ${`${agent.state}${pause}`.padEnd(24)} ${agent.slotsUsed}/${agent.capacity} slots${chats}${offers}`;
}

function messageLine(m: Message): string {
  const from = m.from.kind === 'agent' ? m.from.agentId : m.from.kind;
  const files = m.attachments.length > 0 ? ` [${m.attachments.length} attachment(s)]` : '';
  return `  ${String(m.at).padStart(12)}  ${from.padEnd(10)} ${m.text}${files}`;
}

function report(engine: Engine, args: Args, replay: { seq: number; lastSeq: number; snapshotSeq: number; chatIds: readonly string[]; agentIds: readonly string[] }): string {
  const now = engine.clock.now();
  const where = { seq: replay.seq, lastSeq: replay.lastSeq, snapshotSeq: replay.snapshotSeq, at: now };
  if (args.chat !== undefined) {
    const chat = engine.getChat(args.chat);
    if (chat === undefined) throw new Error(`no chat ${args.chat} at entry ${replay.seq} (known: ${replay.chatIds.join(', ') || 'none'})`);
    const messages = engine.messages(args.chat, { audience: 'agents' });
    if (args.json) return JSON.stringify({ ...where, chat, messages }, null, 2);
    return [`entry ${replay.seq} of ${replay.lastSeq}, at ${time(now)}`, chatLine(chat, now), JSON.stringify(chat, null, 2), `messages (${messages.length}):`, ...messages.map(messageLine)].join('\n');
  }
  const chats = replay.chatIds.map((id) => engine.getChat(id) as ChatView);
  const agents = replay.agentIds.map((id) => engine.getAgent(id) as AgentView);
  const stats = engine.stats();
  if (args.json) return JSON.stringify({ ...where, stats, agents, chats }, null, 2);
  return [
    `entry ${replay.seq} of ${replay.lastSeq} (replayable from ${replay.snapshotSeq}), at ${time(now)}`,
    'queues:',
    ...stats.map((s) => `  ${s.queueId.padEnd(12)} waiting ${s.waiting}, longest ${seconds(s.longestWaitMs)}, offered ${s.offered}, answered ${s.answered}, abandoned ${s.abandoned}, service level ${(s.serviceLevel * 100).toFixed(1)} %`),
    `agents (${agents.length}):`,
    ...agents.map(agentLine),
    `chats (${chats.length}):`,
    ...chats.map((c) => chatLine(c, now)),
  ].join('\n');
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    const { source, close } = await openJournal(args.file);
    try {
      if (args.exportTest !== undefined) {
        const testCase = toTestCase(source, { ...(args.to !== undefined ? { upTo: args.to } : {}), invariants: args.invariants, minimize: args.minimize, ...(args.at !== undefined ? { at: args.at } : {}) });
        writeFileSync(args.exportTest, testCase.source);
        const why = testCase.failure !== undefined ? `, cut after the entry where ${testCase.failure.message}` : '';
        process.stderr.write(`wrote ${args.exportTest}: entries up to ${testCase.upTo}${why}\n`);
        // The state printed below is the one the test ends in.
        args.to = testCase.upTo;
      }
      const replay = replayJournal({ journal: source, ...(args.to !== undefined ? { to: args.to } : {}), ...(args.at !== undefined ? { at: args.at } : {}) });
      process.stdout.write(`${report(replay.engine, args, replay)}\n`);
      replay.engine.stop();
      return 0;
    } finally {
      close();
    }
  } catch (error) {
    const message = ChatrouteError.is(error) ? `${error.code}: ${error.message}` : (error as Error).message;
    process.stderr.write(`chatroute-replay: ${message}\n`);
    return 1;
  }
}

process.exitCode = await main();
