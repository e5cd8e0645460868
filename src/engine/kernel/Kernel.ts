import { Subject } from 'rxjs';
import type { Clock } from '../../clock/types';
import type { ChatFact } from '../../machines/chat/types';
import type { EngineEvent } from '../../model/events';
import type { AgentRecord, ChatRecord, EventInput } from '../ports';
import { Touches } from './Touches';

/** What the kernel calls while it settles a transaction: handed in by the composition root, never imported. */
export interface SettleHooks {
  /** Turns one fact a chat actor emitted into events, slot changes and router work (`facts/`). */
  handleFact(chat: ChatRecord, fact: ChatFact): void;
  /** Re-reads a changed agent: public state, time in state, the router's view (`agents/`). */
  reconcileAgent(agent: AgentRecord): void;
  /** Lets the router plan offers and applies them; returns whether it offered anything. */
  route(now: number): boolean;
  /** The system is consistent again (chats that only wait are passivated here). */
  settled(): void;
  /** Publishes what is downstream of the events (the desk), which reads and clears `touches`. */
  publishDownstream(): void;
}

/** The durable engine's journal, as the kernel sees it: an input is journaled as its outermost transaction begins. */
export interface InputRecorder {
  /** Journals the command being dispatched, if any; throws when the store fails (the input did not happen). */
  recordPending(at: number): void;
}

/**
 * The transaction kernel: one instant per input, the settle loop, the outbox and output commit. A transaction runs a
 * change (a command, or a timer firing), then settles: facts the chat actors emitted become agent updates and events,
 * changed agents are re-read, and the router plans offers, until nothing moves. Events (and desk updates) are
 * published only once the whole system is consistent again, and with an asynchronous store only once their input is
 * durable.
 */
export class Kernel {
  /** The engine's time: the real clock live (one reading per input), the journaled time of each entry during replay. */
  readonly clock: Clock;
  readonly events = new Subject<EngineEvent>();
  readonly touches = new Touches();
  /** Set while a journal is replayed: no timer is armed, no event published, `now()` is the entry's time. */
  replayAt: number | undefined = undefined;
  recorder: InputRecorder | undefined = undefined;
  /** With an asynchronous store: holds each output (event or desk delivery) until its input is durable. */
  holdOutput: ((deliver: () => void) => void) | undefined = undefined;
  eventSeq = 0;
  /** Told of every event as it is emitted, replayed ones included (the event log). */
  onEmit: ((event: EngineEvent) => void) | undefined = undefined;
  readonly #realClock: Clock;
  #hooks: SettleHooks | undefined;
  /**
   * The instant of the input under way (live): every read of the clock while one command or timer runs sees the same
   * time, the one its journal entry records. A wall clock ticks mid-transaction; replay pins each entry's time, so
   * without this a chat started at 10:00:00.999 could replay as started at 10:00:00.998 (and a host's token bound to
   * the start time would no longer match after a restart).
   */
  #instant: number | undefined = undefined;
  readonly #facts: Array<readonly [ChatRecord, ChatFact]> = [];
  readonly #dirtyAgents = new Set<AgentRecord>();
  readonly #outbox: EngineEvent[] = [];
  #depth = 0;
  #flushing = false;
  #stopped = false;

  constructor(realClock: Clock) {
    this.#realClock = realClock;
    this.clock = {
      now: () => this.replayAt ?? this.#instant ?? realClock.now(),
      setTimeout: (callback, delayMs) => realClock.setTimeout(callback, delayMs),
      clearTimeout: (handle) => realClock.clearTimeout(handle),
    };
  }

  /** Wires what settling calls (once, by the composition root, after every part exists). */
  wire(hooks: SettleHooks): void {
    this.#hooks = hooks;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  get replaying(): boolean {
    return this.replayAt !== undefined;
  }

