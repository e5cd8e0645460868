import { ChatrouteError } from '../errors/ChatrouteError';
import { monotonic } from '../clock/monotonic';
import type { EngineInstrumentation } from '../metrics/types';
import type { AsyncStore, EventArchive, Store, StoreContents, StoredEvent, StoredRecord } from '../store/types';

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

type Op =
  | { kind: 'append'; entries: StoredRecord[]; outputs: Array<() => void> }
  | { kind: 'initialize'; version: number; outputs: Array<() => void> }
  | { kind: 'snapshot'; snapshot: StoredRecord; compact: boolean; outputs: Array<() => void> }
  | { kind: 'truncate'; seq: number; outputs: Array<() => void> }
  | { kind: 'close'; outputs: Array<() => void> }
  | { kind: 'events'; events: readonly StoredEvent[]; outputs: Array<() => void> }
  | { kind: 'pruneEvents'; seq: number; outputs: Array<() => void> }
  | { kind: 'rewriteEvents'; rewrite: (event: StoredEvent) => StoredEvent | undefined; outputs: Array<() => void> }
  | { kind: 'scrub'; outputs: Array<() => void> };

/**
 * The synchronous {@link Store} face of an {@link AsyncStore}, so the engine journals into a network database with
 * the same code as into SQLite. Writes are staged (never blocking `dispatch`) and committed in order, one batch in
 * flight at a time; every append staged while a batch is in flight goes into the next (group commit). Outputs the
 * engine hands to {@link GroupCommit.hold} are attached to the latest staged write and delivered, in order, only once
 * it has committed: output commit, asynchronously.
 *
 * A rejected write fails the whole thing: held outputs are dropped (no client may see what the journal lost), later
 * writes are refused, and `onFailed` runs so the host can stop the engine and reopen it from the store.
 */
export class GroupCommit implements Store {
  readonly #target: AsyncStore;
  readonly #contents: StoreContents;
  readonly #onFailed: (error: unknown) => void;
  readonly #ops: Op[] = [];
  readonly #waiters: Waiter[] = [];
  #pumping = false;
  #failure: { error: unknown } | undefined;
  /** The last journal entry staged, and the last one known durable. */
  staged = 0;
  committed = 0;
  /** Told of each batch of appends once it committed (the engine's meter). */
  observer: Pick<EngineInstrumentation, 'committed'> | undefined = undefined;

  /** The target's event archive, staged like every write; reads go to the target (see {@link GroupCommit.readEvents}). */
  readonly events: EventArchive | undefined;

  /** `eventRange`: what the target's event archive held when it was loaded. */
  constructor(target: AsyncStore, contents: StoreContents, onFailed: (error: unknown) => void, eventRange: { readonly first: number; readonly last: number } | null = null) {
    this.#target = target;
    this.#contents = contents;
    this.#onFailed = onFailed;
    this.staged = this.committed = lastSeq(contents);
    this.events =
      target.events === undefined
        ? undefined
        : {
            appendEvents: (events) => this.#stage({ kind: 'events', events: [...events], outputs: [] }),
            pruneEvents: (seq) => this.#stage({ kind: 'pruneEvents', seq, outputs: [] }),
            rewriteEvents: (rewrite) => {
              this.#stage({ kind: 'rewriteEvents', rewrite, outputs: [] });
              return 0;
            },
            eventRange: () => eventRange,
            readEvents: () => {
              throw new ChatrouteError('invalid-argument', 'an asynchronous store reads its events with readEvents on the GroupCommit (awaited)');
            },
          };
  }

  /** Reads archived events from the target (asynchronously): what `engine.eventsAfter` pages through. */
  readEvents(afterSeq: number, limit: number): Promise<readonly StoredEvent[]> {
    const archive = this.#target.events;
    return archive === undefined ? Promise.resolve([]) : archive.readEvents(afterSeq, limit);
  }

  get failure(): unknown {
    return this.#failure?.error;
  }

  load(): StoreContents {
    return this.#contents;
  }

  initialize(version: number): void {
    this.#stage({ kind: 'initialize', version, outputs: [] });
  }

