import type { Store } from '../store/types';

/** Where {@link createArchivingStore} writes: a function that appends one line (with its `\n`) durably enough for you. */
export interface ArchiveOptions {
  readonly write: (line: string) => void;
}

/**
 * Wraps a {@link Store} so that everything the engine journals is also written, as JSON lines, to an archive that is
 * never compacted: the flight recorder's long memory. A store keeps entries only since its latest snapshot (every
 * `snapshotEvery` entries and on `stop()`); the archive keeps them all, so `replayJournal` and `chatroute-replay` can
 * go back to any moment since it was started. The format is {@link exportJournal}'s; each start (each `load`) begins a
 * new segment with the store's snapshot and entries, and readers take the earliest snapshot and every entry after it.
 *
 * Entries reach the archive after the store has made them durable; a failing `write` does not refuse the command
 * (the journal is the record of truth), so an archive written to a full disk may have a gap, which a reader reports as
 * `store-corrupt` naming the last good entry.
 *
 * @example
 * ```ts
 * import { appendFileSync } from 'node:fs';
 * import { createEngine } from 'chatroute';
 * import { createArchivingStore } from 'chatroute/replay';
 * import { createSqliteStore } from 'chatroute/sqlite';
 * const store = createArchivingStore(createSqliteStore({ path: 'data/center.db' }), {
 *   write: (line) => appendFileSync('data/journal.jsonl', line),
 * });
 * const engine = createEngine({ store, queues, agents }); // later: npx chatroute-replay data/journal.jsonl --to 4210
 * ```
 */
export function createArchivingStore(store: Store, options: ArchiveOptions): Store {
  let formatVersion: number | null = null;
  const write = (value: unknown) => {
    try {
      options.write(`${JSON.stringify(value)}\n`);
    } catch {
      // The archive is a copy: losing a line must not stop the contact center.
    }
  };
  return {
    load() {
      const contents = store.load();
      formatVersion = contents.formatVersion;
      if (contents.snapshot === null) return contents;
      // A new segment: where this start begins (the entries are read once, here, and handed on).
      const entries = [...contents.entries];
      write({ format: formatVersion });
      write({ snapshot: true, ...contents.snapshot });
      for (const record of entries) write({ seq: record.seq, body: record.body, crc: record.crc });
      return { ...contents, entries };
    },
    initialize(version) {
      store.initialize(version);
      formatVersion = version;
    },
    append(records) {
      store.append(records);
      for (const record of records) write({ seq: record.seq, body: record.body, crc: record.crc });
    },
    saveSnapshot(snapshot, saveOptions) {
      store.saveSnapshot(snapshot, saveOptions);
      // A new store's first snapshot (the seed configuration) opens the archive; later ones are not needed to replay.
      if (snapshot.seq === 0) {
        write({ format: formatVersion });
        write({ snapshot: true, seq: snapshot.seq, body: snapshot.body, crc: snapshot.crc });
      }
    },
    truncateAfter(seq) {
      store.truncateAfter(seq);
      write({ truncateAfter: seq });
    },
    close() {
      store.close();
    },
  };
}
