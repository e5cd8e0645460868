import { createManualClock } from '../clock/createManualClock';
import type { ManualClock } from '../clock/types';
import { createEngine, type Engine } from '../index';
import type { AgentState, TimeInState } from '../model/agent';
import type { EngineEvent, EngineEventOf } from '../model/events';
import type { EngineOptions } from '../index';
import type { HistoryStore } from '../history/types';
import { createRandom, type RandomSource } from '../random/createRandom';
import { createArrivals, type Arrival } from './arrivals';
import { BehaviourDriver } from './BehaviourDriver';
import type { NormalizedSimulation } from './config';
import { createSampler } from './distributions';
import type { ChatRecord } from './statistics';

/** The simulator keeps no transcripts: its customers do not write. */
const noHistory: HistoryStore = { record: () => undefined, has: () => false, page: () => ({ messages: [] }) };

interface LiveChat {
  readonly queueId: string;
  readonly arrivedAt: number;
  readonly interval: number;
  readonly record: ChatRecord | undefined;
  answeredAt?: number;
  /** When each agent was offered the chat: the queue wait ends at the offer the agent then accepts. */
  readonly offeredAt: Map<string, number>;
}

/** Per-interval counters of the timeline, by arrival interval; samples are taken at each interval's end. */
export interface IntervalCounters {
  offered: number;
  answered: number;
  abandoned: number;
  withinSl: number;
  waiting: number;
  agents: Record<AgentState, number>;
}

/**
 * Drives the real engine through a day in virtual time: customers arrive, wait (and may give up), agents answer
 * offers after a delay (or miss them), handle chats, take breaks and work shifts. Every action is a timer on the
 * same manual clock as the engine's own timers, so all of it happens in due order, deterministically. The
 * behaviour is the {@link BehaviourDriver}'s (shared with forecasts); this class adds the day and its statistics.
 */
export class Simulation {
  readonly clock: ManualClock = createManualClock(0);
  readonly engine: Engine;
  readonly records: ChatRecord[] = [];
  readonly intervals: IntervalCounters[] = [];
  readonly timeAtWarmup = new Map<string, TimeInState>();
  readonly timeAtEnd = new Map<string, TimeInState>();
  /** Chat-seconds handled inside [warm-up, duration]. */
  handledChatMs = 0;
  missedOffers = 0;
  engineEvents = 0;
  /** Invariant violations the auditor reported (with `audit`): the first 100, and how many in all. */
  readonly violations: Array<EngineEventOf<'invariant.violated'>> = [];
  violationCount = 0;
  readonly #sim: NormalizedSimulation;
  readonly #live = new Map<string, LiveChat>();
  readonly #agentState = new Map<string, AgentState>();
  readonly #closeStatus = new Map<string, string>();
  readonly #slMs = new Map<string, number>();
  readonly #driver: BehaviourDriver;
  readonly #nextArrival: () => Arrival | undefined;
  #arrivals = 0;

