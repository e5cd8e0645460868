import { createManualClock } from '../clock/createManualClock';
import type { ManualClock } from '../clock/types';
import { createEngine, type Engine } from '../index';
import type { EngineOptions } from '../index';
import { ChatrouteError } from '../errors/ChatrouteError';
import type { JournalEntry } from '../store/types';
import { readJournal, storeOf, type JournalSource, type ReadJournal } from './journalFile';

/** What {@link replayJournal} takes. */
export interface ReplayOptions {
  /** The journal: a store (only read), the text of a JSON-lines export, or records already read. */
  readonly journal: JournalSource;
  /** Replay the entries up to and including this sequence number. Default: the last one. */
  readonly to?: number;
  /**
   * Then move the replayed clock on to this time (timers due by then fire, as they would have live). Use it to
   * compare with a live engine queried later than its last input. Default: the time of entry `to`.
   */
  readonly at?: number;
  /** Engine options that are not in the journal (history store, retention, audit, inspect). */
  readonly engine?: Omit<Partial<EngineOptions>, 'store' | 'clock' | 'queues' | 'agents' | 'ids'>;
}

/** A journal replayed into an engine on a manual clock. */
export interface Replay {
  /** The engine, as the recorded one was after entry {@link Replay.seq}. It runs on: dispatch or advance the clock. */
  readonly engine: Engine;
  readonly clock: ManualClock;
  /** The last entry applied (the snapshot's when none after it was). */
  readonly seq: number;
  /** The first entry the journal can be replayed from is after this one (its snapshot's). */
  readonly snapshotSeq: number;
  /** The last entry in the journal. */
  readonly lastSeq: number;
  /** The entries applied, in order. */
  readonly entries: readonly JournalEntry[];
  /** Ids of the chats the engine answers for (live and retained finished ones), in creation order where known. */
  readonly chatIds: readonly string[];
  /** Ids of the agents, in configuration order. */
  readonly agentIds: readonly string[];
}

/** `chat-N` in creation order, other ids after them (in the order first seen). */
const order = (id: string) => (/^chat-\d+$/.test(id) ? Number(id.slice(5)) : Number.MAX_SAFE_INTEGER);

/** Chat ids the journal may have made: the snapshot's, explicit ones, and the generated `chat-N` up to the count. */
function candidateChatIds(journal: ReadJournal, entries: readonly JournalEntry[]): string[] {
  const ids = new Set<string>();
  for (const [id] of journal.snapshot.finished) ids.add(id);
  for (const chat of journal.snapshot.chats) ids.add(chat.id);
  let starts = 0;
  for (const entry of entries) {
    if (entry.input.kind !== 'command' || entry.input.command.type !== 'chat.start') continue;
    const explicit = entry.input.command.chatId;
    if (explicit !== undefined) ids.add(explicit);
    else starts++;
  }
  // Generated ids skip the ones already taken (by an explicit `chat-N`): count those in as possible skips.
  const generated = journal.snapshot.ids.chat + starts + ids.size;
  for (let n = journal.snapshot.ids.chat + 1; n <= generated; n++) ids.add(`chat-${n}`);
  return [...ids].sort((a, b) => order(a) - order(b));
}

/**
 * Replays a journal (the flight recorder) up to any sequence number into an engine on a manual clock, bit-exact:
 * it runs the engine's own recovery (the snapshot, then each journaled command and timer firing at its journaled
 * time) over a copy of the journal cut after entry `to`, so every query answers as the recorded engine's did right
 * after that entry. Replay can start no earlier than the journal's snapshot: a store compacts entries before its
 * latest snapshot (every `snapshotEvery` entries), so keep `snapshotEvery` above the window you want to replay.
 * Throws `ChatrouteError` `invalid-argument` for a `to` outside the journal and `store-corrupt` for damaged records.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { replayJournal } from 'chatroute/replay';
 * const { engine, chatIds } = replayJournal({ journal: readFileSync('incident.jsonl', 'utf8'), to: 420 });
 * for (const id of chatIds) console.log(id, engine.getChat(id)?.state);
 * ```
 */
export function replayJournal(options: ReplayOptions): Replay {
  const journal = readJournal(options.journal);
  const lastSeq = journal.entries.at(-1)?.seq ?? journal.snapshotSeq;
  const to = options.to ?? lastSeq;
  if (!Number.isInteger(to) || to < journal.snapshotSeq || to > lastSeq) {
    throw new ChatrouteError(
      'invalid-argument',
      `replayJournal: to must be an entry from ${journal.snapshotSeq} to ${lastSeq}${journal.snapshotSeq > 0 ? ` (entries before ${journal.snapshotSeq} were compacted into the snapshot)` : ''}, got ${String(to)}`,
    );
  }
  const entries = journal.entries.filter((e) => e.seq <= to);
  const start = entries.at(-1)?.at ?? journal.snapshot.at;
  if (options.at !== undefined && !(options.at >= start)) {
    throw new ChatrouteError('invalid-argument', `replayJournal: at must be >= ${start} (the time of entry ${to}), got ${String(options.at)}`);
  }
  const clock = createManualClock(start);
  // Recovery on a copy cut after `to`: the configuration comes from the snapshot, so queues and agents stay empty.
  const engine = createEngine({ ...options.engine, queues: [], agents: [], clock, store: storeOf(journal.records, to), snapshotEvery: Number.MAX_SAFE_INTEGER });
  if (options.at !== undefined) clock.advanceTo(options.at);
  const agentIds = new Set<string>(journal.snapshot.agents.map((a) => a.id));
  for (const entry of entries) if (entry.input.kind === 'command' && entry.input.command.type === 'agent.upsert') agentIds.add(entry.input.command.agent.id);
  return {
    engine,
    clock,
    seq: to,
    snapshotSeq: journal.snapshotSeq,
    lastSeq,
    entries,
    chatIds: candidateChatIds(journal, entries).filter((id) => engine.getChat(id) !== undefined),
    agentIds: [...agentIds].filter((id) => engine.getAgent(id) !== undefined),
  };
}
