import type { ManualClock } from '../clock/types';
import type { Engine } from '../index';
import type { EngineEvent } from '../model/events';
import { createRandom } from '../random/createRandom';
import { createArrivals } from '../simulation/arrivals';
import { BehaviourDriver } from '../simulation/BehaviourDriver';
import { createSampler } from '../simulation/distributions';
import type { LiveState } from './liveState';
import type { ForecastOptions } from './types';

/** Prefix of the chats a run makes up: kept apart from any id the host chooses. */
const ARRIVAL_PREFIX = 'forecast~';

interface Tracked {
  readonly queueId: string;
  readonly enqueuedAt: number;
  /** Interval of the forecast it counts in (its arrival's; 0 for the chats waiting at the start). */
  readonly interval: number;
  assignedAt?: number;
  abandonedAt?: number;
}

/** Per queue and interval: chats counted, answered within the service level, abandoned. */
export interface RunCounts {
  offered: number;
  withinSl: number;
  abandoned: number;
}

/** What one run gives: each waiting chat's time to an agent (Infinity if not reached) and per-interval counts. */
export interface RunOutcome {
  readonly toAgentMs: ReadonlyMap<string, number>;
  readonly abandoned: ReadonlySet<string>;
  readonly counts: ReadonlyMap<string, RunCounts[]>;
}

/**
 * One run of a forecast: the behaviour models, seeded, drive a fork of the live engine from now to the horizon
 * (then a little longer, so the last arrivals' service level is decided), while the chats are followed. The
 * simulator's {@link BehaviourDriver} takes charge of what is already under way: the waiting customers' remaining
 * patience, the pending offers' remaining answer delays, the chats in progress' remaining handling times, and the
 * missed-offer pauses, each drawn conditioned on the time already spent.
 */
export class ForecastRun {
  readonly #tracked = new Map<string, Tracked>();
  /** Per queue, the chats taken in order: (when, entered when), to find what a leaving customer would have had. */
  readonly #taken = new Map<string, Array<{ at: number; enqueuedAt: number }>>();
  readonly #counts = new Map<string, RunCounts[]>();
  /** Chats waiting at the start whose time to an agent is not known yet. */
  readonly #unknown = new Set<string>();

  constructor(
    readonly fork: Engine,
    readonly clock: ManualClock,
    readonly state: LiveState,
    readonly options: ForecastOptions,
    readonly seed: number,
    readonly horizonMs: number,
    readonly intervalMs: number,
    /** Stop as soon as every waiting chat's time to an agent is known (no interval figures then). */
    readonly waitsOnly = false,
  ) {}

  run(): RunOutcome {
    const { fork, clock, state, options, seed } = this;
    const now = state.at;
    const stream = (k: number) => createRandom((seed * 7919 + k * 104729) | 0);
    const response = options.offerResponse ?? {};
    const driver = new BehaviourDriver(fork, clock, {
      handle: createSampler(options.handleTimeSec, stream(1), 'handleTimeSec'),
      patience: options.patienceSec ? createSampler(options.patienceSec, stream(2), 'patienceSec') : undefined,
      delay: createSampler(response.delaySec ?? { distribution: 'fixed', value: 0 }, stream(3), 'offerResponse.delaySec'),
      decide: stream(5),
      missProbability: response.missProbability ?? 0,
      resumeAfterSec: response.resumeAfterSec ?? 30,
      concurrencySlowdown: options.concurrencySlowdown ?? 0,
      closeStatusOf: (queueId) => state.queues.get(queueId)?.closeStatus ?? 'done',
    });
    const intervals = Math.ceil(this.horizonMs / this.intervalMs);
    for (const queueId of state.queues.keys()) this.#counts.set(queueId, Array.from({ length: intervals }, () => ({ offered: 0, withinSl: 0, abandoned: 0 })));
    fork.events$.subscribe((e) => {
      this.#onEvent(e);
      driver.onEvent(e);
    });

    // What is under way: in the snapshot's order, so the draws are the same for the same state.
    for (const chat of state.waiting) {
      this.#track(chat.chatId, chat.queueId, chat.enqueuedAt, 0);
      this.#unknown.add(chat.chatId);
      driver.adopt(chat.chatId, chat.queueId, true);
      driver.armPatience(chat.chatId, now - chat.enqueuedAt);
      for (const offer of chat.offers) driver.respond(offer.agentId, chat.chatId, now - offer.offeredAt);
    }
    for (const chat of state.active) {
      driver.adopt(chat.chatId, chat.queueId, false);
      driver.handle(chat.chatId, chat.agentId, now - chat.since);
    }
    for (const pause of state.missedOfferPauses) driver.resumeAt(pause.agentId, pause.since + driver.models.resumeAfterSec * 1000);
    this.#schedule(driver);

    const origin = options.originMs ?? now;
    const fromSec = (now - origin) / 1000;
    const nextArrival = createArrivals(options.arrivals, fromSec + this.horizonMs / 1000, stream(4), fromSec);
    let arrivals = 0;
    const arrive = (): void => {
      const arrival = nextArrival();
      if (arrival === undefined) return;
      driver.at(origin + arrival.atSec * 1000, () => {
        arrive();
        const chatId = `${ARRIVAL_PREFIX}${++arrivals}`;
        const at = clock.now();
        this.#track(chatId, arrival.queueId, at, Math.min(intervals - 1, Math.floor((at - now) / this.intervalMs)));
        if (!driver.start(chatId, arrival.queueId, arrival.priority)) this.#tracked.delete(chatId);
      });
    };
    arrive();

    const end = now + this.horizonMs + state.maxServiceLevelMs;
    if (this.waitsOnly) {
      for (let due = clock.nextDueAt(); this.#unknown.size > 0 && due !== undefined && due <= end; due = clock.nextDueAt()) clock.runNext();
    } else {
      clock.advanceTo(end);
    }
    return this.#outcome(end);
  }

  /** Planned logins, shift ends and breaks that fall inside the run. */
  #schedule(driver: BehaviourDriver): void {
    const { schedules, originMs } = this.options;
    if (schedules === undefined) return;
    const now = this.state.at;
    const end = now + this.horizonMs;
    const origin = originMs ?? now;
    // At exactly now too: the live engine may not have run what is due at this very moment yet (a second login or shift end is refused).
    const inRun = (ms: number) => ms >= now && ms <= end;
    for (const [agentId, plan] of Object.entries(schedules)) {
      if (!this.state.agents.has(agentId)) continue;
      const shift = plan.shift;
      if (shift !== undefined) {
        const start = origin + shift.startSec * 1000;
        if (inRun(start)) driver.at(start, () => driver.dispatch({ type: 'agent.login', agentId }));
        const stop = origin + shift.endSec * 1000;
        if (inRun(stop)) driver.at(stop, () => driver.endShift(agentId));
      }
      for (const p of plan.pauses ?? []) {
        const from = origin + p.atSec * 1000;
        const to = from + p.durationSec * 1000;
        if (inRun(from)) driver.at(from, () => driver.dispatch({ type: 'agent.pause', agentId, reason: p.reason, paid: p.paid }));
        if (inRun(to)) driver.at(to, () => driver.dispatch({ type: 'agent.resume', agentId }));
      }
    }
  }

