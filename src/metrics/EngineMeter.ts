import type { CommandType } from '../model/commands';
import type { ErrorCode } from '../model/results';
import { Histogram } from './Histogram';
import type { EngineInstrumentation } from './types';

type CommandCounts = { accepted: number; refused: Partial<Record<ErrorCode, number>> };

/**
 * The engine's own measurements: counters and latency histograms kept for `engine.metrics()`, and every observation
 * passed on to the host's instrumentation (`createEngine({ instrument })`). Always on: a counter and a bucket per input.
 */
export class EngineMeter {
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

  /** One input completed (positional, so the hot path allocates nothing unless an exporter listens). */
  dispatched(type: CommandType | undefined, startedAt: number, ms: number, code: ErrorCode | undefined): void {
    this.dispatchMs.observe(ms);
    if (type === undefined) this.invalidCommands++;
    else {
      let counts = this.commands.get(type);
      if (counts === undefined) this.commands.set(type, (counts = { accepted: 0, refused: {} }));
      if (code === undefined) counts.accepted++;
      else counts.refused[code] = (counts.refused[code] ?? 0) + 1;
    }
    if (this.#next?.dispatched !== undefined) this.#next.dispatched({ type, startedAt, ms, code });
  }

  /** A live timer ran. */
  timerFired(kind: string, startedAt: number, ms: number): void {
    this.timers.set(kind, (this.timers.get(kind) ?? 0) + 1);
    this.timerMs.observe(ms);
    if (this.#next?.timerFired !== undefined) this.#next.timerFired({ kind, startedAt, ms });
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
