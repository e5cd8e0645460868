import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Engine } from 'chatroute';
import type { DeadLetterView, WebhookInput, WebhookView } from '../../shared/webhooks';
import { defaultWebhookPolicy, type WebhookPolicy } from './deliver';
import { newCounters, SubscriptionWorker, type DeliveryCounters } from './SubscriptionWorker';
import { WebhookStore, type Subscription } from './WebhookStore';

/** A refusal of a webhook operation, as a value: the admin API answers it with the matching HTTP status. */
export interface WebhookError {
  readonly code: 'bad-request' | 'not-found' | 'invalid-state';
  readonly message: string;
}
export type WebhookResult<T extends object = object> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: WebhookError };

/** `webhookStats()`: plain data for a `/metrics` endpoint, per subscription and summed. */
export interface WebhookStats {
  /** The last event `seq` this host saw published. */
  readonly lastEventSeq: number;
  readonly totals: DeliveryCounters & { readonly subscriptions: number; readonly deadLetters: number; readonly behind: number };
  readonly subscriptions: ReadonlyArray<
    DeliveryCounters & {
      readonly id: string;
      readonly enabled: boolean;
      readonly cursor: number;
      /** Events published and not yet done with (`lastEventSeq - cursor`), whatever the type filter. */
      readonly lag: number;
      readonly inFlightSeq: number | null;
      readonly deadLetters: number;
      readonly behind: boolean;
    }
  >;
}

const MAX_SUBSCRIPTIONS = 50;
const TYPE = /^[a-z][\w.-]{0,63}$/;
const bad = (message: string): WebhookResult<never> => ({ ok: false, error: { code: 'bad-request', message } });
const missing = (id: string): WebhookResult<never> => ({ ok: false, error: { code: 'not-found', message: `no webhook ${JSON.stringify(id)}` } });

/** Checks an admin's input; the cleaned fields, or the reason. */
function checkInput(input: unknown, partial: boolean): { ok: true; value: Partial<WebhookInput> } | { ok: false; message: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, message: 'send { "url", "types"?, "secret"?, "enabled"? }' };
  const { url, types, secret, enabled, ...rest } = input as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) return { ok: false, message: `unknown field ${JSON.stringify(extra)}` };
  if (url !== undefined || !partial) {
    if (typeof url !== 'string' || url.length > 2_000 || !URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
      return { ok: false, message: 'url must be an http(s) URL of at most 2000 characters' };
    }
  }
  if (types !== undefined && (!Array.isArray(types) || types.length > 100 || !types.every((t) => typeof t === 'string' && TYPE.test(t)))) {
    return { ok: false, message: 'types must be a list of event types such as "chat.closed" (empty: every event)' };
  }
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < 16 || secret.length > 200)) return { ok: false, message: 'secret must be 16 to 200 characters' };
  if (enabled !== undefined && typeof enabled !== 'boolean') return { ok: false, message: 'enabled must be true or false' };
  return {
    ok: true,
    value: {
      ...(url !== undefined ? { url: url as string } : {}),
      ...(types !== undefined ? { types: [...new Set(types as string[])] } : {}),
      ...(secret !== undefined ? { secret: secret as string } : {}),
      ...(enabled !== undefined ? { enabled: enabled as boolean } : {}),
    },
  };
}

/**
 * The host's webhooks: subscriptions kept in the data folder (`WebhookStore`), one {@link SubscriptionWorker} each,
 * woken by `events$` but reading what they deliver from `engine.eventsAfter`, so a crash or restart loses nothing
 * and a slow receiver holds back only its own subscription, never routing.
 *
 * @example
 * ```ts
 * const webhooks = new Webhooks(engine, db, { now: () => engine.clock.now() });
 * const created = webhooks.create({ url: 'https://crm.example.com/chatroute', types: ['contact.recorded'] });
 * webhooks.webhookStats().totals.delivered;
 * await webhooks.close();
 * ```
 */
export class Webhooks {
  readonly #engine: Engine;
  readonly #store: WebhookStore;
  readonly #policy: WebhookPolicy;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #workers = new Map<string, SubscriptionWorker>();
  readonly #events: ReturnType<Engine['events$']['subscribe']>;
  #lastSeq: number;

  constructor(engine: Engine, db: Database.Database, options: { readonly now: () => number; readonly policy?: Partial<WebhookPolicy>; readonly random?: () => number }) {
    this.#engine = engine;
    this.#store = new WebhookStore(db);
    this.#policy = { ...defaultWebhookPolicy, ...options.policy };
    this.#now = options.now;
    this.#random = options.random ?? Math.random;
    this.#lastSeq = engine.metrics().lastEventSeq;
    for (const subscription of this.#store.list()) this.#startWorker(subscription.id);
    // Only a wake-up: what is delivered is read from the log, so this handler does no work on the dispatch path.
    this.#events = engine.events$.subscribe((event) => {
      this.#lastSeq = event.seq;
      for (const worker of this.#workers.values()) worker.wake();
    });
  }

  get policy(): WebhookPolicy {
    return this.#policy;
  }

  list(): WebhookView[] {
    const dead = this.#store.deadCounts();
    return this.#store.list().map((s) => this.#view(s, dead.get(s.id) ?? 0));
  }