  /**
   * Runs `input` at one instant: the clock reads the same inside (see `#instant`). Nested calls, and replay (which
   * pins each entry's time itself), run as they are.
   */
  atOneInstant<T>(input: () => T): T {
    if (this.#instant !== undefined || this.replayAt !== undefined) return input();
    this.#instant = this.#realClock.now();
    try {
      return input();
    } finally {
      this.#instant = undefined;
    }
  }

  /** Runs `change`, then settles the system; events are published when the outermost transaction ends. */
  transact<T>(change: () => T): T {
    if (this.#stopped) throw new Error('chatroute: transaction on a stopped engine');
    if (this.#depth === 0 && this.#instant === undefined && this.replayAt === undefined) return this.atOneInstant(() => this.transact(change));
    // Output commit: the command is durable before it changes anything (a failed write throws from here, untouched).
    if (this.#depth === 0) this.recorder?.recordPending(this.clock.now());
    this.#depth++;
    let result: T;
    try {
      result = change();
      if (this.#depth === 1) this.#settle();
    } finally {
      this.#depth--;
    }
    if (this.#depth === 0) this.#flush();
    return result;
  }

  /** A fact a chat actor emitted: handled, in order, when the transaction drains. */
  enqueueFact(chat: ChatRecord, fact: ChatFact): void {
    this.#facts.push([chat, fact]);
  }

  /** An agent changed: re-read when the transaction drains. */
  markAgent(agent: AgentRecord): void {
    this.#dirtyAgents.add(agent);
  }

  /** Processes pending facts and agent changes now (inside a transaction), without planning offers. */
  drain(): void {
    const hooks = this.#hooks as SettleHooks;
    while (this.#facts.length > 0 || this.#dirtyAgents.size > 0) {
      for (let i = 0; i < this.#facts.length; i++) {
        const [chat, fact] = this.#facts[i] as readonly [ChatRecord, ChatFact];
        hooks.handleFact(chat, fact);
      }
      this.#facts.length = 0;
      for (const agent of this.#dirtyAgents) hooks.reconcileAgent(agent);
      this.#dirtyAgents.clear();
    }
  }

  /** Stamps and freezes a new event object (callers always pass a fresh literal) and queues it for publishing. */
  emit(event: EventInput): void {
    const stamped = event as EventInput & { seq: number; at: number };
    stamped.seq = ++this.eventSeq;
    stamped.at = this.clock.now();
    const frozen = Object.freeze(stamped) as EngineEvent;
    this.#outbox.push(frozen);
    this.onEmit?.(frozen);
  }

  /** Delivers an output now, or holds it for its input's commit (asynchronous stores). */
  deliver(output: () => void): void {
    if (this.holdOutput !== undefined) this.holdOutput(output);
    else output();
  }

  /** Stops for good: `release` ends what the parts hold (timers, actors, desks), then `events$` completes. */
  stop(release: () => void): void {
    if (this.#stopped) return;
    this.#stopped = true;
    release();
    this.events.complete();
  }

  #settle(): void {
    const hooks = this.#hooks as SettleHooks;
    do this.drain();
    while (hooks.route(this.clock.now()));
    hooks.settled();
  }

  #flush(): void {
    const hooks = this.#hooks as SettleHooks;
    if (this.replayAt !== undefined) {
      // Replaying the journal: these events were published before the restart.
      this.#outbox.length = 0;
      return;
    }
    if (this.holdOutput !== undefined) {
      // An asynchronous store: outputs are computed now (the state they describe) and delivered once the batch
      // holding their inputs commits. Re-entrant dispatches happen at delivery, in their own transactions.
      const events = this.#outbox.splice(0);
      if (events.length > 0) this.holdOutput(() => { for (const event of events) this.events.next(event); });
      hooks.publishDownstream();
      return;
    }
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      // Subscribers may dispatch while we publish: their events append here and go out in order.
      let i = 0;
      do {
        for (; i < this.#outbox.length; i++) this.events.next(this.#outbox[i] as EngineEvent);
        hooks.publishDownstream();
        // A desk subscriber may have dispatched without emitting an event: its desk changes still go out.
      } while (i < this.#outbox.length || this.touches.pending);
    } finally {
      this.#outbox.length = 0;
      this.#flushing = false;
    }
  }
}
