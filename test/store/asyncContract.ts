import { describe, expect, it } from 'vitest';
import type { AsyncStore, StoredRecord } from '../../src/store/types';
import { record } from './contract';

const seqs = async (store: AsyncStore) => [...(await store.load()).entries].map((e) => e.seq);

/** A record whose body cannot be read: a write failing partway through a batch, the same way for every backend. */
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
 * The {@link storeContract} cases for an {@link AsyncStore}: the same behaviour, awaited. `makeStore` creates fresh,
 * empty storage and returns an opener; each call opens that storage again, ready to write (for a leased backend:
 * lease acquired), after the previous store was closed.
 */
export function asyncStoreContract(name: string, makeStore: () => Promise<() => Promise<AsyncStore>>): void {
  describe(`${name}: the AsyncStore contract`, () => {
    it('keeps published events in its archive: pages after a cursor, range, idempotent appends, retention, across a reopen', async () => {
      const open = await makeStore();
      const store = await open();
      const archive = store.events;
      expect(archive, 'this store has an event archive').toBeDefined();
      if (archive === undefined) return;
      expect(await archive.eventRange()).toBeNull();
      const ev = (seq: number) => ({ seq, body: JSON.stringify({ seq, type: 'chat.queued', text: `é ${seq}` }) });
      await archive.appendEvents([1, 2, 3, 4, 5].map(ev));
      await archive.appendEvents([4, 5, 6].map(ev)); // a batch written again after a crash: kept once
      expect(await archive.eventRange()).toEqual({ first: 1, last: 6 });
      expect(await archive.readEvents(2, 3)).toEqual([3, 4, 5].map(ev));
      expect(await archive.readEvents(6, 10)).toEqual([]);
      await archive.pruneEvents(3);
      expect(await archive.eventRange()).toEqual({ first: 3, last: 6 });
      await store.close();
      const again = await open();
      expect(await again.events?.readEvents(0, 10)).toEqual([3, 4, 5, 6].map(ev));
      await again.close();
    });

    it('loads a new store as empty, with no format version', async () => {
      const store = await (await makeStore())();
      const contents = await store.load();
      expect(contents.formatVersion).toBeNull();
      expect(contents.snapshot).toBeNull();
      expect([...contents.entries]).toEqual([]);
      await store.close();
    });

    it('records the format version, across a reopen', async () => {
      const open = await makeStore();
      const store = await open();
      await store.initialize(1);
      expect((await store.load()).formatVersion).toBe(1);
      await store.close();
      const again = await open();
      expect((await again.load()).formatVersion).toBe(1);
      await again.close();
    });

    it('loads appended entries in order, bodies and checksums unchanged', async () => {
      const store = await (await makeStore())();
      await store.initialize(1);
      const written = [record(1), record(2), record(3), record(4), record(5), record(6)];
      await store.append(written.slice(0, 1));
      await store.append(written.slice(1, 3));
      await store.append([]);
      await store.append(written.slice(3));
      const contents = await store.load();
      expect([...contents.entries]).toEqual(written);
      expect([...contents.entries]).toEqual(written); // iterable more than once
      await store.close();
    });

    it('keeps bodies as opaque text: unicode, quotes, newlines, large; checksums up to 2^32 - 1', async () => {
      const store = await (await makeStore())();
      await store.initialize(1);
      const odd = [
        { seq: 1, body: '{"text":"héllo 👋 \\"quoted\\"\\n\\u0000"}', crc: 0xffffffff },
        { seq: 2, body: 'x'.repeat(300_000), crc: 0 },
        { seq: 3, body: 'not json at all {', crc: 1 },
        { seq: 4, body: '{"a":"NULL","b":"{,}","c":"\\\\","d":" "}', crc: 2 },
        { seq: 5, body: '', crc: 3 },
      ];
      await store.append(odd);
      expect([...(await store.load()).entries]).toEqual(odd);
      await store.close();
    });

    it('keeps none of a batch whose append fails, and rejects with the failure', async () => {
      const store = await (await makeStore())();
      await store.initialize(1);
      await store.append([record(1), record(2)]);
      await expect(store.append([record(3), failing(4), record(5)])).rejects.toThrow('disk full');
      await expect(store.append([failing(3)])).rejects.toThrow('disk full');
      // A batch that collides with a kept seq fails as a whole too.
      await expect(store.append([record(3), record(2, 'again')])).rejects.toThrow();
      expect(await seqs(store)).toEqual([1, 2]);
      await store.append([record(3, 'retry'), record(4, 'retry')]);
      expect([...(await store.load()).entries]).toEqual([record(1), record(2), record(3, 'retry'), record(4, 'retry')]);
      await store.close();
    });

    it('loads the latest snapshot and only the entries after it', async () => {
      const store = await (await makeStore())();
      await store.initialize(1);
      await store.append([1, 2, 3, 4, 5].map((s) => record(s)));
      await store.saveSnapshot({ seq: 2, body: 'snapshot@2', crc: 22 }, { compact: false });
      expect((await store.load()).snapshot).toEqual({ seq: 2, body: 'snapshot@2', crc: 22 });
      expect(await seqs(store)).toEqual([3, 4, 5]);
      await store.saveSnapshot({ seq: 4, body: 'snapshot@4', crc: 44 }, { compact: false });
      await store.append([record(6)]);
      expect((await store.load()).snapshot).toEqual({ seq: 4, body: 'snapshot@4', crc: 44 });
      expect(await seqs(store)).toEqual([5, 6]);
      await store.close();
    });

    it('compacts: a snapshot with compact drops the entries it covers, and appends go on after it', async () => {
      const open = await makeStore();
      const store = await open();
      await store.initialize(1);
      await store.append([1, 2, 3, 4].map((s) => record(s)));
      await store.saveSnapshot({ seq: 1, body: 'snapshot@1', crc: 11 }, { compact: false });
      await store.saveSnapshot({ seq: 3, body: 'snapshot@3', crc: 33 }, { compact: true });
      await store.append([record(5)]);
      await store.close();
      const again = await open();
      const contents = await again.load();
      expect(contents.formatVersion).toBe(1);
      expect(contents.snapshot).toEqual({ seq: 3, body: 'snapshot@3', crc: 33 });
      expect([...contents.entries]).toEqual([record(4), record(5)]);
      await again.close();
    });

    it('truncates after a seq, and accepts new entries in the freed places', async () => {
      const store = await (await makeStore())();
      await store.initialize(1);
      await store.append([1, 2, 3, 4, 5].map((s) => record(s)));
      await store.truncateAfter(3);
      expect(await seqs(store)).toEqual([1, 2, 3]);
      await store.truncateAfter(10);
      expect(await seqs(store)).toEqual([1, 2, 3]);
      await store.append([record(4, 'b'), record(5, 'b')]);
      expect([...(await store.load()).entries]).toEqual([record(1), record(2), record(3), record(4, 'b'), record(5, 'b')]);
      await store.close();
    });

    it('sees after a close and reopen exactly what it held', async () => {
      const open = await makeStore();
      const store = await open();
      await store.initialize(1);
      await store.append([1, 2, 3].map((s) => record(s)));
      await store.saveSnapshot({ seq: 2, body: 'snapshot@2', crc: 7 }, { compact: false });
      await store.append([4, 5].map((s) => record(s)));
      await store.truncateAfter(4);
      const before = await store.load();
      const held = { formatVersion: before.formatVersion, snapshot: before.snapshot, entries: [...before.entries] };
      await store.close();
      const again = await open();
      const after = await again.load();
      expect({ formatVersion: after.formatVersion, snapshot: after.snapshot, entries: [...after.entries] }).toEqual(held);
      expect(held.entries.map((e) => e.seq)).toEqual([3, 4]);
      await again.close();
    });
  });
}
