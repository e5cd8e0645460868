import type { Engine, EngineEvent, QueueStats } from 'chatroute';
import type { WaitForecaster } from './waitForecast';

/** A waiting customer's place in line: 1 is next. `estimatedWaitMs` is missing until the queue has answered a few chats. */
export interface Place {
  readonly position: number;
  readonly estimatedWaitMs?: number;
}

type Listener = (place: Place) => void;

interface Waiting {
  readonly queueId: string;
  readonly priority: number;
  readonly enqueuedAt: number;
  readonly seq: number;
}

/** Answers within this window give a queue's answer rate. */
const RATE_WINDOW_MS = 10 * 60_000;
const MIN_ANSWERS = 3;

/** Where a part that stays a leaf (chatroute and Node only) reports a failure: the host's logger fits it. */
export interface ErrorLog {
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

/**
 * Waiting customers' positions and estimated waits, recomputed once per tick (default 1 s) for the queues that have
 * someone watching, and told only to those whose figures changed: a queue of n waiting chats costs one sort per
 * tick, however many chats start or leave within it (per-event updates would cost n per change, n² per tick).
 *
 * Order is the engine's serving order: higher priority first, then earlier `enqueuedAt`. The estimate is the
 * forecast's median time to an agent when the host runs chatroute's forecast (`HostConfig.waitForecast`, every few
 * seconds for all waiting chats at once), else the position's share of the engine's `stats().estimatedWaitMs` (AHT
 * over the ready slots), or, before the engine has a handling time, the position divided by the queue's answer rate
 * over the last 10 minutes; rounded to 5 s.
 *
 * @example
 * ```ts
 * const stop = positions.watch(chatId, ({ position, estimatedWaitMs }) => send({ position, estimatedWaitMs }));
 * ```
 */
export class QueuePositions {
  readonly #engine: Engine;
  readonly #log: ErrorLog | undefined;
  readonly #now: () => number;
  readonly #waiting = new Map<string, Waiting>();
  readonly #answers = new Map<string, number[]>();
  readonly #watchers = new Map<string, { listener: Listener; last?: Place }>();
  readonly #subscription: { unsubscribe(): void };
  readonly #timer: ReturnType<typeof setInterval>;
  /** `engine.stats()` of the last tick: it costs more than everything else here, so once per tick, not per watcher. */
  #stats: ReadonlyMap<string, QueueStats> | undefined;
  /** Starts per queue (times), for the forecast's arrival rates. */
  readonly #starts = new Map<string, number[]>();
  readonly #forecaster: WaitForecaster | undefined;
  readonly #forecastEveryMs: number;
  #forecast: { at: number; waits: ReadonlyMap<string, number> } | undefined;