  #track(chatId: string, queueId: string, enqueuedAt: number, interval: number): void {
    this.#tracked.set(chatId, { queueId, enqueuedAt, interval });
  }

  #onEvent(e: EngineEvent): void {
    if (e.type !== 'chat.assigned' && e.type !== 'chat.abandoned') return;
    const chat = this.#tracked.get(e.chatId);
    if (chat === undefined || chat.assignedAt !== undefined) return;
    if (e.type === 'chat.abandoned') {
      chat.abandonedAt = e.at;
      return;
    }
    chat.assignedAt = e.at;
    let taken = this.#taken.get(chat.queueId);
    if (taken === undefined) this.#taken.set(chat.queueId, (taken = []));
    taken.push({ at: e.at, enqueuedAt: chat.enqueuedAt });
    if (this.#unknown.size === 0) return;
    this.#unknown.delete(e.chatId);
    // A customer who left before this chat (behind them) was taken would have been taken instead: now known.
    for (const chatId of this.#unknown) {
      const left = this.#tracked.get(chatId) as Tracked;
      if (left.abandonedAt !== undefined && left.queueId === chat.queueId && left.enqueuedAt < chat.enqueuedAt) this.#unknown.delete(chatId);
    }
  }

  #outcome(end: number): RunOutcome {
    const now = this.state.at;
    const toAgentMs = new Map<string, number>();
    const abandoned = new Set<string>();
    for (const { chatId } of this.state.waiting) {
      const chat = this.#tracked.get(chatId) as Tracked;
      let at = chat.assignedAt;
      if (at === undefined && chat.abandonedAt !== undefined) {
        abandoned.add(chatId);
        // Had the customer stayed, the first chat behind them taken after they left would have been theirs.
        const left = chat.abandonedAt;
        at = this.#taken.get(chat.queueId)?.find((t) => t.at >= left && t.enqueuedAt > chat.enqueuedAt)?.at;
      }
      toAgentMs.set(chatId, at === undefined || at > end ? Number.POSITIVE_INFINITY : at - now);
    }
    for (const chat of this.#tracked.values()) {
      const counts = (this.#counts.get(chat.queueId) as RunCounts[])[chat.interval] as RunCounts;
      counts.offered++;
      const slMs = this.state.queues.get(chat.queueId)?.serviceLevelMs ?? 20_000;
      if (chat.assignedAt !== undefined && chat.assignedAt - chat.enqueuedAt <= slMs) counts.withinSl++;
      else if (chat.abandonedAt !== undefined) counts.abandoned++;
    }
    return { toAgentMs, abandoned, counts: this.#counts };
  }
}
