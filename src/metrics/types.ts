import type { AgentState } from '../model/agent';
import type { CommandType } from '../model/commands';
import type { ErrorCode } from '../model/results';

/**
 * A latency distribution: counts per bucket (`counts[i]` holds observations ≤ `bounds[i]` and above the bound before;
 * the last count holds those above every bound), their sum and their number. Plain numbers, so any exporter can
 * render it (Prometheus buckets are the running sums of `counts`).
 */
export interface HistogramData {
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/**
 * What the engine measured since it started, and what it holds now: `engine.metrics()`. Counters only grow; gauges are
 * read at the call. Times are milliseconds of real (monotonic) time, not engine time.
 *
 * @example
 * ```ts
 * const m = engine.metrics();
 * console.log(m.commands['offer.accept']?.accepted, m.queues.map((q) => q.waiting));
 * ```
 */
export interface EngineMetrics {
  /** Per command type: accepted, refused by code, and how long `dispatch` took (accepted and refused together). */
  readonly commands: Readonly<Partial<Record<CommandType, { readonly accepted: number; readonly refused: Readonly<Partial<Record<ErrorCode, number>>> }>>>;
  /** Input that was not a command at all (refused `invalid-command` before its type was known). */
  readonly invalidCommands: number;
  readonly dispatchMs: HistogramData;
  /** Timers fired, by kind, and how long each took to run. */
  readonly timers: Readonly<Record<string, number>>;
  readonly timerMs: HistogramData;
  /** The `seq` of the last event emitted (events continue their sequence across restarts). */
  readonly lastEventSeq: number;
  /** The journal (a durable engine): entries appended, how long each append took, snapshots and their time. */
  readonly journal: {
    readonly entries: number;
    readonly appendMs: HistogramData;
    readonly snapshots: number;
    readonly snapshotMs: HistogramData;
    /** With an asynchronous store: batches committed, how long each took, and entries staged but not yet durable. */
    readonly commits: number;
    readonly commitMs: HistogramData;
    readonly uncommitted: number;
  };
  /** How the engine started: from a store's snapshot and journal (entries replayed, time), or fresh. */
  readonly recovery: { readonly replayedEntries: number; readonly ms: number } | null;
  /** Per queue, now: chats waiting (queued or offered) and the longest wait so far (engine time). */
  readonly queues: ReadonlyArray<{ readonly queueId: string; readonly waiting: number; readonly oldestWaitMs: number }>;
  /** Agents by state now, and how many of the logged-in ones are disconnected. */
  readonly agents: Readonly<Record<AgentState, number>> & { readonly disconnected: number };
  /** Live chats now (not closed or abandoned), and how many of them are passivated (kept as a snapshot). */
  readonly chats: { readonly live: number; readonly passivated: number };
}

/**
 * Callbacks for an exporter (OpenTelemetry, a log, a test): each input as it completes, with when it started and how
 * long it took (monotonic milliseconds). They run synchronously on the engine's path: keep them cheap and never throw.
 *
 * @example
 * ```ts
 * const engine = createEngine({ queues, agents, instrument: { dispatched: (i) => histogram.record(i.ms, { type: i.type }) } });
 * ```
 */
export interface EngineInstrumentation {
  /** `type` is undefined for input that is not a command at all (refused `invalid-command`). */
  dispatched?(info: { readonly type: CommandType | undefined; readonly startedAt: number; readonly ms: number; readonly code: ErrorCode | undefined }): void;
  timerFired?(info: { readonly kind: string; readonly startedAt: number; readonly ms: number }): void;
  journalAppended?(info: { readonly entries: number; readonly startedAt: number; readonly ms: number }): void;
  committed?(info: { readonly entries: number; readonly startedAt: number; readonly ms: number }): void;
  snapshotWritten?(info: { readonly startedAt: number; readonly ms: number }): void;
  recovered?(info: { readonly replayedEntries: number; readonly startedAt: number; readonly ms: number }): void;
}
