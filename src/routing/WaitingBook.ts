import { meetsSkills } from '../policies/skills';
import type { RoutingPolicy } from '../model/policies';
import type { GroupSig, PoolGroup } from './PoolGroup';
import type { Bucket, QueueTasks } from './QueueTasks';
import { requiredSkills, signatureOf } from './signature';
import type { RoutingTask } from './types';

/** A queue as the book needs it. */
export interface BookQueue {
  readonly id: string;
  readonly policy: RoutingPolicy | undefined;
  readonly tasks: QueueTasks;
}

/** Signatures a group keeps without waiting chats before it forgets them. */
const MAX_IDLE_SIGNATURES = 64;

const agingRate = (policy: RoutingPolicy | undefined): number => (policy !== undefined && policy.agingPerMs > 0 ? policy.agingPerMinute : 0);

/**
 * Where the router's queue tasks wait and what the planner must look at: each task's bucket (or the irregular list),
 * the signatures with waiting chats that someone free may serve (`active`), and the queues whose irregular tasks may
 * have become servable (`dirtyIrregular`). Keeps every signature's heads in its group's heaps as tasks come and go.
 *
 * @example
 * ```ts
 * book.place(queue, group, task, true); // into its signature's bucket; the signature is active unless blocked
 * ```
 */
export class WaitingBook {
  /** Where each waiting queue task is: its bucket, or `undefined` for the irregular list. */
  readonly #where = new Map<string, Bucket | undefined>();
  readonly active = new Map<GroupSig, PoolGroup>();
  readonly dirtyIrregular = new Set<string>();

  /** Whether the task waits in a bucket (its eligibility is its signature's). */
  isUniform(taskId: string): boolean {
    return this.#where.get(taskId) !== undefined;
  }

  isIrregular(taskId: string): boolean {
    return this.#where.has(taskId) && this.#where.get(taskId) === undefined;
  }

  place(queue: BookQueue, group: PoolGroup, task: RoutingTask, uniform: boolean): void {
    if (!uniform) {
      queue.tasks.insertIrregular(task);
      this.#where.set(task.id, undefined);
      group.irregularQueues.add(queue.id);
      this.dirtyIrregular.add(queue.id);
      return;
    }
    const bucket = queue.tasks.insertUniform(task, signatureOf(task), requiredSkills(task));
    this.#where.set(task.id, bucket);
    if (bucket.list.size === 1) group.sig(bucket.key, bucket.skills).buckets++;
    if (bucket.list.at(0) === task) this.#pushHead(queue, group, bucket);
  }

  unplace(queue: BookQueue, group: PoolGroup, task: RoutingTask): void {
    if (!this.#where.has(task.id)) return;
    const bucket = this.#where.get(task.id);
    this.#where.delete(task.id);
    const wasHead = bucket?.list.at(0) === task;
    if (!queue.tasks.remove(task, bucket)) return;
    if (bucket === undefined) {
      if (queue.tasks.irregular.size === 0) group.irregularQueues.delete(queue.id);
    } else if (bucket.list.size === 0) {
      const sig = group.sigs.get(bucket.key) as GroupSig;
      if (--sig.buckets === 0) {
        this.active.delete(sig);
        // Kept for the next chat of the signature (and its blocked flag), unless many signatures come and go.
        if (group.sigs.size > MAX_IDLE_SIGNATURES) group.sigs.delete(bucket.key);
      }
    } else if (wasHead) this.#pushHead(queue, group, bucket);
  }

  #pushHead(queue: BookQueue, group: PoolGroup, bucket: Bucket): void {
    const sig = group.sig(bucket.key, bucket.skills);
    sig.push({ bucket, task: bucket.list.at(0) as RoutingTask }, agingRate(queue.policy));
    if (!sig.blocked) this.active.set(sig, group);
  }

  /** A free agent entered a group's pool: the signatures it can serve unblock, irregular tasks are looked at again. */
  joined(group: PoolGroup, skills: ReadonlyMap<string, number> | undefined): void {
    for (const sig of group.sigs.values()) {
      if (!sig.blocked || !meetsSkills(skills, sig.skills, 0)) continue;
      sig.blocked = false;
      if (sig.buckets > 0) this.active.set(sig, group);
    }
    for (const queueId of group.irregularQueues) this.dirtyIrregular.add(queueId);
  }

  /** A queue's tasks follow it to another group: bucket heads into the new group's heaps, irregular ones looked at. */
  moved(queue: BookQueue, from: PoolGroup, to: PoolGroup): void {
    for (const bucket of queue.tasks.buckets.values()) {
      const old = from.sigs.get(bucket.key);
      if (old !== undefined && --old.buckets === 0) this.active.delete(old);
      to.sig(bucket.key, bucket.skills).buckets++;
      this.#pushHead(queue, to, bucket);
    }
    if (from.irregularQueues.delete(queue.id)) {
      to.irregularQueues.add(queue.id);
      this.dirtyIrregular.add(queue.id);
    }
  }

  /** The router is settled (restored): no signature with waiting chats has anyone free to serve it. */
  settle(): void {
    for (const sig of this.active.keys()) sig.blocked = true;
    this.active.clear();
    this.dirtyIrregular.clear();
  }
}