  constructor(engine: Engine, now: () => number, options: { tickMs?: number; forecaster?: WaitForecaster; forecastEveryMs?: number; log?: ErrorLog } = {}) {
    this.#log = options.log;
    const tickMs = options.tickMs ?? 1_000;
    this.#engine = engine;
    this.#now = now;
    this.#forecaster = options.forecaster;
    this.#forecastEveryMs = options.forecastEveryMs ?? 5_000;
    this.#subscription = engine.events$.subscribe((event) => this.#onEvent(event));
    // After a restart, every chat still waiting is in line from the start (in start order for equal ranks).
    engine.chats({ states: ['queued', 'offered'] }).forEach((chat, seq) => {
      this.#waiting.set(chat.id, { queueId: chat.queueId, priority: chat.priority, enqueuedAt: chat.enqueuedAt, seq });
    });
    this.#timer = setInterval(() => {
      this.#stats = undefined;
      this.#refreshForecast();
      this.tick();
    }, tickMs);
    this.#timer.unref();
  }

  /** Tells `listener` this chat's place now and whenever it changes, while it waits. */
  watch(chatId: string, listener: Listener): () => void {
    const chat = this.#engine.getChat(chatId);
    // A chat the host has not seen start (it started on another node, say) joins the line when watched.
    if (chat !== undefined && !this.#waiting.has(chatId) && (chat.state === 'queued' || chat.state === 'offered')) {
      this.#waiting.set(chatId, { queueId: chat.queueId, priority: chat.priority, enqueuedAt: chat.enqueuedAt, seq: 0 });
    }
    const entry = { listener };
    this.#watchers.set(chatId, entry);
    this.tick(chatId);
    return () => {
      if (this.#watchers.get(chatId) === entry) this.#watchers.delete(chatId);
    };
  }

  /** Recomputes the places of watched chats (of one chat's queue, or all) and tells the changed ones. */
  tick(onlyChatId?: string): void {
    if (this.#watchers.size === 0) return;
    const queues = new Map<string, Array<[string, Waiting]>>();
    for (const [chatId, w] of this.#waiting) {
      let list = queues.get(w.queueId);
      if (list === undefined) queues.set(w.queueId, (list = []));
      list.push([chatId, w]);
    }
    const onlyQueue = onlyChatId !== undefined ? this.#waiting.get(onlyChatId)?.queueId : undefined;
    this.#stats ??= new Map(this.#engine.stats().map((s) => [s.queueId, s]));
    const stats = this.#stats;
    for (const [queueId, list] of queues) {
      if (onlyChatId !== undefined && queueId !== onlyQueue) continue;
      if (!list.some(([chatId]) => this.#watchers.has(chatId))) continue;
      list.sort(([, a], [, b]) => b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq);
      const perMs = this.#answerRate(queueId);
      // The engine's estimate for a chat starting now is (waiting + 1) × AHT ÷ ready slots; a chat at place p waits
      // p of those shares. Without one (no handling time yet), the queue's recent answer rate.
      const engineEstimate = stats.get(queueId)?.estimatedWaitMs ?? null;
      const perPlace = engineEstimate !== null && engineEstimate > 0 ? engineEstimate / ((stats.get(queueId)?.waiting ?? 0) + 1) : undefined;
      list.forEach(([chatId], index) => {
        const watcher = this.#watchers.get(chatId);
        if (watcher === undefined) return;
        const position = index + 1;
        // Rounded to 5 s so the figure does not flicker (and cost a frame) on every tick.
        const forecast = this.#forecast?.waits.get(chatId);
        const raw = forecast !== undefined ? forecast : perPlace !== undefined ? position * perPlace : perMs > 0 ? position / perMs : undefined;
        const estimate = raw !== undefined ? Math.max(5_000, Math.round(raw / 5_000) * 5_000) : undefined;
        const place: Place = estimate !== undefined ? { position, estimatedWaitMs: estimate } : { position };
        if (watcher.last?.position === place.position && watcher.last.estimatedWaitMs === place.estimatedWaitMs) return;
        watcher.last = place;
        watcher.listener(place);
      });
    }
  }

  /** A watched chat's current place, or undefined once it no longer waits. */
  placeOf(chatId: string): Place | undefined {
    return this.#waiting.has(chatId) ? this.#watchers.get(chatId)?.last : undefined;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#subscription.unsubscribe();
  }

  /** Runs the forecast (if configured) when it is due and someone waits with the widget open. */
  #refreshForecast(): void {
    const forecaster = this.#forecaster;
    if (forecaster === undefined) return;
    const now = this.#now();
    if (this.#forecast !== undefined && now - this.#forecast.at < this.#forecastEveryMs) return;
    if (![...this.#watchers.keys()].some((chatId) => this.#waiting.has(chatId))) {
      this.#forecast = undefined;
      return;
    }
    try {
      this.#forecast = { at: now, waits: forecaster(this.#arrivalRates(now)) };
    } catch (error) {
      // An estimate is a courtesy: a failed forecast falls back to the engine's figures until the next one.
      this.#log?.error('the wait forecast failed', { error });
      this.#forecast = { at: now, waits: new Map() };
    }
  }

  /** Chats started per second in each queue over the last 10 minutes: the arrivals a forecast assumes. */
  arrivalRates(): Record<string, number> {
    return this.#arrivalRates(this.#now());
  }

  /** Chats started per second in each queue over the last 10 minutes (or since the first start, if sooner). */
  #arrivalRates(now: number): Record<string, number> {
    const rates: Record<string, number> = {};
    for (const [queueId, times] of this.#starts) {
      const recent = times.filter((at) => now - at <= RATE_WINDOW_MS);
      this.#starts.set(queueId, recent);
      if (recent.length > 0) rates[queueId] = recent.length / (Math.max(60_000, now - (recent[0] as number)) / 1000);
    }
    return rates;
  }

  #answerRate(queueId: string): number {
    const now = this.#now();
    const answers = (this.#answers.get(queueId) ?? []).filter((at) => now - at <= RATE_WINDOW_MS);
    this.#answers.set(queueId, answers);
    if (answers.length < MIN_ANSWERS) return 0;
    const span = Math.max(60_000, now - (answers[0] as number));
    return answers.length / span;
  }

  #onEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'chat.queued':
        if (event.reason === 'started') {
          const starts = this.#starts.get(event.queueId) ?? [];
          starts.push(event.at);
          if (starts.length > 10_000) starts.shift();
          this.#starts.set(event.queueId, starts);
        }
        this.#waiting.set(event.chatId, { queueId: event.queueId, priority: event.priority, enqueuedAt: event.enqueuedAt, seq: event.seq });
        return;
      case 'chat.assigned': {
        const waiting = this.#waiting.get(event.chatId);
        if (waiting !== undefined) {
          const list = this.#answers.get(waiting.queueId) ?? [];
          list.push(event.at);
          if (list.length > 1_000) list.shift();
          this.#answers.set(waiting.queueId, list);
        }
        this.#waiting.delete(event.chatId);
        return;
      }
      case 'customer.left':
      case 'chat.abandoned':
      case 'chat.closed':
        this.#waiting.delete(event.chatId);
        return;
      default:
    }
  }
}
