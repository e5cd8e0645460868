import type { ManualClock } from '../clock/types';
import type { Engine } from '../index';
import type { EngineEvent } from '../model/events';
import type { RandomSource } from '../random/createRandom';
import type { Sampler } from './distributions';

/** How customers and agents behave: the samplers and rules the driver follows. */
export interface BehaviourModels {
  /** Handling time of a chat, seconds (stretched by `concurrencySlowdown`). */
  readonly handle: Sampler;
  /** Customer patience, seconds; without it nobody abandons. */
  readonly patience: Sampler | undefined;
  /** Delay before an agent accepts an offer, seconds. */
  readonly delay: Sampler;
  /** Uniform draws for the miss decision. */
  readonly decide: RandomSource;
  readonly missProbability: number;
  /** An agent paused for a missed offer resumes after this long. */
  readonly resumeAfterSec: number;
  readonly concurrencySlowdown: number;
  /** The close status the driver sets on a chat of this queue. */
  readonly closeStatusOf: (queueId: string) => string;
}

interface DrivenChat {
  readonly queueId: string;
  patience: unknown;
}

/** Rejection tries for a draw conditioned on exceeding what already elapsed, before settling for a fresh draw. */
const TRIES = 64;

/**
 * A draw of `sample` conditioned on being longer than `elapsedSec`, minus `elapsedSec`: how much is left of a
 * duration already under way (a customer who has waited, a chat half handled). With nothing elapsed it is exactly
 * one plain draw, so the simulator's streams are unchanged.
 */
export function residual(sample: Sampler, elapsedSec: number): number {
  if (!(elapsedSec > 0)) return sample();
  for (let i = 0; i < TRIES; i++) {
    const x = sample();
    if (x > elapsedSec) return x - elapsedSec;
  }
  // Far in the tail: the memoryless guess.
  return sample();
}

/**
 * The behaviour of customers and agents around a running engine, shared by the simulator (a day from scratch) and
 * the forecast (a fork of a live engine): customers give up after their patience, agents accept offers after a
 * delay or miss them (and resume a missed-offer pause), handle chats and close them, and leave at the end of their
 * shift once their chats are done. Every action is a timer on the engine's manual clock. The owner feeds it the
 * engine's events (`onEvent`), after its own bookkeeping, so the owner sees each event before its consequences.
 */
export class BehaviourDriver {
  /** Chats queued or offered, not yet taken. */
  readonly waiting = new Set<string>();
  readonly #chats = new Map<string, DrivenChat>();
  readonly #chatsOf = new Map<string, number>();
  readonly #leaving = new Set<string>();

  constructor(
    readonly engine: Engine,
    readonly clock: ManualClock,
    readonly models: BehaviourModels,
  ) {}

  /** Runs `action` at clock time `ms` (at once if it is past). */
  at(ms: number, action: () => void): void {
    this.clock.setTimeout(action, ms - this.clock.now());
  }

  dispatch(command: Parameters<Engine['dispatch']>[0]): boolean {
    return this.engine.dispatch(command).ok;
  }

  /** A customer arrives: the chat starts and, if it has to wait, the customer's patience starts running. */
  start(chatId: string, queueId: string, priority: number): boolean {
    this.#chats.set(chatId, { queueId, patience: undefined });
    const r = this.engine.dispatch({ type: 'chat.start', chatId, queueId, customer: { name: 'customer' }, priority });
    if (!r.ok) {
      this.#chats.delete(chatId);
      return false;
    }
    if (this.waiting.has(chatId)) this.armPatience(chatId, 0);
    return true;
  }

  /** Takes charge of a chat that already exists (a forked engine's): its close status comes from `queueId`. */
  adopt(chatId: string, queueId: string, waiting: boolean): void {
    this.#chats.set(chatId, { queueId, patience: undefined });
    if (waiting) this.waiting.add(chatId);
  }

