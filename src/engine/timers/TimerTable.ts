import { TimerHeap } from '../../clock/TimerHeap';
import { monotonic } from '../../clock/monotonic';
import type { Clock, TimerHandle } from '../../clock/types';
import type { TimerSpec } from '../ports';

/** A pending engine timer: its deterministic id, absolute deadline and what it does. */
export interface PendingTimer {
  readonly id: number;
  readonly due: number;
  readonly spec: TimerSpec;
  handle: TimerHandle | undefined;
}

/** What the timer table needs of the engine around it (handed in by the composition root). */
export interface TimerHost {
  /** The engine's (pinned) clock, for deadlines. */
  readonly clock: { now(): number };
  /** Whether a journal is being replayed: timers are registered then, not armed. */
  readonly replaying: boolean;
  readonly stopped: boolean;
  /** Runs `input` at one instant (the clock reads the same inside). */
  atOneInstant(input: () => void): void;
  /** Runs `change` in a transaction. */
  transact(change: () => void): void;
  /** Journals "timer N fired at T"; throws when the store fails (then nothing happened). */
  journal(at: number, timerId: number): void;
  /** What a timer does (`runTimer.ts`), inside its transaction. */
  run(spec: TimerSpec): void;
  /** After a fired timer settled and its events are out (snapshots when due, the auditor). */
  afterInput(): void;
  /** A live timer ran: its kind, when it started and how long it took (monotonic milliseconds). */
  fired(kind: string, startedAt: number, ms: number): void;
}

/**
 * Every engine timer, as data: offer deadlines, cooldowns, reminders, policy steps, wrap-ups, presence graces. Each has
 * a deterministic id and an absolute deadline, so a durable engine journals "timer N fired at T" and replays it
 * exactly, and a snapshot keeps what is pending.
 */
export class TimerTable {
  readonly timers = new Map<number, PendingTimer>();
  seq = 0;
  /**
   * Policy steps (widening, relaxation, reservation ends) by deadline: routing must see a step that is due at the
   * instant it runs, even while another timer of that instant fires first (issue 22), so these are visible before
   * their own timers fire.
   */
  #steps = new TimerHeap();
  #due: string[] = [];
  readonly #realClock: Clock;
  #host: TimerHost | undefined;

  constructor(realClock: Clock) {
    this.#realClock = realClock;
  }

  wire(host: TimerHost): void {
    this.#host = host;
  }

  /** Schedules `spec` to run in a transaction `delayMs` from now, unless cancelled; returns the timer's id. */
  later(delayMs: number, spec: TimerSpec): number {
    const host = this.#host as TimerHost;
    const timer: PendingTimer = { id: ++this.seq, due: host.clock.now() + delayMs, spec, handle: undefined };
    this.register(timer);
    if (!host.replaying) this.arm(timer, delayMs);
    return timer.id;
  }

  /** Registers a pending timer (a new one, or one restored from a snapshot: armed later). */
  register(timer: PendingTimer): void {
    this.timers.set(timer.id, timer);
    const spec = timer.spec;
    if (spec.kind !== 'eligibility') return;
    // Cancelled or fired by the time it is due: skipped then.
    this.#steps.push(timer.due, () => {
      if (this.timers.get(timer.id) === timer) this.#due.push(spec.chatId);
    });
  }

  /**
   * The policy steps due by `now` whose timers have not fired yet, each given once: what routing must take into account
   * before it plans at `now`.
   */
  dueSteps(now: number): string[] {
    this.#due = [];
    for (let top = this.#steps.peek(); top !== undefined && top.due <= now; top = this.#steps.peek()) {
      this.#steps.pop();
      top.callback();
    }
    return this.#due;
  }

  cancel(id: number): void {
    const timer = this.timers.get(id);
    if (timer === undefined) return;
    this.timers.delete(id);
    if (timer.handle !== undefined) this.#realClock.clearTimeout(timer.handle);
  }

  /**
   * Arms a pending timer on the real clock. After recovery, overdue timers get a delay <= 0 (clocks fire those as soon
   * as they can), armed in deadline order so they fire in it.
   */
  arm(timer: PendingTimer, delayMs: number): void {
    timer.handle = this.#realClock.setTimeout(() => this.#fireLive(timer), delayMs);
  }

  /** Arms every pending timer (after recovery), in deadline order. */
  armAll(now: number): void {
    for (const timer of [...this.timers.values()].sort((a, b) => a.due - b.due || a.id - b.id)) this.arm(timer, timer.due - now);
  }

  /** Runs a pending timer now, in a transaction (live after journaling, or from a journal entry during replay). */
  run(id: number): boolean {
    const host = this.#host as TimerHost;
    const timer = this.timers.get(id);
    if (timer === undefined) return false;
    this.timers.delete(id);
    host.transact(() => host.run(timer.spec));
    return true;
  }

  /** Forgets every timer (the engine stops). */
  clear(): void {
    for (const timer of this.timers.values()) if (timer.handle !== undefined) this.#realClock.clearTimeout(timer.handle);
    this.timers.clear();
    this.#steps = new TimerHeap();
  }

  /** A timer fired on the live clock: journal it with the time it actually fired, then run it. */
  #fireLive(timer: PendingTimer): void {
    const host = this.#host as TimerHost;
    timer.handle = undefined;
    if (host.stopped || this.timers.get(timer.id) !== timer) return;
    host.atOneInstant(() => {
      try {
        host.journal(host.clock.now(), timer.id);
      } catch {
        // The store failed: nothing happened; try again shortly, as the deadline has passed.
        this.arm(timer, 1_000);
        return;
      }
      const startedAt = monotonic();
      this.run(timer.id);
      host.afterInput();
      host.fired(timer.spec.kind, startedAt, monotonic() - startedAt);
    });
  }
}
