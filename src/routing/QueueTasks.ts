import { WaitingList } from './WaitingList';
import type { RoutingTask } from './types';

/** The waiting tasks of one queue that need the same skills and nothing else of their own (see {@link QueueTasks}). */
export interface Bucket {
  readonly queueId: string;
  /** The signature (`signatureOf`). */
  readonly key: string;
  readonly skills: Readonly<Record<string, number>> | undefined;
  readonly list: WaitingList;
}

/**
 * The tasks waiting in one queue, in two kinds of list, all in the queue's serving order:
 * - **buckets**, one per required-skill signature, of *uniform* tasks: who may take one depends only on its signature
 *   (no exclusions, no declines, no reservation, and a queue without widening or relaxation). If the head of a bucket
 *   cannot be served, none of the bucket can: the router looks at one head per signature, not at every task;
 * - the **irregular** list of every other task, walked in order as the router always did.
 *
 * @example
 * ```ts
 * const tasks = new QueueTasks('q', compareTasks);
 * tasks.insertUniform(task, signatureOf(task), requiredSkills(task)); // the bucket, its head now `task`
 * [...tasks]; // every waiting task, in serving order
 * ```
 */
export class QueueTasks {
  readonly buckets = new Map<string, Bucket>();
  readonly irregular: WaitingList;
  #size = 0;

  constructor(
    readonly queueId: string,
    readonly compare: (a: RoutingTask, b: RoutingTask) => number,
  ) {
    this.irregular = new WaitingList(compare);
  }

  get size(): number {
    return this.#size;
  }

  /** Adds a uniform task to its signature's bucket, which it returns. */
  insertUniform(task: RoutingTask, key: string, skills: Readonly<Record<string, number>> | undefined): Bucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { queueId: this.queueId, key, skills, list: new WaitingList(this.compare) };
      this.buckets.set(key, bucket);
    }
    bucket.list.insert(task);
    this.#size++;
    return bucket;
  }

  insertIrregular(task: RoutingTask): void {
    this.irregular.insert(task);
    this.#size++;
  }

  /** Removes a task from where it waits (`bucket`, or the irregular list); an emptied bucket is dropped. */
  remove(task: RoutingTask, bucket: Bucket | undefined): boolean {
    const removed = (bucket?.list ?? this.irregular).remove(task);
    if (!removed) return false;
    this.#size--;
    if (bucket !== undefined && bucket.list.size === 0) this.buckets.delete(bucket.key);
    return true;
  }

  /** Every waiting task in serving order: the lists merged (one head per list compared per step). */
  *[Symbol.iterator](): IterableIterator<RoutingTask> {
    const lists = [this.irregular, ...[...this.buckets.values()].map((b) => b.list)].filter((l) => l.size > 0);
    const at = lists.map(() => 0);
    for (;;) {
      let best = -1;
      for (let i = 0; i < lists.length; i++) {
        const task = (lists[i] as WaitingList).at(at[i] as number);
        if (task === undefined) continue;
        if (best < 0 || this.compare(task, (lists[best] as WaitingList).at(at[best] as number) as RoutingTask) < 0) best = i;
      }
      if (best < 0) return;
      yield (lists[best] as WaitingList).at(at[best] as number) as RoutingTask;
      at[best] = (at[best] as number) + 1;
    }
  }
}
