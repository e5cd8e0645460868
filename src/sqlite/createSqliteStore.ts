import type Database from 'better-sqlite3';
import type { Store, StoreContents, StoredRecord } from '../store/types';
import { openDatabase, type SqliteSource, type SqliteSynchronous } from './openDatabase';
import { sqliteEvents } from './sqliteEvents';

/** Options of {@link createSqliteStore}: a file `path` or an open `database`, and how hard commits are synced. */
export type SqliteStoreOptions = SqliteSource & {
  /**
   * `NORMAL` (default): a commit survives a crash of the process (`kill -9`, an exception), not a power loss; no
   * fsync per append. `FULL`: every append is fsynced, so it also survives a power loss, at a far lower rate.
   */
  readonly synchronous?: SqliteSynchronous;
};

/** Rows read per query while iterating the journal: bounded memory per step, few round trips. */
const PAGE_ROWS = 4_096;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS chatroute_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS chatroute_journal (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, crc INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS chatroute_snapshot (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, crc INTEGER NOT NULL);
`;

type Row = [seq: number, body: string, crc: number];

/**
 * A {@link Store} in a SQLite file through `better-sqlite3` (12.x, a peer dependency): the engine's journal and
 * snapshots survive a crash or restart of the process. Tables `chatroute_meta`, `chatroute_journal` and
 * `chatroute_snapshot` (and `chatroute_events`, the archive of published events `engine.eventsAfter` reads), so the file can be shared with {@link createSqliteHistory} or your own tables; one engine
 * per file.
 *
 * Each `append` is one transaction over prepared statements. In WAL mode with `synchronous: 'NORMAL'` that is one
 * write to the WAL and no fsync: durable against a crash of the process when it returns, not against a power cut or
 * an OS crash, which can take back the last transactions whole (SQLite's WAL recovery discards them; no checksum
 * sees it: the journal just ends earlier); about 90,000 single-entry appends/s (250,000 entries/s in batches of 10)
 * on one core of a shared 2-core machine. `'FULL'` adds an fsync per append, so it survives those too (about 3,000
 * appends/s there, bounded by the disk). `load()` reads the journal lazily in pages of 4,096 rows, about 850,000
 * entries/s, and the store may be written (e.g. `truncateAfter`) while the engine is still iterating it.
 *
 * A connection passed as `database` is set to WAL with the chosen `synchronous` level and is left open by `close()`
 * (it is yours); a `path` is opened and closed by the store.
 *
 * @example
 * ```ts
 * import { createEngine } from 'chatroute';
 * import { createSqliteStore } from 'chatroute/sqlite';
 * const store = createSqliteStore({ path: 'contact-center.db' });
 * const engine = createEngine({ store, queues, agents }); // recovers whatever the file holds
 * ```
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const { db, owned } = openDatabase(options, options.synchronous ?? 'NORMAL');
  db.exec(SCHEMA);
  const statements = prepare(db);
  // A single-row append needs no explicit BEGIN/COMMIT: one INSERT in autocommit mode is its own transaction.
  const appendMany = db.transaction((entries: readonly StoredRecord[]) => {
    for (const e of entries) statements.insertEntry.run(e.seq, e.body, e.crc);
  });
  const saveSnapshot = db.transaction((snapshot: StoredRecord, compact: boolean) => {
    statements.insertSnapshot.run(snapshot.seq, snapshot.body, snapshot.crc);
    if (compact) {
      statements.deleteEntriesUpTo.run(snapshot.seq);
      statements.deleteSnapshotsBefore.run(snapshot.seq);
    }
  });
  let closed = false;
  const events = sqliteEvents(db);

  function entriesAfter(seq: number): Iterable<StoredRecord> {
    return {
      *[Symbol.iterator]() {
        // Pages keyed by seq rather than one open cursor: between pages no statement is running, so the engine may
        // write (repair a corrupt tail, append) while it replays.
        let after = seq;
        for (;;) {
          const rows = statements.pageEntries.all(after, PAGE_ROWS) as Row[];
          for (const [s, body, crc] of rows) yield { seq: s, body, crc };
          if (rows.length < PAGE_ROWS) return;
          after = (rows[rows.length - 1] as Row)[0];
        }
      },
    };
  }

  return {
    load(): StoreContents {
      const version = statements.getMeta.get('format-version') as [string] | undefined;
      const snapshotRow = statements.latestSnapshot.get() as Row | undefined;
      const snapshot = snapshotRow !== undefined ? { seq: snapshotRow[0], body: snapshotRow[1], crc: snapshotRow[2] } : null;
      return {
        formatVersion: version !== undefined ? Number(version[0]) : null,
        snapshot,
        entries: entriesAfter(snapshot?.seq ?? Number.MIN_SAFE_INTEGER),
      };
    },
    initialize(formatVersion) {
      statements.setMeta.run('format-version', String(formatVersion));
    },
    append(entries) {
      if (entries.length === 1) {
        const e = entries[0] as StoredRecord;
        statements.insertEntry.run(e.seq, e.body, e.crc);
      } else if (entries.length > 1) {
        appendMany(entries);
      }
    },
    saveSnapshot(snapshot, { compact }) {
      saveSnapshot(snapshot, compact);
    },
    truncateAfter(seq) {
      statements.deleteEntriesAfter.run(seq);
    },
    close() {
      if (closed) return;
      closed = true;
      if (owned) db.close();
    },
    events,
    scrub() {
      // Deleted and overwritten content is zeroed as it goes (secure_delete); the write-ahead log still holds the old
      // pages until it is checkpointed into the file and truncated.
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

function prepare(db: Database.Database) {
  return {
    getMeta: db.prepare('SELECT value FROM chatroute_meta WHERE key = ?').raw(),
    setMeta: db.prepare('INSERT OR REPLACE INTO chatroute_meta (key, value) VALUES (?, ?)'),
    insertEntry: db.prepare('INSERT INTO chatroute_journal (seq, body, crc) VALUES (?, ?, ?)'),
    pageEntries: db.prepare('SELECT seq, body, crc FROM chatroute_journal WHERE seq > ? ORDER BY seq LIMIT ?').raw(),
    deleteEntriesAfter: db.prepare('DELETE FROM chatroute_journal WHERE seq > ?'),
    deleteEntriesUpTo: db.prepare('DELETE FROM chatroute_journal WHERE seq <= ?'),
    insertSnapshot: db.prepare('INSERT OR REPLACE INTO chatroute_snapshot (seq, body, crc) VALUES (?, ?, ?)'),
    latestSnapshot: db.prepare('SELECT seq, body, crc FROM chatroute_snapshot ORDER BY seq DESC LIMIT 1').raw(),
    deleteSnapshotsBefore: db.prepare('DELETE FROM chatroute_snapshot WHERE seq < ?'),
  };
}