  append(entries: readonly StoredRecord[]): void {
    if (this.#failure !== undefined) throw this.#failure.error;
    if (entries.length === 0) return;
    this.#stage({ kind: 'append', entries: [...entries], outputs: [] });
    this.staged = (entries[entries.length - 1] as StoredRecord).seq;
  }

  saveSnapshot(snapshot: StoredRecord, options: { readonly compact: boolean }): void {
    this.#stage({ kind: 'snapshot', snapshot, compact: options.compact, outputs: [] });
  }

  truncateAfter(seq: number): void {
    this.#stage({ kind: 'truncate', seq, outputs: [] });
  }

  close(): void {
    this.#stage({ kind: 'close', outputs: [] });
  }

  scrub(): void {
    this.#stage({ kind: 'scrub', outputs: [] });
  }

  /** Holds an output until everything staged before it has committed (delivered at once when nothing is pending). */
  hold(output: () => void): void {
    if (this.#failure !== undefined) return;
    const last = this.#ops[this.#ops.length - 1];
    if (last === undefined) output();
    else last.outputs.push(output);
  }

  /** Resolves once entry `seq` (default: the last staged) is durable; rejects if the store failed first. */
  durable(seq = this.staged): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    if (seq <= this.committed) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiters.push({ seq, resolve, reject }));
  }

  /** Resolves when every staged write (and the `close`, if staged) has completed. */
  async drained(): Promise<void> {
    while (this.#ops.length > 0 || this.#pumping) {
      if (this.#failure !== undefined) throw this.#failure.error;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  #stage(op: Op): void {
    if (this.#failure !== undefined) return;
    this.#ops.push(op);
    if (!this.#pumping) {
      this.#pumping = true;
      // Everything staged in this synchronous run joins the first batch; later ones wait for the next.
      queueMicrotask(() => void this.#pump());
    }
  }

  async #pump(): Promise<void> {
    try {
      while (this.#ops.length > 0 && this.#failure === undefined) {
        let op = this.#ops.shift() as Op;
        if (op.kind === 'append') {
          // Group commit: consecutive staged appends go as one batch.
          const merged: Op & { kind: 'append' } = { kind: 'append', entries: op.entries, outputs: op.outputs };
          while (this.#ops[0]?.kind === 'append') {
            const next = this.#ops.shift() as Op & { kind: 'append' };
            merged.entries.push(...next.entries);
            merged.outputs.push(...next.outputs);
          }
          op = merged;
        }
        const startedAt = monotonic();
        await this.#write(op);
        if (op.kind === 'append') {
          this.committed = (op.entries[op.entries.length - 1] as StoredRecord).seq;
          this.observer?.committed?.({ entries: op.entries.length, startedAt, ms: monotonic() - startedAt });
        }
        for (const output of op.outputs) output();
        this.#settleWaiters();
      }
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#pumping = false;
    }
  }

  #write(op: Op): Promise<void> {
    switch (op.kind) {
      case 'append':
        return this.#target.append(op.entries);
      case 'initialize':
        return this.#target.initialize(op.version);
      case 'snapshot':
        return this.#target.saveSnapshot(op.snapshot, { compact: op.compact });
      case 'truncate':
        return this.#target.truncateAfter(op.seq);
      case 'close':
        return this.#target.close();
      case 'events':
        return this.#target.events?.appendEvents(op.events) ?? Promise.resolve();
      case 'pruneEvents':
        return this.#target.events?.pruneEvents(op.seq) ?? Promise.resolve();
      case 'rewriteEvents':
        return this.#target.events?.rewriteEvents(op.rewrite).then(() => undefined) ?? Promise.resolve();
      case 'scrub':
        return this.#target.scrub?.() ?? Promise.resolve();
    }
  }

  #settleWaiters(): void {
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const waiter = this.#waiters[i] as Waiter;
      if (waiter.seq <= this.committed) {
        this.#waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    const failure = ChatrouteError.is(error) || error instanceof Error ? error : new Error(String(error));
    this.#failure = { error: failure };
    this.#ops.length = 0;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(failure);
    this.#onFailed(failure);
  }
}

function lastSeq(contents: StoreContents): number {
  let seq = contents.snapshot?.seq ?? 0;
  for (const entry of contents.entries) seq = entry.seq;
  return seq;
}
