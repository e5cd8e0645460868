import type { Engine } from '../index';
import { reduceEvents, INTERVAL_MS } from './reduceEvents';
import type { ReportStore } from './types';

/** A running report follower: how far it is, and how to stop it. */
export interface ReportFollower {
  /** Resolves once every event published so far is in the store. */
  caughtUp(): Promise<void>;
  /** The last error a batch met (the follower retries at the next event), if any. */
  readonly lastError: unknown;
  stop(): void;
}

/**
 * Keeps a {@link ReportStore} up to date from the engine's event log: from the store's saved position (`eventsAfter`),
 * page by page, each page saved atomically with its new position; then again whenever events are published. A crash
 * or restart resumes where the store's position says: nothing is lost or counted twice. Pages of `pageSize` events.
 *
 * @example
 * ```ts
 * import { createMemoryReportStore, followReports } from 'chatroute/reports';
 * const reports = createMemoryReportStore();
 * const follower = followReports(engine, reports);
 * await follower.caughtUp();
 * ```
 */
export function followReports(engine: Pick<Engine, 'eventsAfter' | 'events$'>, store: ReportStore, options: { readonly pageSize?: number; readonly intervalMs?: number } = {}): ReportFollower {
  const pageSize = options.pageSize ?? 1_000;
  const intervalMs = options.intervalMs ?? INTERVAL_MS;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let lastError: unknown;
  const drain = async (): Promise<void> => {
    for (;;) {
      const { seq, state } = await store.position();
      const page = await engine.eventsAfter(seq, { limit: pageSize });
      if (!page.ok) throw new Error(page.error.message);
      if (page.events.length === 0) return;
      await store.save(reduceEvents(page.events, state, intervalMs));
    }
  };
  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
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
        }
      } while (again && !stopped);
      running = undefined;
    })();
    return running;
  };
  const subscription = engine.events$.subscribe({ next: () => void run() });
  void run();
  return {
    caughtUp: async () => {
      await run();
      if (lastError !== undefined) throw lastError;
    },
    get lastError() {
      return lastError;
    },
    stop() {
      stopped = true;
      subscription.unsubscribe();
    },
  };
}