  /** The customer leaves after the rest of their patience, given they have waited `waitedMs` already. */
  armPatience(chatId: string, waitedMs: number): void {
    const chat = this.#chats.get(chatId);
    const patience = this.models.patience;
    if (chat === undefined || patience === undefined) return;
    chat.patience = this.clock.setTimeout(() => {
      if (this.waiting.has(chatId)) this.dispatch({ type: 'customer.leave', chatId });
    }, residual(patience, waitedMs / 1000) * 1000);
  }

  /**
   * The agent answers an offer made `elapsedMs` ago (and not answered since): accepts after the rest of the delay,
   * or misses it. Conditioned by rejection on "no answer yet", so an old offer is more likely a missed one.
   */
  respond(agentId: string, chatId: string, elapsedMs = 0): void {
    const { missProbability: miss, decide, delay } = this.models;
    let delayMs: number | undefined;
    for (let i = 0; i < TRIES && delayMs === undefined; i++) {
      if (miss > 0 && decide() < miss) return;
      const d = delay() * 1000;
      if (!(elapsedMs > 0) || d > elapsedMs) delayMs = d - Math.max(0, elapsedMs);
    }
    this.clock.setTimeout(() => this.dispatch({ type: 'offer.accept', agentId, chatId }), delayMs ?? 0);
  }

  /** The agent handles the chat for the rest of a handling time of which `elapsedMs` is done, then closes it. */
  handle(chatId: string, agentId: string, elapsedMs = 0): void {
    const chat = this.#chats.get(chatId);
    if (chat === undefined) return;
    const held = (this.#chatsOf.get(agentId) ?? 0) + 1;
    this.#chatsOf.set(agentId, held);
    const slowdown = 1 + this.models.concurrencySlowdown * (held - 1);
    // The elapsed part was worked at the slowdown too: compare it in unslowed seconds.
    const leftMs = residual(this.models.handle, elapsedMs / 1000 / slowdown) * 1000 * slowdown;
    this.clock.setTimeout(() => {
      this.dispatch({ type: 'chat.setStatus', agentId, chatId, status: this.models.closeStatusOf(chat.queueId) });
      this.dispatch({ type: 'chat.close', agentId, chatId });
    }, leftMs);
  }

  /** At the end of a shift the agent takes no new chats, finishes the open ones, then logs out. */
  endShift(agentId: string): void {
    for (const q of this.engine.getAgent(agentId)?.queues ?? []) {
      if (q.loggedIn) this.dispatch({ type: 'agent.leaveQueue', agentId, queueId: q.queueId });
    }
    if ((this.#chatsOf.get(agentId) ?? 0) === 0) this.dispatch({ type: 'agent.logout', agentId });
    else this.#leaving.add(agentId);
  }

  /** Reacts to one engine event. */
  onEvent(e: EngineEvent): void {
    switch (e.type) {
      case 'chat.queued':
        this.waiting.add(e.chatId);
        return;
      case 'offer.created':
        if (this.#chats.has(e.chatId)) this.respond(e.agentId, e.chatId);
        return;
      case 'chat.assigned': {
        this.waiting.delete(e.chatId);
        const chat = this.#chats.get(e.chatId);
        if (chat === undefined) return;
        this.clock.clearTimeout(chat.patience);
        this.handle(e.chatId, e.agentId);
        return;
      }
      case 'chat.abandoned':
        this.waiting.delete(e.chatId);
        this.#chats.delete(e.chatId);
        return;
      case 'chat.closed': {
        this.#chats.delete(e.chatId);
        const held = (this.#chatsOf.get(e.agentId) ?? 1) - 1;
        this.#chatsOf.set(e.agentId, held);
        if (held === 0 && this.#leaving.delete(e.agentId)) this.dispatch({ type: 'agent.logout', agentId: e.agentId });
        return;
      }
      case 'agent.statusChanged':
        if (e.state === 'paused' && e.pause?.reason === 'missed-offer') {
          this.clock.setTimeout(() => this.dispatch({ type: 'agent.resume', agentId: e.agentId }), this.models.resumeAfterSec * 1000);
        }
        return;
      default:
        return;
    }
  }

  /** A missed-offer pause ends at `ms`. */
  resumeAt(agentId: string, ms: number): void {
    this.at(ms, () => this.dispatch({ type: 'agent.resume', agentId }));
  }
}
