import type { Engine, EngineEvent } from 'chatroute';
import { backoffMs, postEvent, type WebhookPolicy } from './deliver';
import type { DeadLetter, Subscription, WebhookStore } from './WebhookStore';

/** What one subscription's deliveries did since the host started (`webhookStats()`). */
export interface DeliveryCounters {
  attempts: number;
  delivered: number;
  failedAttempts: number;
  timeouts: number;
  deadLettered: number;
  replayed: number;
  lastDeliveredAt?: number;
  lastError?: string;
}

export const newCounters = (): DeliveryCounters => ({ attempts: 0, delivered: 0, failedAttempts: 0, timeouts: 0, deadLettered: 0, replayed: 0 });

export interface WorkerDeps {
  readonly engine: Pick<Engine, 'eventsAfter'>;
  readonly store: WebhookStore;
  readonly policy: WebhookPolicy;
  readonly now: () => number;
  readonly random: () => number;
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly attempts: number; readonly error: string } | 'stopped';

const wanted = (types: readonly string[], type: string): boolean => types.length === 0 || types.includes(type);

/**
 * One subscription's delivery loop: one event in flight at a time, in `seq` order, read from the engine's event log
 * (`eventsAfter(cursor)`), never from memory, so a restart resumes from the stored cursor. Each attempt is written
 * to the store before it is made (write-ahead); 2xx moves the cursor; anything else waits a jittered back-off and
 * tries again, until `maxAttempts`, when the event becomes a dead letter and the loop goes on with the next.
 * Dead letters queued for replay go first, before the next new event. It runs beside the engine, awaiting the
 * network, so nothing it waits for is on the dispatch path; it holds at most one page of events.
 *
 * @example
 * ```ts
 * const worker = new SubscriptionWorker('wh-1', deps, newCounters());
 * engine.events$.subscribe(() => worker.wake());
 * await worker.stop();
 * ```
 */
export class SubscriptionWorker {
  readonly id: string;
  readonly counters: DeliveryCounters;
  readonly #deps: WorkerDeps;
  readonly #abort = new AbortController();
  readonly #done: Promise<void>;
  #woken = false;
  #wakeUp: (() => void) | undefined;
  /** Set when the admin changed something this loop must look at before the rest of its page (a replay, a filter). */
  #changed = false;

  constructor(id: string, deps: WorkerDeps, counters: DeliveryCounters) {
    this.id = id;
    this.#deps = deps;
    this.counters = counters;
    this.#done = this.#run();
  }

  get #stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  /** New events (or a change): look at the log again. Cheap; called for every published event. */
  wake(changed = false): void {
    if (changed) this.#changed = true;
    this.#woken = true;
    this.#wakeUp?.();
  }

