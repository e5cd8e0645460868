import type { QueueConfig } from '../../model/config';
import { routingPolicyOf } from '../../policies/normalizePolicies';
import type { Router } from '../../routing/Router';
import type { NormalizedQueue } from '../ports';

/** Who else keeps something per queue: told when a queue appears or goes. */
export interface QueueListener {
  queueAdded(queueId: string): void;
  queueRemoved(queueId: string): void;
}

/**
 * The queues in force: each as given (what snapshots and `engine.configuration()` keep) and normalized (what the
 * engine reads), with the router and every per-queue index told of each change.
 */
export class QueueRegistry {
  readonly queues = new Map<string, NormalizedQueue>();
  readonly configs = new Map<string, QueueConfig>();
  /** Queues with `overflow.whenNobodyLoggedIn`: looked at whenever an agent's state settles. */
  readonly overflowWhenEmpty = new Set<string>();
  readonly #router: Router;
  readonly #listeners: readonly QueueListener[];
  readonly #configChanged: () => void;

  constructor(router: Router, listeners: readonly QueueListener[], configChanged: () => void) {
    this.#router = router;
    this.#listeners = listeners;
    this.#configChanged = configChanged;
  }

  /** Adds a queue or changes its settings (the strategy's pool is rebuilt when it changes). */
  upsert(raw: QueueConfig, queue: NormalizedQueue): void {
    this.#configChanged();
    const created = !this.queues.has(queue.id);
    this.configs.set(queue.id, structuredClone(raw));
    this.queues.set(queue.id, queue);
    this.#router.setQueue({ id: queue.id, strategy: queue.strategy, policy: routingPolicyOf(queue.policies), manual: queue.assignment === 'manual' });
    if (queue.policies?.overflow?.whenNobodyLoggedIn === true) this.overflowWhenEmpty.add(queue.id);
    else this.overflowWhenEmpty.delete(queue.id);
    if (created) for (const listener of this.#listeners) listener.queueAdded(queue.id);
  }

  /** Removes a queue nothing refers to any more. */
  remove(queueId: string): void {
    this.#configChanged();
    this.configs.delete(queueId);
    this.queues.delete(queueId);
    for (const listener of this.#listeners) listener.queueRemoved(queueId);
    this.#router.removeQueue(queueId);
    this.overflowWhenEmpty.delete(queueId);
  }
}
