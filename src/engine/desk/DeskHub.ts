import { Observable, type Subscriber } from 'rxjs';
import type { EngineCore } from '../EngineCore';
import type { ChatRuntime } from '../runtime';
import { buildDesk } from './buildDesk';
import type { Desk } from './types';

interface Watch {
  readonly subscribers: Set<Subscriber<Desk>>;
  last: Desk;
  json: string;
}

/**
 * Keeps each watched agent's desk up to date cheaply: a transaction marks the agents it may have affected
 * (their own actor, chats they are in or offered, queues whose waiting list changed); when it ends, only those
 * desks are rebuilt, and only the ones that really changed are emitted. Unwatched agents cost nothing.
 */
export class DeskHub {
  readonly #core: EngineCore;
  readonly #watches = new Map<string, Watch>();
  readonly #touched = new Set<string>();

  constructor(core: EngineCore) {
    this.#core = core;
  }

  touchAgent(agentId: string): void {
    if (this.#watches.size === 0) return;
    if (this.#watches.has(agentId)) this.#touched.add(agentId);
  }

  touchChat(chat: ChatRuntime): void {
    if (this.#watches.size === 0) return;
    const context = chat.actor.getSnapshot().context;
    for (const p of context.participants) this.touchAgent(p.agentId);
    for (const o of context.offers) this.touchAgent(o.agentId);
    if (context.reservedFor !== null) this.touchAgent(context.reservedFor);
  }

  touchQueue(queueId: string): void {
    if (this.#watches.size === 0) return;
    for (const agentId of this.#core.membersByQueue.get(queueId) ?? []) if (this.#watches.has(agentId)) this.#touched.add(agentId);
  }

  touchSupervisors(queueId: string): void {
    for (const [agentId] of this.#watches) {
      if (this.#core.agents.get(agentId)?.config.supervises.has(queueId)) this.#touched.add(agentId);
    }
  }

  /** Rebuilds the touched desks and emits those that changed. */
  publish(): void {
    for (const agentId of this.#touched) {
      const watch = this.#watches.get(agentId);
      const agent = this.#core.agents.get(agentId);
      if (watch === undefined || agent === undefined) continue;
      const desk = buildDesk(this.#core, agent);
      const json = JSON.stringify(desk);
      if (json === watch.json) continue;
      watch.last = desk;
      watch.json = json;
      const subscribers = [...watch.subscribers];
      this.#core.deliver(() => {
        for (const subscriber of subscribers) subscriber.next(desk);
      });
    }
    this.#touched.clear();
  }

  observe(agentId: string): Observable<Desk> {
    return new Observable<Desk>((subscriber) => {
      const agent = this.#core.agents.get(agentId);
      if (agent === undefined || this.#core.stopped) {
        subscriber.complete();
        return undefined;
      }
      let watch = this.#watches.get(agentId);
      if (watch === undefined) {
        const desk = buildDesk(this.#core, agent);
        watch = { subscribers: new Set(), last: desk, json: JSON.stringify(desk) };
        this.#watches.set(agentId, watch);
      }
      watch.subscribers.add(subscriber);
      subscriber.next(watch.last);
      return () => {
        watch.subscribers.delete(subscriber);
        if (watch.subscribers.size === 0) this.#watches.delete(agentId);
      };
    });
  }

  complete(): void {
    for (const watch of this.#watches.values()) for (const subscriber of [...watch.subscribers]) subscriber.complete();
    this.#watches.clear();
  }
}
