import type { Command } from '../model/commands';

/**
 * The journal format this version of chatroute writes and reads. A store that recorded another version is refused
 * (`ChatrouteError` code `store-version`) rather than misread.
 *
 * @example
 * ```ts
 * import { JOURNAL_FORMAT_VERSION } from 'chatroute';
 * console.log(`journal format ${JOURNAL_FORMAT_VERSION}`); // for a backup tool's manifest
 * ```
 */
export const JOURNAL_FORMAT_VERSION = 1;

/**
 * One input of the engine, as journaled: an accepted command (configuration changes are commands too), or an engine
 * timer that fired. Refused commands change nothing and are never journaled. Timers are named by the engine's own
 * deterministic counter, so replay finds the same timer under the same id.
 */
export type JournalInput =
  | { readonly kind: 'command'; readonly command: Command }
  | { readonly kind: 'timer'; readonly timerId: number };

/** A decoded journal entry: its sequence number, the clock time it happened at, and the input. */
export interface JournalEntry {
  readonly seq: number;
  readonly at: number;
  readonly input: JournalInput;
}

/**
 * A journal entry or a snapshot as a store keeps it: the sequence number, the encoded body (a JSON string) and a
 * CRC-32 of the body. Stores treat bodies as opaque text; the engine encodes, checks and decodes them.
 */
export interface StoredRecord {
  readonly seq: number;
  readonly body: string;
  readonly crc: number;
}

/** What a store holds, as read at startup. */
export interface StoreContents {
  /** The format version recorded by {@link Store.initialize}; `null` for a new, empty store. */
  readonly formatVersion: number | null;
  /** The latest snapshot, or `null`. */
  readonly snapshot: StoredRecord | null;
  /** Journal entries after the snapshot (all of them when there is none), in ascending `seq`. */
  readonly entries: Iterable<StoredRecord>;
}

/** A published event as an event archive keeps it: its `seq` and its JSON. */
export interface StoredEvent {
  readonly seq: number;
  readonly body: string;
}

/**
 * Where a store keeps the events the engine published, beyond the journal's compaction, so `engine.eventsAfter(seq)`
 * answers across restarts. Optional: a store without one keeps no events past the latest snapshot's replay.
 */
export interface EventArchive {
  /** Appends events (ascending, contiguous `seq`) atomically; an event already kept (same `seq`) is left as it is. */
  appendEvents(events: readonly StoredEvent[]): void;
  /** Up to `limit` events with `seq` greater than `afterSeq`, ascending. */
  readEvents(afterSeq: number, limit: number): readonly StoredEvent[];
  /** The `seq` of the oldest event kept and of the newest, or `null` when none is. */
  eventRange(): { readonly first: number; readonly last: number } | null;
  /** Drops the events with `seq` below `seq` (retention). */
  pruneEvents(seq: number): void;
  /** Replaces each kept event `rewrite` changes (a contact's erasure), in one transaction; returns how many changed. */
  rewriteEvents(rewrite: (event: StoredEvent) => StoredEvent | undefined): number;
}

/** {@link EventArchive} of an {@link AsyncStore}. */
export interface AsyncEventArchive {
  appendEvents(events: readonly StoredEvent[]): Promise<void>;
  readEvents(afterSeq: number, limit: number): Promise<readonly StoredEvent[]>;
  eventRange(): Promise<{ readonly first: number; readonly last: number } | null>;
  pruneEvents(seq: number): Promise<void>;
  rewriteEvents(rewrite: (event: StoredEvent) => StoredEvent | undefined): Promise<number>;
}

/**
 * Where an engine keeps its journal and snapshots. Small on purpose: a backend implements six methods and never
 * interprets what it stores.
 *
 * Synchronous by contract: `append` returns only once the entries are durable (or throws, keeping none of them),
 * which is what lets `engine.dispatch` stay synchronous and still never show an effect a recovery would not
 * reproduce (output commit). An asynchronous, batched backend (PostgreSQL) fits the same shape in a later
 * interface, `append(...): Promise<void>`, where the engine holds events and results until the batch commits.
 *
 * @example
 * ```ts
 * import { createEngine, createMemoryStore } from 'chatroute';
 * const store = createMemoryStore();
 * const engine = createEngine({ store, queues, agents });
 * ```
 */
export interface Store {
  /** Reads the format version, the latest snapshot and the journal after it. */
  load(): StoreContents;
  /** Records the format version of a new store (called once, before the first append). */
  initialize(formatVersion: number): void;
  /**
   * Appends entries (ascending, contiguous `seq`) durably and atomically: when it returns they survive a crash;
   * when it throws (disk full, I/O error) none of them is kept.
   */
  append(entries: readonly StoredRecord[]): void;
  /**
   * Writes a snapshot taken after entry `snapshot.seq` durably; with `compact`, entries up to that `seq` (and older
   * snapshots) may be dropped.
   */
  saveSnapshot(snapshot: StoredRecord, options: { readonly compact: boolean }): void;
  /** Drops every entry with a `seq` greater than `seq` (repairs a corrupted tail). */
  truncateAfter(seq: number): void;
  /** Releases the backend (files, connections). The engine calls it from `stop()`. */
  close(): void;
  /** Where published events are kept (`engine.eventsAfter`), if this store keeps them. */
  readonly events?: EventArchive;
  /**
   * After a contact's erasure (once the journal is compacted and the events rewritten): makes the backend's files
   * forget what was deleted or overwritten (SQLite: its write-ahead log is checkpointed and truncated; deleted content
   * is zeroed as it goes). Optional.
   */
  scrub?(): void;
}

/**
 * A store whose writes complete later: a database over the network (PostgreSQL), where one commit costs a round trip
 * and an fsync, so the engine batches appends (group commit: everything journaled while one batch is in flight goes
 * in the next). Same six operations as {@link Store}, each returning a promise. Open an engine on one with
 * `openEngine` (asynchronous load); outputs are held until the batch holding their inputs commits.
 *
 * A rejected `append` means the batch may not be kept (an I/O error, or a fenced writer: another process owns the
 * journal now): the engine fails and stops, discarding its memory, and the host reopens it from the store.
 *
 * @example
 * ```ts
 * import { openEngine } from 'chatroute';
 * import { createPostgresStore } from 'chatroute/postgres';
 * const store = createPostgresStore({ pool, shard: 'tenant-42', owner: 'node-a' });
 * await store.acquire();
 * const engine = await openEngine({ store, queues, agents });
 * ```
 */
export interface AsyncStore {
  /** Marks the store as asynchronous (`openEngine` requires it). */
  readonly async: true;
  load(): Promise<StoreContents>;
  initialize(formatVersion: number): Promise<void>;
  /** Appends a batch atomically: all entries are durable when it resolves, none are kept when it rejects. */
  append(entries: readonly StoredRecord[]): Promise<void>;
  saveSnapshot(snapshot: StoredRecord, options: { readonly compact: boolean }): Promise<void>;
  truncateAfter(seq: number): Promise<void>;
  close(): Promise<void>;
  /** Where published events are kept (`engine.eventsAfter`), if this store keeps them. */
  readonly events?: AsyncEventArchive;
  /** See {@link Store.scrub}. */
  scrub?(): Promise<void>;
}
