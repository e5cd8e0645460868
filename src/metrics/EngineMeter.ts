import type { CommandType } from '../model/commands';
import type { ErrorCode } from '../model/results';
import { Histogram } from './Histogram';
import type { EngineInstrumentation } from './types';

type CommandCounts = { accepted: number; refused: Partial<Record<ErrorCode, number>> };

/**
 * The engine's own measurements: counters and latency histograms kept for `engine.metrics()`, and every observation
 * passed on to the host's instrumentation (`createEngine({ instrument })`). Always on: a counter and a bucket per input.
 */
export class EngineMeter implements Required<EngineInstrumentation> {
  readonly commands = new Map<CommandType, CommandCounts>();
  invalidCommands = 0;
  readonly dispatchMs = new Histogram();
  readonly timers = new Map<string, number>();
  readonly timerMs = new Histogram();
  journalEntries = 0;
  readonly appendMs = new Histogram();
  snapshots = 0;
  readonly snapshotMs = new Histogram();
  commits = 0;
  readonly commitMs = new Histogram();
  recovery: { replayedEntries: number; ms: number } | null = null;
  readonly #next: EngineInstrumentation | undefined;

  constructor(next: EngineInstrumentation | undefined) {
    this.#next = next;
  }

  dispatched(info: { readonly type: CommandType | undefined; readonly startedAt: number; readonly ms: number; readonly code: ErrorCode | undefined }): void {
    this.dispatchMs.observe(info.ms);
    if (info.type === undefined) this.invalidCommands++;
    else {
      let counts = this.commands.get(info.type);
      if (counts === undefined) this.commands.set(info.type, (counts = { accepted: 0, refused: {} }));
      if (info.code === undefined) counts.accepted++;
      else counts.refused[info.code] = (counts.refused[info.code] ?? 0) + 1;
    }
    this.#next?.dispatched?.(info);
  }

  timerFired(info: { readonly kind: string; readonly startedAt: number; readonly ms: number }): void {
    this.timers.set(info.kind, (this.timers.get(info.kind) ?? 0) + 1);
    this.timerMs.observe(info.ms);
    this.#next?.timerFired?.(info);
  }

  journalAppended(info: { readonly entries: number; readonly startedAt: number; readonly ms: number }): void {
    this.journalEntries += info.entries;
    this.appendMs.observe(info.ms);
    this.#next?.journalAppended?.(info);
  }

  committed(info: { readonly entries: number; readonly startedAt: number; readonly ms: number }): void {
    this.commits++;
    this.commitMs.observe(info.ms);
    this.#next?.committed?.(info);
  }

  snapshotWritten(info: { readonly startedAt: number; readonly ms: number }): void {
    this.snapshots++;
    this.snapshotMs.observe(info.ms);
    this.#next?.snapshotWritten?.(info);
  }

  recovered(info: { readonly replayedEntries: number; readonly startedAt: number; readonly ms: number }): void {
    this.recovery = { replayedEntries: info.replayedEntries, ms: info.ms };
    this.#next?.recovered?.(info);
  }
}
