import { ChatrouteError } from '../errors/ChatrouteError';
import { corrupt, decodeEntry, decodeSnapshot, encodeEntry, encodeSnapshot } from '../store/codec';
import { JOURNAL_FORMAT_VERSION, type JournalEntry, type JournalInput, type Store, type StoreContents } from '../store/types';
import type { Command } from '../model/commands';
import type { EngineCore, InputJournal } from './EngineCore';
import { captureSnapshot, SNAPSHOT_VERSION, type EngineSnapshot } from './snapshot';

/** Thrown through a transaction when the store refused a write: the input did not happen. */
export class StorageFailure extends Error {
  constructor(cause: unknown) {
    super(`the journal write failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * The engine's side of a {@link Store}: numbers and encodes inputs, appends each before it takes effect, and takes a
 * snapshot every `snapshotEvery` entries (compacting the journal before it).
 */
export class Journal implements InputJournal {
  seq = 0;
  lastSnapshotSeq = 0;
  /** The command `dispatch` is running, journaled when its transaction begins (refusals never get there). */
  pending: Command | undefined = undefined;

  constructor(
    readonly store: Store,
    readonly snapshotEvery: number,
  ) {}

  record(at: number, input: JournalInput): void {
    const entry = encodeEntry({ seq: this.seq + 1, at, input });
    try {
      this.store.append([entry]);
    } catch (error) {
      throw new StorageFailure(error);
    }
    this.seq = entry.seq;
  }

  /** Journals the pending command, if any (called as the outermost transaction begins). */
  recordPending(at: number): void {
    const command = this.pending;
    if (command === undefined) return;
    this.pending = undefined;
    this.record(at, { kind: 'command', command });
  }

  /** Called once an input has settled and its events are out: snapshots when due. */
  settled(core: EngineCore): void {
    if (this.seq - this.lastSnapshotSeq >= this.snapshotEvery) this.snapshot(core);
  }

  /** Writes a snapshot of the engine after the last journaled entry; a failure is not fatal (retried later). */
  snapshot(core: EngineCore): boolean {
    try {
      this.store.saveSnapshot(encodeSnapshot(this.seq, captureSnapshot(core)), { compact: true });
      this.lastSnapshotSeq = this.seq;
      return true;
    } catch {
      // The journal still holds every entry; the next snapshot will cover them.
      this.lastSnapshotSeq = this.seq;
      return false;
    }
  }
}

/** What recovery reads from a store: the snapshot to start from (if any) and the checked tail after it. */
export interface Recovery {
  readonly snapshot: EngineSnapshot | null;
  readonly snapshotSeq: number;
  readonly entries: readonly JournalEntry[];
}

/**
 * Reads and checks a store: its format version, its snapshot, and each journal entry's checksum and sequence. A bad
 * entry ends the readable journal: with `truncate` the store is cut back to the last good entry, otherwise
 * `store-corrupt` is thrown naming it.
 */
export function readStore(store: Store, onCorruptTail: 'fail' | 'truncate'): Recovery {
  const contents: StoreContents = store.load();
  if (contents.formatVersion !== null && contents.formatVersion !== JOURNAL_FORMAT_VERSION) {
    throw new ChatrouteError(
      'store-version',
      `the store holds journal format ${String(contents.formatVersion)}; this chatroute reads format ${JOURNAL_FORMAT_VERSION} only — open it with the version that wrote it`,
    );
  }
  let snapshot: EngineSnapshot | null = null;
  const snapshotSeq = contents.snapshot?.seq ?? 0;
  if (contents.snapshot !== null) {
    snapshot = decodeSnapshot(contents.snapshot) as EngineSnapshot;
    if (snapshot?.v !== SNAPSHOT_VERSION) {
      throw new ChatrouteError('store-version', `the store's snapshot has version ${String(snapshot?.v)}; this chatroute reads version ${SNAPSHOT_VERSION}`);
    }
  }
  const entries: JournalEntry[] = [];
  let expected = snapshotSeq + 1;
  for (const record of contents.entries) {
    const entry = record.seq === expected ? decodeEntry(record) : undefined;
    if (entry === undefined) {
      const lastGood = expected - 1;
      const what = record.seq === expected ? `entry ${record.seq} fails its checksum` : `entry ${expected} is missing (found ${record.seq})`;
      if (onCorruptTail === 'truncate') {
        store.truncateAfter(lastGood);
        break;
      }
      throw corrupt(`the journal is damaged: ${what}; the last good entry is ${lastGood}. Create the engine with onCorruptTail: 'truncate' to drop what follows it`);
    }
    entries.push(entry);
    expected++;
  }
  if (snapshot === null && entries.length > 0) {
    throw corrupt('the journal has entries but no snapshot of the configuration they start from');
  }
  return { snapshot, snapshotSeq, entries };
}