  constructor(sim: NormalizedSimulation, options: { audit?: EngineOptions['audit'] } = {}) {
    this.#sim = sim;
    const { config } = sim;
    // Separate streams per purpose: changing one part of the configuration leaves the other draws unchanged.
    const stream = (k: number) => createRandom((config.seed * 7919 + k * 104729) | 0);
    const decide: RandomSource = stream(5);
    const handle = createSampler(config.handleTimeSec, stream(1), 'handleTimeSec');
    const patience = config.patienceSec ? createSampler(config.patienceSec, stream(2), 'patienceSec') : undefined;
    const delay = createSampler(config.offerResponse?.delaySec ?? { distribution: 'fixed', value: 0 }, stream(3), 'offerResponse.delaySec');
    this.#nextArrival = createArrivals(sim.arrivals, sim.durationSec, stream(4));
    this.engine = createEngine({
      clock: this.clock,
      queues: config.queues,
      agents: sim.agents.map(({ id, name, capacity, queues }) => ({ id, name, capacity, queues })),
      random: stream(6),
      retainFinishedChats: 0,
      history: noHistory,
      ...(options.audit !== undefined ? { audit: options.audit } : {}),
    });
    for (const q of config.queues) {
      this.#closeStatus.set(q.id, q.closeStatuses[0] as string);
      this.#slMs.set(q.id, q.serviceLevelMs ?? 20_000);
    }
    for (const agent of sim.agents) this.#agentState.set(agent.id, 'offline');
    const count = Math.ceil(sim.durationSec / sim.intervalSec);
    for (let i = 0; i < count; i++) {
      this.intervals.push({ offered: 0, answered: 0, abandoned: 0, withinSl: 0, waiting: 0, agents: { offline: 0, ready: 0, busy: 0, paused: 0 } });
    }
    this.#driver = new BehaviourDriver(this.engine, this.clock, {
      handle,
      patience,
      delay,
      decide,
      missProbability: config.offerResponse?.missProbability ?? 0,
      resumeAfterSec: config.offerResponse?.resumeAfterSec ?? 30,
      concurrencySlowdown: config.concurrencySlowdown ?? 0,
      closeStatusOf: (queueId) => this.#closeStatus.get(queueId) as string,
    });
    // Statistics first, behaviour second: the records see each event before what the driver does about it.
    this.engine.events$.subscribe((e) => {
      this.#onEvent(e);
      this.#driver.onEvent(e);
    });
  }

  /** Runs the day, then lets the chats still open finish; returns when no timer is left. */
  run(onProgress?: (fraction: number) => void): void {
    const { durationSec, warmupSec, intervalSec, agents } = this.#sim;
    this.#scheduleArrival();
    for (const agent of agents) {
      if (agent.shift === undefined) this.#dispatch({ type: 'agent.login', agentId: agent.id });
      else this.#at(agent.shift.startSec, () => this.#dispatch({ type: 'agent.login', agentId: agent.id }));
      if (agent.shift !== undefined) this.#at(agent.shift.endSec, () => this.#driver.endShift(agent.id));
      for (const p of agent.pauses ?? []) {
        this.#at(p.atSec, () => this.#dispatch({ type: 'agent.pause', agentId: agent.id, reason: p.reason, paid: p.paid }));
        this.#at(p.atSec + p.durationSec, () => this.#dispatch({ type: 'agent.resume', agentId: agent.id }));
      }
    }
    this.intervals.forEach((interval, i) => this.#at(Math.min(durationSec, (i + 1) * intervalSec), () => this.#sampleInterval(interval)));
    this.#at(warmupSec, () => this.#snapshotTimes(this.timeAtWarmup));
    this.#at(durationSec, () => this.#snapshotTimes(this.timeAtEnd));
    let steps = 0;
    while (this.clock.runNext()) {
      if (onProgress !== undefined && ++steps % 20_000 === 0) onProgress(Math.min(1, this.clock.now() / 1000 / durationSec));
    }
    for (const chat of this.#live.values()) if (chat.answeredAt !== undefined) this.#countHandled(chat.answeredAt, this.clock.now());
    onProgress?.(1);
    this.engine.stop();
  }

  #at(sec: number, action: () => void): void {
    this.clock.setTimeout(action, sec * 1000 - this.clock.now());
  }

  #dispatch(command: Parameters<Engine['dispatch']>[0]): boolean {
    return this.#driver.dispatch(command);
  }

  #scheduleArrival(): void {
    const arrival = this.#nextArrival();
    if (arrival !== undefined) this.#at(arrival.atSec, () => this.#arrive(arrival));
  }

  #arrive(arrival: Arrival): void {
    this.#scheduleArrival();
    const now = this.clock.now();
    const chatId = `chat-${++this.#arrivals}`;
    const record = now >= this.#sim.warmupSec * 1000 ? { queueId: arrival.queueId, arrivedAt: now } : undefined;
    const interval = Math.min(this.intervals.length - 1, Math.floor(now / 1000 / this.#sim.intervalSec));
    const chat: LiveChat = { queueId: arrival.queueId, arrivedAt: now, interval, record, offeredAt: new Map() };
    // Known before dispatching, so the offer made during chat.start finds it.
    this.#live.set(chatId, chat);
    if (!this.#driver.start(chatId, arrival.queueId, arrival.priority)) {
      this.#live.delete(chatId);
      return;
    }
    if (record !== undefined) this.records.push(record);
    (this.intervals[interval] as IntervalCounters).offered++;
  }

  #onEvent(e: EngineEvent): void {
    this.engineEvents++;
    switch (e.type) {
      case 'invariant.violated':
        if (++this.violationCount <= 100) this.violations.push(e);
        return;
      case 'offer.created':
        this.#live.get(e.chatId)?.offeredAt.set(e.agentId, e.at);
        return;
      case 'offer.expired':
        if (e.at >= this.#sim.warmupSec * 1000 && e.at < this.#sim.durationSec * 1000) this.missedOffers++;
        return;
      case 'chat.assigned':
        this.#answered(e.chatId, e.agentId, e.at);
        return;
      case 'chat.abandoned':
        this.#abandoned(e.chatId, e.at);
        return;
      case 'chat.closed':
        this.#closed(e.chatId, e.at);
        return;
      case 'agent.statusChanged':
        this.#agentState.set(e.agentId, e.state);
        return;
      default:
        return;
    }
  }

  #answered(chatId: string, agentId: string, at: number): void {
    const chat = this.#live.get(chatId);
    if (chat === undefined) return;
    chat.answeredAt = at;
    if (chat.record !== undefined) {
      chat.record.answeredAt = at;
      chat.record.queueWaitMs = (chat.offeredAt.get(agentId) ?? at) - chat.arrivedAt;
    }
    const interval = this.intervals[chat.interval] as IntervalCounters;
    interval.answered++;
    if (at - chat.arrivedAt <= (this.#slMs.get(chat.queueId) ?? 0)) interval.withinSl++;
  }

  #abandoned(chatId: string, at: number): void {
    const chat = this.#live.get(chatId);
    this.#live.delete(chatId);
    if (chat === undefined) return;
    if (chat.record !== undefined) chat.record.abandonedAt = at;
    (this.intervals[chat.interval] as IntervalCounters).abandoned++;
  }

  #closed(chatId: string, at: number): void {
    const chat = this.#live.get(chatId);
    this.#live.delete(chatId);
    if (chat?.answeredAt !== undefined) this.#countHandled(chat.answeredAt, at);
    if (chat?.record !== undefined) chat.record.closedAt = at;
  }

  #countHandled(fromMs: number, toMs: number): void {
    const lo = Math.max(fromMs, this.#sim.warmupSec * 1000);
    const hi = Math.min(toMs, this.#sim.durationSec * 1000);
    if (hi > lo) this.handledChatMs += hi - lo;
  }

  #sampleInterval(interval: IntervalCounters): void {
    interval.waiting = this.#driver.waiting.size;
    for (const state of this.#agentState.values()) interval.agents[state]++;
  }

  #snapshotTimes(into: Map<string, TimeInState>): void {
    for (const agent of this.#sim.agents) into.set(agent.id, this.engine.getAgent(agent.id)?.timeInState as TimeInState);
  }
}
