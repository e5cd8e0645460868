import type Database from 'better-sqlite3';
import type { EventArchive, StoredEvent } from '../store/types';

/** The event archive's table: the events the engine published, by `seq` (what `engine.eventsAfter` reads). */
export const EVENTS_SCHEMA = 'CREATE TABLE IF NOT EXISTS chatroute_events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL);';

/**
 * The store's {@link EventArchive} in the same file: one transaction per batch (the engine writes one before each
 * snapshot), an event already kept left as it is, pages by `seq` on the primary key.
 */
export function sqliteEvents(db: Database.Database): EventArchive {
  db.exec(EVENTS_SCHEMA);
  const insert = db.prepare('INSERT OR IGNORE INTO chatroute_events (seq, body) VALUES (?, ?)');
  const page = db.prepare('SELECT seq, body FROM chatroute_events WHERE seq > ? ORDER BY seq LIMIT ?').raw();
  const range = db.prepare('SELECT MIN(seq), MAX(seq) FROM chatroute_events').raw();
  const prune = db.prepare('DELETE FROM chatroute_events WHERE seq < ?');
  const appendAll = db.transaction((events: readonly StoredEvent[]) => {
    for (const e of events) insert.run(e.seq, e.body);
  });
  const update = db.prepare('UPDATE chatroute_events SET body = ? WHERE seq = ?');
  const rewriteAll = db.transaction((rewrite: (event: StoredEvent) => StoredEvent | undefined) => {
    const changes: StoredEvent[] = [];
    for (const [seq, body] of db.prepare('SELECT seq, body FROM chatroute_events ORDER BY seq').raw().iterate() as Iterable<[number, string]>) {
      const next = rewrite({ seq, body });
      if (next !== undefined) changes.push({ seq, body: next.body });
    }
    for (const e of changes) update.run(e.body, e.seq);
    return changes.length;
  });
  return {
    appendEvents: (events) => appendAll(events),
    readEvents: (afterSeq, limit) => (page.all(afterSeq, limit) as Array<[number, string]>).map(([seq, body]) => ({ seq, body })),
    eventRange() {
      const [first, last] = range.get() as [number | null, number | null];
      return first === null || last === null ? null : { first, last };
    },
    pruneEvents: (seq) => void prune.run(seq),
    rewriteEvents: (rewrite) => rewriteAll(rewrite),
  };
}
