import type { Message } from '../model/chat';
import type { HistoryEntry, HistoryPage, HistoryStore } from '../history/types';
import { openDatabase, type SqliteSource } from './openDatabase';

/** Options of {@link createSqliteHistory}: a SQLite file `path`, or an open better-sqlite3 `database`. */
export type SqliteHistoryOptions = SqliteSource;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS chatroute_history_chat (
    chat_id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, queue_id TEXT NOT NULL,
    enqueued_at INTEGER NOT NULL, ended_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS chatroute_history_message (
    pos INTEGER PRIMARY KEY, contact_id TEXT NOT NULL, chat_id TEXT NOT NULL, body TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS chatroute_history_message_contact ON chatroute_history_message (contact_id, pos);
`;

/**
 * A persistent {@link HistoryStore} in SQLite (better-sqlite3 12.x, a peer dependency): every finished chat's
 * transcript, for "Load older messages", across restarts. Tables `chatroute_history_chat` and
 * `chatroute_history_message`, so it can share a file or connection with {@link createSqliteStore}.
 *
 * `record` is idempotent per chat: a chat already recorded is ignored, so an engine that replays its journal after a
 * crash and records a transcript again adds nothing. Paging mirrors `createMemoryHistory`: newest first, and the
 * cursor is a position (here the row's position in the table), so pages stay stable while newer chats arrive.
 * `close()` releases a connection it opened from `path` (an adopted `database` stays open); the engine does not call
 * it, since a history may outlive an engine.
 *
 * @example
 * ```ts
 * import { createEngine } from 'chatroute';
 * import { createSqliteHistory, createSqliteStore } from 'chatroute/sqlite';
 * const engine = createEngine({
 *   store: createSqliteStore({ path: 'contact-center.db' }),
 *   history: createSqliteHistory({ path: 'contact-center.db' }),
 *   queues,
 *   agents,
 * });
 * engine.history('contact-42', { limit: 50 }); // newest first, with nextCursor for the page before
 * ```
 */
export function createSqliteHistory(options: SqliteHistoryOptions): HistoryStore & { close(): void } {
  const { db, owned } = openDatabase(options);
  db.exec(SCHEMA);
  const insertChat = db.prepare(
    'INSERT OR IGNORE INTO chatroute_history_chat (chat_id, contact_id, queue_id, enqueued_at, ended_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertMessage = db.prepare('INSERT INTO chatroute_history_message (contact_id, chat_id, body) VALUES (?, ?, ?)');
  const anyMessage = db.prepare('SELECT 1 FROM chatroute_history_message WHERE contact_id = ? LIMIT 1').pluck();
  const olderThan = db
    .prepare('SELECT pos, body FROM chatroute_history_message WHERE contact_id = ? AND pos < ? ORDER BY pos DESC LIMIT ?')
    .raw();
  const record = db.transaction((entry: HistoryEntry) => {
    // The chat row is the idempotency key: when it is already there, so are its messages (same transaction).
    const added = insertChat.run(entry.chatId, entry.contactId, entry.queueId, entry.enqueuedAt, entry.endedAt).changes;
    if (added === 0) return;
    for (const message of entry.messages) insertMessage.run(entry.contactId, entry.chatId, JSON.stringify(message));
  });
  const eraseMessages = db.prepare('DELETE FROM chatroute_history_message WHERE contact_id = ?');
  const pruneMessages = db.prepare('DELETE FROM chatroute_history_message WHERE chat_id IN (SELECT chat_id FROM chatroute_history_chat WHERE ended_at < ?)');
  let closed = false;

  return {
    record(entry) {
      if (entry.messages.length === 0) return;
      record(entry);
    },
    has: (contactId) => anyMessage.get(contactId) !== undefined,
    erase(contactId) {
      // The chat rows stay (they make a replayed record a no-op; they hold no personal data); the messages go, their
      // bytes zeroed (secure_delete).
      eraseMessages.run(contactId);
    },
    prune(before) {
      pruneMessages.run(before);
    },
    page(contactId, { before, limit }): HistoryPage {
      const parsed = before === undefined ? Number.NaN : Number.parseInt(before, 10);
      const end = Number.isFinite(parsed) ? parsed : Number.MAX_SAFE_INTEGER;
      const take = Math.max(0, Math.floor(limit));
      // One row more than asked says whether an older page exists, without a second query.
      const rows = olderThan.all(contactId, end, take + 1) as Array<[number, string]>;
      const messages = rows.slice(0, take).map(([, body]) => JSON.parse(body) as Message);
      if (rows.length <= take) return { messages };
      const cursor = take === 0 ? end : (rows[take - 1] as [number, string])[0];
      return { messages, nextCursor: String(cursor) };
    },
    close() {
      if (closed) return;
      closed = true;
      if (owned) db.close();
    },
  };
}