  /** A new subscription, delivering the events published from now on; its secret is returned this once. */
  create(input: unknown): WebhookResult<{ id: string; secret: string }> {
    const checked = checkInput(input, false);
    if (!checked.ok) return bad(checked.message);
    if (this.#store.list().length >= MAX_SUBSCRIPTIONS) return { ok: false, error: { code: 'invalid-state', message: `at most ${MAX_SUBSCRIPTIONS} webhooks` } };
    const id = `wh-${randomBytes(6).toString('hex')}`;
    const secret = checked.value.secret ?? randomBytes(24).toString('base64url');
    const cursor = Math.max(this.#lastSeq, this.#engine.metrics().lastEventSeq);
    this.#store.create({ id, url: checked.value.url as string, types: checked.value.types ?? [], secret, enabled: checked.value.enabled ?? true, cursor, createdAt: this.#now() });
    this.#startWorker(id);
    return { ok: true, id, secret };
  }

  /** Changes the URL, filter, secret or enabled flag; the event in flight keeps its place and attempts. */
  update(id: string, input: unknown): WebhookResult {
    const current = this.#store.get(id);
    if (current === undefined) return missing(id);
    const checked = checkInput(input, true);
    if (!checked.ok) return bad(checked.message);
    this.#store.update(id, {
      url: checked.value.url ?? current.url,
      types: checked.value.types ?? current.types,
      secret: checked.value.secret ?? current.secret,
      enabled: checked.value.enabled ?? current.enabled,
    });
    this.#workers.get(id)?.wake(true);
    return { ok: true };
  }

  async remove(id: string): Promise<WebhookResult> {
    if (this.#store.get(id) === undefined) return missing(id);
    const worker = this.#workers.get(id);
    this.#workers.delete(id);
    await worker?.stop();
    this.#store.remove(id);
    return { ok: true };
  }

  deadLetters(id: string): WebhookResult<{ deadLetters: DeadLetterView[] }> {
    if (this.#store.get(id) === undefined) return missing(id);
    return { ok: true, deadLetters: this.#store.deadLetters(id) };
  }

  /** Queues one dead letter (or all of them) for delivery again, before the next new event. */
  replay(id: string, seq?: number): WebhookResult<{ queued: number }> {
    if (this.#store.get(id) === undefined) return missing(id);
    const queued = this.#store.markReplay(id, seq);
    if (seq !== undefined && queued === 0) return { ok: false, error: { code: 'not-found', message: `no dead letter ${seq} in webhook ${id}` } };
    this.#workers.get(id)?.wake(true);
    return { ok: true, queued };
  }

  /** Drops a dead letter without delivering it. */
  discard(id: string, seq: number): WebhookResult {
    if (this.#store.get(id) === undefined) return missing(id);
    return this.#store.deleteDeadLetter(id, seq) ? { ok: true } : { ok: false, error: { code: 'not-found', message: `no dead letter ${seq} in webhook ${id}` } };
  }

  /**
   * A subscription behind the retention goes on from the oldest event kept: the admin's explicit choice, since the
   * events in between are lost to it (its receiver reconciles them from the engine's queries).
   */
  resume(id: string): WebhookResult<{ cursor: number }> {
    const current = this.#store.get(id);
    if (current === undefined) return missing(id);
    if (current.behind === undefined) return { ok: false, error: { code: 'invalid-state', message: `webhook ${id} is not behind the retention` } };
    const cursor = current.behind.oldestSeq - 1;
    this.#store.resume(id, cursor);
    this.#workers.get(id)?.wake(true);
    return { ok: true, cursor };
  }

  /** Counters since this host started, and where each subscription stands: cheap, for `/metrics`. */
  webhookStats(): WebhookStats {
    const dead = this.#store.deadCounts();
    const totals = { ...newCounters(), subscriptions: 0, deadLetters: 0, behind: 0 };
    const subscriptions = this.#store.list().map((s) => {
      const counters = this.#workers.get(s.id)?.counters ?? newCounters();
      const deadLetters = dead.get(s.id) ?? 0;
      totals.subscriptions += 1;
      totals.deadLetters += deadLetters;
      totals.behind += s.behind !== undefined ? 1 : 0;
      for (const key of ['attempts', 'delivered', 'failedAttempts', 'timeouts', 'deadLettered', 'replayed'] as const) totals[key] += counters[key];
      return {
        ...counters,
        id: s.id,
        enabled: s.enabled,
        cursor: s.cursor,
        lag: Math.max(0, this.#lastSeq - s.cursor),
        inFlightSeq: s.inFlight?.seq ?? null,
        deadLetters,
        behind: s.behind !== undefined,
      };
    });
    return { lastEventSeq: this.#lastSeq, totals, subscriptions };
  }

  /** Stops every loop (an attempt in flight is aborted and stays in flight: the next start sends it again). */
  async close(): Promise<void> {
    this.#events.unsubscribe();
    const workers = [...this.#workers.values()];
    this.#workers.clear();
    await Promise.all(workers.map((w) => w.stop()));
  }

  #startWorker(id: string): void {
    const deps = { engine: this.#engine, store: this.#store, policy: this.#policy, now: this.#now, random: this.#random };
    this.#workers.set(id, new SubscriptionWorker(id, deps, newCounters()));
  }

  #view(s: Subscription, deadLetters: number): WebhookView {
    return {
      id: s.id,
      url: s.url,
      types: s.types,
      enabled: s.enabled,
      secretHint: `…${s.secret.slice(-4)}`,
      cursor: s.cursor,
      ...(s.inFlight !== undefined ? { inFlight: s.inFlight } : {}),
      ...(s.behind !== undefined ? { behind: s.behind } : {}),
      deadLetters,
      createdAt: s.createdAt,
    };
  }
}
