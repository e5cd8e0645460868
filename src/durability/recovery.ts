import { ChatrouteError } from '../errors/ChatrouteError';
import { corrupt, decodeEntry, decodeSnapshot } from '../store/codec';
import { JOURNAL_FORMAT_VERSION, type JournalEntry, type Store, type StoreContents } from '../store/types';
import { SNAPSHOT_VERSION, type EngineSnapshot } from './snapshotFormat';

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

/** How one journal entry is applied during replay: the engine runs it on the state before it, at its time. */
export interface ReplayTarget {
  /** Pins the engine's clock to the entry's time. */
  at(time: number): void;
  /** Runs a journaled command; false when it is refused (the journal does not fit the state). */
  command(command: Extract<JournalEntry['input'], { kind: 'command' }>['command']): boolean;
  /** Runs a journaled timer; false when no such timer is pending. */
  timer(timerId: number): boolean;
}

/** Journal entries replayed between two yields of {@link replayEntries}: a few milliseconds of work, even under load. */
export const REPLAY_SLICE = 256;

/**
 * Replays the entries after a snapshot, in order, each at its journaled time; throws `store-corrupt` at the first
 * entry that does not replay on the state before it. Yields every {@link REPLAY_SLICE} entries, so a caller that can
 * wait (openEngine) lets the event loop run meanwhile — a lease's renewals above all. Returns the last entry's
 * sequence number.
 */
export function* replayEntries(entries: readonly JournalEntry[], target: ReplayTarget, fromSeq: number): Generator<void, number, void> {
  let seq = fromSeq;
  let slice = 0;
  for (const entry of entries) {
    if (++slice % REPLAY_SLICE === 0) yield;
    target.at(entry.at);
    const input = entry.input;
    const replayed = input.kind === 'command' ? target.command(input.command) : target.timer(input.timerId);
    if (!replayed) {
      throw corrupt(`entry ${entry.seq} (${input.kind === 'command' ? input.command.type : `timer ${input.timerId}`}) does not replay on the state before it; the last consistent entry is ${entry.seq - 1}`);
    }
    seq = entry.seq;
  }
  return seq;
}
