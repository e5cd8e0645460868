import type Database from 'better-sqlite3';
import type { Engine, EngineEvent } from 'chatroute';

/** A running follower of the event log: how far it is, what it last failed with, and how to stop it. */
export interface LogFollower {
  /** Resolves once every event published so far has been handled. */
  caughtUp(): Promise<void>;
  readonly seq: number;
  readonly lastError: string | undefined;
  stop(): Promise<void>;
}

/**
 * Hands every published event, page by page and in order, to `handle`, from a cursor the host keeps in its data
 * folder (`host_log_cursor`, one row per `name`): the cursor moves only after `handle` resolved for the page, so a
 * crash or restart goes on with the page that was being handled (handlers are idempotent). A new name starts at the
 * end of the log. The events come from `engine.eventsAfter`, never from memory: an event published just before a
 * crash is handled after the restart. Past the retention (`cursor-expired`) it goes on from the oldest event kept and
 * says so in `lastError` and the log.
 *
 * @example
 * ```ts
 * const eraser = followLog(engine, db, 'eraser', log, async (events) => { ... });
 * await eraser.caughtUp();
 * ```
 */
export function followLog(engine: Engine, db: Database.Database, name: string, log: { error(msg: string, fields?: Readonly<Record<string, unknown>>): void } | undefined, handle: (events: readonly EngineEvent[]) => Promise<void>): LogFollower {
  db.exec('CREATE TABLE IF NOT EXISTS host_log_cursor (name TEXT PRIMARY KEY, seq INTEGER NOT NULL)');
  const read = db.prepare<[string], { seq: number }>('SELECT seq FROM host_log_cursor WHERE name = ?');
  const write = db.prepare('INSERT INTO host_log_cursor (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq');
  let seq = read.get(name)?.seq ?? engine.metrics().lastEventSeq;
  write.run(name, seq);
  let lastError: string | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

  const drain = async (): Promise<void> => {
    while (!stopped) {
      const page = await engine.eventsAfter(seq, { limit: 500 });
      if (!page.ok) {
        if (page.error.code !== 'cursor-expired' || page.error.oldestSeq === undefined) throw new Error(`${page.error.code}: ${page.error.message}`);
        lastError = `${name}: ${page.error.message}; went on from ${page.error.oldestSeq}`;
        log?.error('a log reader fell behind the retention', { reader: name, oldestSeq: page.error.oldestSeq });
        seq = page.error.oldestSeq - 1;
        continue;
      }
      if (page.events.length === 0) return;
      await handle(page.events);
      seq = (page.events[page.events.length - 1] as EngineEvent).seq;
      write.run(name, seq);
    }
  };
  const run = (): Promise<void> => {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
        } catch (error) {
          lastError = `${name}: ${String(error)}`;
        }
      } while (again && !stopped);
      running = undefined;
    })();
    return running;
  };
  const subscription = engine.events$.subscribe({ next: () => void run() });
  void run();
  return {
    async caughtUp() {
      await run();
    },
    get seq() {
      return seq;
    },
    get lastError() {
      return lastError;
    },
    async stop() {
      stopped = true;
      subscription.unsubscribe();
      await running;
    },
  };
}
