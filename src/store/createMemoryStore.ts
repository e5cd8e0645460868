import type { EventArchive, Store, StoreContents, StoredEvent, StoredRecord } from './types';

/**
 * A {@link Store} in memory: for tests and simulations, and to try durability without a database. It survives an
 * engine being dropped (a simulated crash) as long as the same store object is handed to the next engine, but not
 * the process. Records are copied in and out, so nothing outside can change what it holds.
 *
 * @example
 * ```ts
 * import { createEngine, createMemoryStore, createManualClock } from 'chatroute';
 * const store = createMemoryStore();
 * const clock = createManualClock(0);
 * const config = { clock, store, queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }], agents: [] };
 * const first = createEngine(config);
 * first.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'Eve' } });
 * const second = createEngine(config); // recovers: chat-1 is still waiting
 * ```
 */
export function createMemoryStore(): Store {
  let formatVersion: number | null = null;
  let snapshot: StoredRecord | null = null;
  let entries: StoredRecord[] = [];
  const copy = (r: StoredRecord): StoredRecord => ({ seq: r.seq, body: r.body, crc: r.crc });
  return {
    load(): StoreContents {
      const after = snapshot?.seq ?? 0;
      return { formatVersion, snapshot: snapshot && copy(snapshot), entries: entries.filter((e) => e.seq > after).map(copy) };
    },
    initialize(version) {
      formatVersion = version;
    },
    append(records) {
      // Copied first, so a record that cannot be read leaves none of the batch behind (appends are atomic).
      const batch = records.map(copy);
      entries.push(...batch);
    },
    saveSnapshot(record, { compact }) {
      snapshot = copy(record);
      if (compact) entries = entries.filter((e) => e.seq > record.seq);
    },
    truncateAfter(seq) {
      entries = entries.filter((e) => e.seq <= seq);
    },
    close() {},
    events: memoryEvents(),
  };
}

/** Published events in memory, in `seq` order (what `engine.eventsAfter` reads beyond the journal's compaction). */
function memoryEvents(): EventArchive {
  let events: StoredEvent[] = [];
  return {
    appendEvents(batch) {
      const last = events[events.length - 1]?.seq ?? 0;
      for (const e of batch) if (e.seq > last) events.push({ seq: e.seq, body: e.body });
    },
    readEvents(afterSeq, limit) {
      // Binary search for the first event after the cursor: a consumer pages through millions.
      let lo = 0;
      let hi = events.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((events[mid] as StoredEvent).seq <= afterSeq) lo = mid + 1;
        else hi = mid;
      }
      return events.slice(lo, lo + limit).map((e) => ({ seq: e.seq, body: e.body }));
    },
    eventRange() {
      const first = events[0];
      const last = events[events.length - 1];
      return first === undefined || last === undefined ? null : { first: first.seq, last: last.seq };
    },
    pruneEvents(seq) {
      if ((events[0]?.seq ?? seq) < seq) events = events.filter((e) => e.seq >= seq);
    },
    rewriteEvents(rewrite) {
      let changed = 0;
      events = events.map((e) => {
        const next = rewrite(e);
        if (next === undefined) return e;
        changed++;
        return { seq: e.seq, body: next.body };
      });
      return changed;
    },
  };
}