  /** Aborts the attempt in flight (it stays in flight in the store: the next start sends it again) and ends the loop. */
  async stop(): Promise<void> {
    this.#abort.abort();
    this.#wakeUp?.();
    await this.#done;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        if (!(await this.#step())) await this.#idle();
      } catch (error) {
        this.counters.lastError = `delivery loop: ${String(error)}`;
        await this.#sleep(this.#deps.policy.idlePollMs);
      }
    }
  }

  /** One page (or one replay); false when there was nothing to do. */
  async #step(): Promise<boolean> {
    const { store, engine, policy, now } = this.#deps;
    this.#changed = false;
    const subscription = store.get(this.id);
    if (subscription === undefined || !subscription.enabled || subscription.behind !== undefined) return false;
    const replay = store.nextReplay(this.id);
    if (replay !== undefined) {
      await this.#replay(replay);
      return true;
    }
    const page = await engine.eventsAfter(subscription.cursor, { limit: policy.pageSize });
    if (!page.ok) {
      // Past the retention: stop here and say so (the admin page shows it); never skip to the oldest kept silently.
      if (page.error.code === 'cursor-expired') store.markBehind(this.id, page.error.oldestSeq ?? subscription.cursor + 1, now());
      this.counters.lastError = `${page.error.code}: ${page.error.message}`;
      return false;
    }
    let skippedTo: number | undefined;
    for (const event of page.events) {
      if (this.#stopped || this.#changed) break;
      if (!wanted(subscription.types, event.type)) {
        skippedTo = event.seq;
        continue;
      }
      if ((await this.#deliver(event)) === 'stopped') return true;
    }
    if (skippedTo !== undefined) store.advance(this.id, skippedTo);
    return page.events.length > 0;
  }

  async #deliver(event: EngineEvent): Promise<'done' | 'stopped'> {
    const { store, now } = this.#deps;
    const known = store.get(this.id)?.inFlight;
    const resumed = known?.seq === event.seq ? known : undefined;
    const outcome = await this.#attempts(event, resumed?.attempts ?? 0, resumed?.lastError, (attempt) => store.begin(this.id, event.seq, attempt));
    if (outcome === 'stopped') return 'stopped';
    if (outcome.ok) {
      store.ack(this.id, event.seq);
      return 'done';
    }
    store.deadLetter(this.id, { seq: event.seq, type: event.type, attempts: outcome.attempts, error: outcome.error, deadAt: now() });
    this.counters.deadLettered += 1;
    return 'done';
  }

  /** A dead letter queued for replay: read again from the log (so it is what the log holds now, erased or not), sent again. */
  async #replay(letter: DeadLetter): Promise<void> {
    const { store, engine, now } = this.#deps;
    const page = await engine.eventsAfter(letter.seq - 1, { limit: 1 });
    const event = page.ok ? page.events[0] : undefined;
    if (event === undefined || event.seq !== letter.seq) {
      const why = page.ok ? 'the event is not in the log' : `${page.error.code}: ${page.error.message}`;
      store.replayFailed(this.id, { ...letter, error: `replay: ${why}`, deadAt: now() });
      return;
    }
    const outcome = await this.#attempts(event, 0, undefined, () => {});
    if (outcome === 'stopped') return;
    if (outcome.ok) {
      store.deleteDeadLetter(this.id, letter.seq);
      this.counters.replayed += 1;
    } else {
      store.replayFailed(this.id, { seq: letter.seq, type: letter.type, attempts: letter.attempts + outcome.attempts, error: outcome.error, deadAt: now() });
    }
  }

  /** Attempts until 2xx or `maxAttempts` (counting those made before a restart), backing off in between. */
  async #attempts(event: EngineEvent, before: number, lastError: string | undefined, begin: (attempt: number) => void): Promise<Outcome> {
    const { store, policy, now, random } = this.#deps;
    const body = JSON.stringify(event);
    let attempts = before;
    let error = lastError ?? 'no attempt made';
    while (!this.#stopped) {
      const target: Subscription | undefined = store.get(this.id);
      if (target === undefined || !target.enabled) return 'stopped';
      if (attempts >= policy.maxAttempts) return { ok: false, attempts, error };
      attempts += 1;
      begin(attempts);
      this.counters.attempts += 1;
      const result = await postEvent(target, event, body, now(), policy.timeoutMs, this.#abort.signal);
      if (this.#stopped) return 'stopped';
      if (result.ok) {
        this.counters.delivered += 1;
        this.counters.lastDeliveredAt = now();
        return { ok: true };
      }
      error = result.error;
      this.counters.failedAttempts += 1;
      if (error.startsWith('timed out')) this.counters.timeouts += 1;
      this.counters.lastError = `seq ${event.seq}: ${error}`;
      store.failed(this.id, error);
      if (attempts < policy.maxAttempts) await this.#sleep(backoffMs(attempts, policy, random));
    }
    return 'stopped';
  }

  /** Waits for a wake-up, the idle poll, or the stop. */
  async #idle(): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.#deps.policy.idlePollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeUp = done;
    });
    this.#wakeUp = undefined;
    this.#woken = false;
  }

  /** A back-off: only the stop cuts it short (new events do not: the event in flight keeps its place). */
  async #sleep(ms: number): Promise<void> {
    if (this.#stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.#abort.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}
