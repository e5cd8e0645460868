import { readStore } from '../durability/recovery';
import type { EngineSnapshot } from '../durability/snapshotFormat';
import { ChatrouteError } from '../errors/ChatrouteError';
import { encodeEntry } from '../store/codec';
import { createMemoryStore } from '../store/createMemoryStore';
import { JOURNAL_FORMAT_VERSION, type JournalEntry, type Store, type StoredRecord } from '../store/types';

/**
 * Where a journal to replay comes from: a {@link Store} (read, never written), the text of a JSON-lines export
 * ({@link exportJournal}), or records already read.
 */
export type JournalSource = Store | string | JournalRecords;

/** A journal as stored: the snapshot it starts from and the entries after it, each still encoded with its checksum. */
export interface JournalRecords {
  readonly formatVersion: number;
  readonly snapshot: StoredRecord;
  readonly entries: readonly StoredRecord[];
}

/** A journal read and checked: the engine snapshot it starts from and the decoded entries after it. */
export interface ReadJournal {
  readonly records: JournalRecords;
  readonly snapshot: EngineSnapshot;
  /** The entry the snapshot was taken after (0 for a store's first snapshot: the seed configuration). */
  readonly snapshotSeq: number;
  readonly entries: readonly JournalEntry[];
}

const isStore = (source: JournalSource): source is Store => typeof (source as Store).load === 'function';

/**
 * A store's journal as JSON lines: a first line `{"format":1}`, then the snapshot as a stored record marked
 * `"snapshot":true`, then one stored record (`{"seq","body","crc"}`) per entry. Checksums travel with the records,
 * so a file edited or damaged on the way is caught when it is read back. The store is only read.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { exportJournal } from 'chatroute/replay';
 * writeFileSync('incident.jsonl', exportJournal(store)); // then: npx chatroute-replay incident.jsonl --to 420
 * ```
 */
export function exportJournal(store: Store): string {
  const records = readRecords(store);
  const lines = [JSON.stringify({ format: records.formatVersion }), JSON.stringify({ snapshot: true, ...records.snapshot })];
  for (const record of records.entries) lines.push(JSON.stringify({ seq: record.seq, body: record.body, crc: record.crc }));
  return `${lines.join('\n')}\n`;
}

function invalid(message: string): ChatrouteError {
  return new ChatrouteError('invalid-argument', message);
}

/**
 * Reads JSON lines: a `{"format":N}` line (optional), the snapshot (`{"snapshot":true,"seq","body","crc"}`), and
 * entries, each a stored record `{ seq, body, crc }` or a decoded entry `{ seq, at, input }` (encoded here, so a
 * hand-written or filtered file works too). Blank lines are skipped. An archive's segments are merged: the earliest
 * snapshot, each entry once (the last line for a seq wins), `{"truncateAfter":N}` drops what a repair dropped.
 */
function parseLines(text: string): JournalRecords {
  let formatVersion = JOURNAL_FORMAT_VERSION;
  let snapshot: StoredRecord | undefined;
  // By seq: an archive (createArchivingStore) repeats entries in each new segment, and a repaired tail is rewritten.
  const bySeq = new Map<number, StoredRecord>();
  const entries = {
    push(record: StoredRecord) {
      bySeq.set(record.seq, record);
    },
  };
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw invalid(`journal line ${i + 1} is not JSON`);
    }
    if (typeof value !== 'object' || value === null) throw invalid(`journal line ${i + 1} is not an object`);
    if (typeof value.format === 'number' && value.seq === undefined) formatVersion = value.format;
    else if (typeof value.truncateAfter === 'number') {
      for (const seq of bySeq.keys()) if (seq > (value.truncateAfter as number)) bySeq.delete(seq);
    } else if (value.snapshot === true && typeof value.body === 'string') {
      // The earliest snapshot: replay can start there and go through every entry after it.
      if (snapshot === undefined || (value.seq as number) < snapshot.seq) snapshot = { seq: value.seq as number, body: value.body, crc: value.crc as number };
    }
    else if (typeof value.body === 'string') entries.push({ seq: value.seq as number, body: value.body, crc: value.crc as number });
    else if (typeof value.seq === 'number' && typeof value.at === 'number' && typeof value.input === 'object') entries.push(encodeEntry(value as unknown as JournalEntry));
    else throw invalid(`journal line ${i + 1} is neither a stored record nor a journal entry`);
  });
  if (snapshot === undefined) throw invalid('the journal has no snapshot line ({"snapshot":true,...}): export it with exportJournal');
  const after = snapshot.seq;
  return { formatVersion, snapshot, entries: [...bySeq.values()].filter((r) => r.seq > after).sort((a, b) => a.seq - b.seq) };
}

/** The records of any source, as stored. */
export function readRecords(source: JournalSource): JournalRecords {
  if (typeof source === 'string') return parseLines(source);
  if (!isStore(source)) return source;
  const contents = source.load();
  if (contents.snapshot === null) throw invalid('the store holds no journal yet (no snapshot)');
  return { formatVersion: contents.formatVersion ?? JOURNAL_FORMAT_VERSION, snapshot: contents.snapshot, entries: [...contents.entries] };
}

/** A new memory store holding the snapshot and the entries up to `upTo`: what an engine recovers from. */
export function storeOf(records: JournalRecords, upTo = Number.POSITIVE_INFINITY): Store {
  const store = createMemoryStore();
  store.initialize(records.formatVersion);
  store.saveSnapshot(records.snapshot, { compact: false });
  const entries = records.entries.filter((r) => r.seq <= upTo);
  if (entries.length > 0) store.append(entries);
  return store;
}

/**
 * Reads and checks a journal the way recovery does (format version, snapshot and entry checksums, contiguous
 * sequence numbers): a damaged record is refused with `store-corrupt`, naming the last good entry.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { readJournal } from 'chatroute/replay';
 * const journal = readJournal(readFileSync('incident.jsonl', 'utf8'));
 * console.log(journal.snapshotSeq, journal.entries.length);
 * ```
 */
export function readJournal(source: JournalSource): ReadJournal {
  const records = readRecords(source);
  const recovery = readStore(storeOf(records), 'fail');
  return { records, snapshot: recovery.snapshot as EngineSnapshot, snapshotSeq: recovery.snapshotSeq, entries: recovery.entries };
}
