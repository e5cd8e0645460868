import type { Store, StoreContents, StoredRecord } from './types';

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
  };
}
