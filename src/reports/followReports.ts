import type { Clock, Engine, EngineEvent } from '../index';
import { reduceEvents, INTERVAL_MS } from './reduceEvents';
import type { ReportBatch, ReportGap, ReporterState, ReportStore } from './types';

/** A running report follower: how far it is, what it could not report, and how to stop it. */
export interface ReportFollower {
  /** Resolves once every event published so far is in the store (a pending flush is done at once). */
  caughtUp(): Promise<void>;
  /** The last error a batch met (the follower retries at the next event), if any. */
  readonly lastError: unknown;
  /** Stretches of the log the reports never saw (past the retention when the follower reached them), oldest first. */
  readonly gaps: readonly ReportGap[];
  stop(): void;
}

/** Options of {@link followReports}. */
export interface FollowReportsOptions {
  /** Events per `eventsAfter` read (default 1 000). */
  readonly pageSize?: number;
  /** Events reduced and saved in one store transaction, at most (default 10 000): pages are joined up to this. */
  readonly batchEvents?: number;
  /**
   * After a publish, wait this long (on the engine's `clock`) before reading, so a burst (a reconnect storm) is
   * saved in one batch rather than one per event (default 0: read at once). `caughtUp()` never waits for it.
   */
  readonly flushMs?: number;
  readonly intervalMs?: number;
  /** Told of each gap as it is found (the host logs it and counts it in `/metrics`). */
  readonly onGap?: (gap: ReportGap) => void;
}

/** Gaps kept in the reporter's state (the oldest are dropped beyond). */
const MAX_GAPS = 20;

/**
 * Keeps a {@link ReportStore} up to date from the engine's event log: from the store's saved position (`eventsAfter`),
 * in batches of up to `batchEvents` events, each saved atomically with its new position; then again whenever events
 * are published (after `flushMs`, so bursts share a batch). A crash or restart resumes where the store's position
 * says: nothing is lost or counted twice. The reporter's state is read from the store once and then kept in memory
 * (the follower is the store's only writer).
 *
 * A store whose position is older than the log keeps (a new store on an old data folder, a follower that lagged past
 * `eventRetention`) never stalls: the follower goes on from the oldest event kept, records the stretch it skipped as
 * a {@link ReportGap} (in `gaps`, persisted in the reporter's state, and told to `onGap`), and forgets the agents'
 * open states (time across the gap cannot be attributed). What the kept events hold is rebuilt: every
 * `contact.recorded` in them gives its contact record and its queue and agent interval figures.
 *
 * @example
 * ```ts
 * import { createMemoryReportStore, followReports } from 'chatroute/reports';
 * const reports = createMemoryReportStore();
 * const follower = followReports(engine, reports, { flushMs: 1_000, onGap: (gap) => log.warn('reports skipped', gap) });
 * await follower.caughtUp();
 * follower.gaps; // [] unless the log had moved on
 * ```
 */
export function followReports(engine: Pick<Engine, 'eventsAfter' | 'events$'> & { readonly clock?: Clock }, store: ReportStore, options: FollowReportsOptions = {}): ReportFollower {
  const pageSize = options.pageSize ?? 1_000;
  const batchEvents = Math.max(pageSize, options.batchEvents ?? 10_000);
  const intervalMs = options.intervalMs ?? INTERVAL_MS;
  const flushMs = options.flushMs ?? 0;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let lastError: unknown;
  let position: { seq: number; state: ReporterState } | undefined;
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  let gaps: readonly ReportGap[] = [];

  /** The log moved past `seq`: go on from the oldest event kept, with the gap in the state. */
  const skip = (seq: number, oldestSeq: number, state: ReporterState): { seq: number; state: ReporterState } => {
    const gap: ReportGap = { afterSeq: seq, resumedAt: oldestSeq, ...(engine.clock !== undefined ? { at: engine.clock.now() } : {}) };
    options.onGap?.(gap);
    return { seq: oldestSeq - 1, state: { agents: {}, gaps: [...(state.gaps ?? []), gap].slice(-MAX_GAPS) } };
  };
  const drain = async (): Promise<void> => {
    position ??= await store.position();
    gaps = position.state.gaps ?? [];
    for (;;) {
      let seq = position.seq;
      let state: ReporterState = position.state;
      const events: EngineEvent[] = [];
      while (events.length < batchEvents) {
        const page = await engine.eventsAfter(seq, { limit: Math.min(pageSize, batchEvents - events.length) });
        if (!page.ok) {
          if (page.error.code === 'cursor-expired' && page.error.oldestSeq !== undefined && events.length === 0) {
            ({ seq, state } = skip(seq, page.error.oldestSeq, state));
            gaps = state.gaps ?? [];
            continue;
          }
          if (events.length > 0) break;
          throw new Error(page.error.message);
        }
        if (page.events.length === 0) break;
        for (const event of page.events) events.push(event);
        seq = (page.events[page.events.length - 1] as EngineEvent).seq;
      }
      if (events.length === 0) {
        if (state !== position.state) {
          // Only a gap: save it, so it stays visible after a restart.
          await store.save({ records: [], queueIntervals: [], agentIntervals: [], erasedContacts: [], seq, state });
          position = { seq, state };
        }
        return;
      }
      const batch = reduceEvents(events, state, intervalMs);
      const next: ReportBatch = { ...batch, state: { ...batch.state, ...(state.gaps !== undefined ? { gaps: state.gaps } : {}) } };
      await store.save(next);
      position = { seq: next.seq, state: next.state };
    }
  };
  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (timer !== undefined) engine.clock?.clearTimeout(timer);
    timer = undefined;
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
          lastError = undefined;
        } catch (error) {
          lastError = error;
          // Read the position again next time: the failed save may or may not have happened.
          position = undefined;
        }
      } while (again && !stopped);
      running = undefined;
    })();
    return running;
  };
  const schedule = (): void => {
    if (flushMs <= 0 || engine.clock === undefined) return void run();
    timer ??= engine.clock.setTimeout(() => {
      timer = undefined;
      void run();
    }, flushMs);
  };
  const subscription = engine.events$.subscribe({ next: schedule });
  void run();
  return {
    caughtUp: async () => {
      await run();
      if (lastError !== undefined) throw lastError;
    },
    get lastError() {
      return lastError;
    },
    get gaps() {
      return gaps;
    },
    stop() {
      stopped = true;
      if (timer !== undefined) engine.clock?.clearTimeout(timer);
      timer = undefined;
      subscription.unsubscribe();
    },
  };
}
