import type { Command } from '../model/commands';
import { encodeEntry, encodeSnapshot } from '../store/codec';
import type { JournalInput, Store } from '../store/types';
import { monotonic } from '../clock/monotonic';
import type { EngineInstrumentation } from '../metrics/types';
import type { EngineSnapshot } from './snapshotFormat';

/** Thrown through a transaction when the store refused a write: the input did not happen. */
export class StorageFailure extends Error {
  constructor(cause: unknown) {
    super(`the journal write failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * The engine's side of a {@link Store}: numbers and encodes inputs, appends each before it takes effect, and takes a
 * snapshot every `snapshotEvery` entries (compacting the journal before it).
 */
export class Journal {
  seq = 0;
  lastSnapshotSeq = 0;
  /** The command `dispatch` is running, journaled when its transaction begins (refusals never get there). */
  pending: Command | undefined = undefined;

  /** `capture`: the engine's whole state now (taken between inputs). */
  constructor(
    readonly store: Store,
    readonly snapshotEvery: number,
    readonly capture: () => EngineSnapshot,
    readonly observer?: Pick<EngineInstrumentation, 'journalAppended' | 'snapshotWritten'>,
    /** Runs first in every snapshot: the event log writes its events to the archive, so the snapshot is never ahead of it. */
    readonly beforeSnapshot?: () => void,
  ) {}

  record(at: number, input: JournalInput): void {
    const entry = encodeEntry({ seq: this.seq + 1, at, input });
    const startedAt = monotonic();
    try {
      this.store.append([entry]);
    } catch (error) {
      throw new StorageFailure(error);
    }
    this.seq = entry.seq;
    this.observer?.journalAppended?.({ entries: 1, startedAt, ms: monotonic() - startedAt });
  }

  /** Journals the pending command, if any (called as the outermost transaction begins). */
  recordPending(at: number): void {
    const command = this.pending;
    if (command === undefined) return;
    this.pending = undefined;
    this.record(at, { kind: 'command', command });
  }

  /** Called once an input has settled and its events are out: snapshots when due. */
  settled(): void {
    if (this.seq - this.lastSnapshotSeq >= this.snapshotEvery) this.snapshot();
  }

  /** Writes a snapshot of the engine after the last journaled entry; a failure is not fatal (retried later). */
  snapshot(): boolean {
    try {
      this.beforeSnapshot?.();
      const startedAt = monotonic();
      this.store.saveSnapshot(encodeSnapshot(this.seq, this.capture()), { compact: true });
      this.observer?.snapshotWritten?.({ startedAt, ms: monotonic() - startedAt });
      this.lastSnapshotSeq = this.seq;
      return true;
    } catch {
      // The journal still holds every entry; the next snapshot will cover them.
      this.lastSnapshotSeq = this.seq;
      return false;
    }
  }
}

