import type Database from 'better-sqlite3';
import { ChatrouteError } from '../errors/ChatrouteError';
import { isAddonFailure, peerFailure, requirePeer } from '../peers/requirePeer';

/** How hard SQLite syncs a commit: `NORMAL` survives a crash of the process, `FULL` also a power loss. */
export type SqliteSynchronous = 'NORMAL' | 'FULL';

/** Where a SQLite-backed chatroute store keeps its tables: a file path, or a connection you opened yourself. */
export type SqliteSource = { readonly path: string; readonly database?: never } | { readonly database: Database.Database; readonly path?: never };

/** An opened connection and whether we own it (and so close it). */
export interface OpenedDatabase {
  readonly db: Database.Database;
  readonly owned: boolean;
}

/** How long a writer waits for another connection's lock before failing with `SQLITE_BUSY`. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (or adopts) a connection and sets it up for an append-only journal: WAL, so a commit is one sequential write
 * and readers never block the writer; the chosen `synchronous` level; and a busy timeout, so a second connection to
 * the same file (the history store, say) waits instead of failing. In WAL mode `NORMAL` does not fsync on commit:
 * a committed transaction is in the WAL file (the OS page cache) when `run` returns, which survives `kill -9` but
 * not a power cut; `FULL` fsyncs every commit. Without `synchronous`, a connection we open gets `NORMAL` and an
 * adopted one keeps its setting.
 */
export function openDatabase(source: SqliteSource, synchronous?: SqliteSynchronous): OpenedDatabase {
  if (synchronous !== undefined && synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    throw new ChatrouteError('invalid-argument', `synchronous must be "NORMAL" or "FULL", got ${JSON.stringify(synchronous)}`);
  }
  let db: Database.Database;
  let owned: boolean;
  if (source.database !== undefined) {
    db = source.database;
    owned = false;
  } else if (typeof source.path === 'string' && source.path !== '') {
    // Loaded on first use, so a missing better-sqlite3 says what to install; its native addon loads here, at the
    // first connection, so one built for another Node.js says so too.
    const SqliteDatabase = requirePeer<typeof Database>('better-sqlite3');
    try {
      db = new SqliteDatabase(source.path);
    } catch (error) {
      throw isAddonFailure(error) ? peerFailure('better-sqlite3', error) : error;
    }
    owned = true;
  } else {
    throw new ChatrouteError('invalid-argument', 'pass { path } (a SQLite file) or { database } (a better-sqlite3 Database)');
  }
  if (!db.memory) db.pragma('journal_mode = WAL');
  // Deleted content is overwritten with zeros, so a contact's erasure (and the journal's compaction) leaves no trace in
  // the file's free pages.
  db.pragma('secure_delete = ON');
  // An adopted connection keeps its own level unless one is asked for: it is the host's to tune.
  if (synchronous !== undefined || owned) db.pragma(`synchronous = ${synchronous ?? 'NORMAL'}`);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return { db, owned };
}
