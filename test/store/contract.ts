import { describe, expect, it } from 'vitest';
import type { Store, StoredRecord } from '../../src/store/types';

/** Entry `seq` with a body that says which write it came from. */
export function record(seq: number, tag = 'a'): StoredRecord {
  return { seq, body: JSON.stringify({ seq, tag, input: { kind: 'timer', timerId: seq } }), crc: (seq * 2_654_435_761) >>> 0 };
}

const seqs = (store: Store) => [...store.load().entries].map((e) => e.seq);

/**
 * A record whose body cannot be read: a stand-in for a write failing partway through a batch (disk full, I/O error),
 * the same way for every backend.
 */
function failing(seq: number): StoredRecord {
  return {
    seq,
    crc: 0,
    get body(): string {
      throw new Error('disk full');
    },
  };
}

/**
 * The behaviour every {@link Store} backend must have, as vitest cases. `makeStore` creates fresh, empty storage
 * and returns an opener: each call opens that same storage again (after the previous store was closed), which is
 * how the cases check that data survives a close and reopen.
 */
export function storeContract(name: string, makeStore: () => () => Store): void {
  describe(`${name}: the Store contract`, () => {
    it('keeps published events in its archive: pages after a cursor, range, idempotent appends, retention, across a reopen', () => {
      const open = makeStore();
      const store = open();
      const archive = store.events;
      expect(archive, 'this store has an event archive').toBeDefined();
      if (archive === undefined) return;
      expect(archive.eventRange()).toBeNull();
      const ev = (seq: number) => ({ seq, body: JSON.stringify({ seq, type: 'chat.queued', text: `é ${seq}` }) });
      archive.appendEvents([1, 2, 3, 4, 5].map(ev));
      archive.appendEvents([4, 5, 6].map(ev)); // a batch written again after a crash: kept once
      expect(archive.eventRange()).toEqual({ first: 1, last: 6 });
      expect(archive.readEvents(2, 3)).toEqual([3, 4, 5].map(ev));
      expect(archive.readEvents(6, 10)).toEqual([]);
      archive.pruneEvents(3);
      expect(archive.eventRange()).toEqual({ first: 3, last: 6 });
      store.close();
      const again = open();
      expect(again.events?.readEvents(0, 10)).toEqual([3, 4, 5, 6].map(ev));
      again.close();
    });

    it('loads a new store as empty, with no format version', () => {
      const store = makeStore()();
      const contents = store.load();
      expect(contents.formatVersion).toBeNull();
      expect(contents.snapshot).toBeNull();
      expect([...contents.entries]).toEqual([]);
      store.close();
    });

    it('records the format version, across a reopen', () => {
      const open = makeStore();
      const store = open();
      store.initialize(1);
      expect(store.load().formatVersion).toBe(1);
      store.close();
      const again = open();
      expect(again.load().formatVersion).toBe(1);
      again.close();
    });

    it('loads appended entries in order, bodies and checksums unchanged', () => {
      const store = makeStore()();
      store.initialize(1);
      const written = [record(1), record(2), record(3), record(4), record(5), record(6)];
      store.append(written.slice(0, 1));
      store.append(written.slice(1, 3));
      store.append([]);
      store.append(written.slice(3));
      const contents = store.load();
      expect([...contents.entries]).toEqual(written);
      expect([...contents.entries]).toEqual(written); // iterable more than once
      store.close();
    });

    it('keeps bodies as opaque text: unicode, quotes, newlines, large; checksums up to 2^32 - 1', () => {
      const store = makeStore()();
      store.initialize(1);
      const odd = [
        { seq: 1, body: '{"text":"héllo 👋 \\"quoted\\"\\n\\u0000"}', crc: 0xffffffff },
        { seq: 2, body: 'x'.repeat(300_000), crc: 0 },
        { seq: 3, body: 'not json at all {', crc: 1 },
      ];
      store.append(odd);
      expect([...store.load().entries]).toEqual(odd);
      store.close();
    });

    it('keeps none of a batch whose append fails, and rethrows the failure', () => {
      const store = makeStore()();
      store.initialize(1);
      store.append([record(1), record(2)]);
      expect(() => store.append([record(3), failing(4), record(5)])).toThrow('disk full');
      expect(() => store.append([failing(3)])).toThrow('disk full');
      expect(seqs(store)).toEqual([1, 2]);
      store.append([record(3, 'retry'), record(4, 'retry')]);
      expect([...store.load().entries]).toEqual([record(1), record(2), record(3, 'retry'), record(4, 'retry')]);
      store.close();
    });

    it('loads the latest snapshot and only the entries after it', () => {
      const store = makeStore()();
      store.initialize(1);
      store.append([1, 2, 3, 4, 5].map((s) => record(s)));
      store.saveSnapshot({ seq: 2, body: 'snapshot@2', crc: 22 }, { compact: false });
      expect(store.load().snapshot).toEqual({ seq: 2, body: 'snapshot@2', crc: 22 });
      expect(seqs(store)).toEqual([3, 4, 5]);
      store.saveSnapshot({ seq: 4, body: 'snapshot@4', crc: 44 }, { compact: false });
      store.append([record(6)]);
      expect(store.load().snapshot).toEqual({ seq: 4, body: 'snapshot@4', crc: 44 });
      expect(seqs(store)).toEqual([5, 6]);
      store.close();
    });

    it('compacts: a snapshot with compact drops the entries it covers, and appends go on after it', () => {
      const open = makeStore();
      const store = open();
      store.initialize(1);
      store.append([1, 2, 3, 4].map((s) => record(s)));
      store.saveSnapshot({ seq: 1, body: 'snapshot@1', crc: 11 }, { compact: false });
      store.saveSnapshot({ seq: 3, body: 'snapshot@3', crc: 33 }, { compact: true });
      store.append([record(5)]);
      store.close();
      const again = open();
      const contents = again.load();
      expect(contents.formatVersion).toBe(1);
      expect(contents.snapshot).toEqual({ seq: 3, body: 'snapshot@3', crc: 33 });
      expect([...contents.entries]).toEqual([record(4), record(5)]);
      again.close();
    });

    it('truncates after a seq, and accepts new entries in the freed places', () => {
      const store = makeStore()();
      store.initialize(1);
      store.append([1, 2, 3, 4, 5].map((s) => record(s)));
      store.truncateAfter(3);
      expect(seqs(store)).toEqual([1, 2, 3]);
      store.truncateAfter(10);
      expect(seqs(store)).toEqual([1, 2, 3]);
      store.append([record(4, 'b'), record(5, 'b')]);
      expect([...store.load().entries]).toEqual([record(1), record(2), record(3), record(4, 'b'), record(5, 'b')]);
      store.close();
    });

    it('sees after a close and reopen exactly what it held', () => {
      const open = makeStore();
      const store = open();
      store.initialize(1);
      store.append([1, 2, 3].map((s) => record(s)));
      store.saveSnapshot({ seq: 2, body: 'snapshot@2', crc: 7 }, { compact: false });
      store.append([4, 5].map((s) => record(s)));
      store.truncateAfter(4);
      const before = store.load();
      const held = { formatVersion: before.formatVersion, snapshot: before.snapshot, entries: [...before.entries] };
      store.close();
      const again = open();
      const after = again.load();
      expect({ formatVersion: after.formatVersion, snapshot: after.snapshot, entries: [...after.entries] }).toEqual(held);
      expect(held.entries.map((e) => e.seq)).toEqual([3, 4]);
      again.close();
    });
  });
}
