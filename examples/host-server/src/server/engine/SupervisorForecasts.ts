import type { Engine } from 'chatroute';
import { forecast, type QueueForecast } from 'chatroute/simulation';
import type { ErrorLog } from './QueuePositions';

/** What a supervisor's desk shows of the forecast: per queue, service level and abandonment ahead, and a warning. */
export interface SupervisorForecast {
  readonly at: number;
  readonly horizonMs: number;
  readonly queues: readonly QueueForecast[];
}

type Listener = (forecast: SupervisorForecast) => void;

/**
 * The next half hour of each queue, forecast from a fork of the live engine (chatroute's `forecast`: several seeded
 * runs of the simulator's behaviour from the current state) with the arrivals the host measured and the engine's
 * handling time. A full forecast costs a fork and a simulated half hour per seed (about 0.5 s of CPU per seed at 300
 * agents), so it runs once a minute and only while a supervisor has a desk open, and every supervisor tab gets the
 * same result.
 *
 * @example
 * ```ts
 * const stop = forecasts.watch((f) => send({ type: 'forecast', forecast: f }));
 * ```
 */
export class SupervisorForecasts {
  readonly #engine: Engine;
  readonly #log: ErrorLog | undefined;
  readonly #arrivals: () => Readonly<Record<string, number>>;
  readonly #everyMs: number;
  readonly #listeners = new Set<Listener>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #last: SupervisorForecast | undefined;

  constructor(engine: Engine, arrivals: () => Readonly<Record<string, number>>, options: { everyMs?: number; log?: ErrorLog } = {}) {
    this.#log = options.log;
    this.#engine = engine;
    this.#arrivals = arrivals;
    this.#everyMs = options.everyMs ?? 60_000;
  }

  /** Hears each new forecast (the latest at once, if there is one) until the returned function is called. */
  watch(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (this.#last !== undefined) listener(this.#last);
    else queueMicrotask(() => this.refresh());
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.refresh(), this.#everyMs);
      this.#timer.unref();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer !== undefined) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  /** Forecasts now and tells every watcher. A failed forecast is logged and skipped: it is advice, not service. */
  refresh(): void {
    if (this.#listeners.size === 0) return;
    try {
      const stats = this.#engine.stats();
      const rates = this.#arrivals();
      const closed = stats.reduce((n, s) => n + (s.ahtMs !== null ? s.closed : 0), 0);
      const ahtSec = closed > 0 ? stats.reduce((sum, s) => sum + (s.ahtMs ?? 0) * (s.ahtMs !== null ? s.closed : 0), 0) / closed / 1000 : 300;
      const result = forecast(this.#engine, {
        arrivals: stats.map((s) => ({ queueId: s.queueId, ratePerSec: rates[s.queueId] ?? 0 })),
        handleTimeSec: { distribution: 'exponential', mean: Math.max(1, ahtSec) },
        patienceSec: { distribution: 'exponential', mean: 180 },
        offerResponse: { delaySec: { distribution: 'exponential', mean: 4 }, missProbability: 0.02 },
        horizonMs: 30 * 60_000,
        intervalMs: 5 * 60_000,
        seeds: 4,
      });
      this.#last = Object.freeze({ at: result.at, horizonMs: result.horizonMs, queues: result.queues });
      for (const listener of [...this.#listeners]) listener(this.#last);
    } catch (error) {
      this.#log?.error('the supervisor forecast failed', { error });
    }
  }

  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
  }
}
