import type { RoutingTask } from '../model/routing';

/**
 * Priority aging: a waiting chat's effective priority grows by a fixed rate with the time since it first queued
 * (`enqueuedAt`, kept across overflow and requeues), so nothing starves behind a stream of higher priorities.
 * A rate of 0 is today's behaviour: the effective priority is the priority.
 *
 * @example
 * ```ts
 * effectivePriority({ priority: 0, enqueuedAt: 0 }, 1 / 60_000, 120_000); // 2: two minutes at one point a minute
 * ```
 */
export function effectivePriority(task: Pick<RoutingTask, 'priority' | 'enqueuedAt'>, perMs: number, now: number): number {
  return perMs === 0 ? task.priority : task.priority + perMs * Math.max(0, now - task.enqueuedAt);
}

/**
 * Serving order within one queue under aging at `perMinute`. Every chat of a queue ages at the same rate, so the order
 * does not change with time (priority_a + r(now − e_a) > priority_b + r(now − e_b) does not depend on now), and the
 * waiting list stays sorted without re-sorting. Scaled to milliseconds and taken as differences, so integer
 * priorities and rates compare exactly (no rounding decides a tie that enqueue time should).
 */
export function agingCompare(perMinute: number): (a: RoutingTask, b: RoutingTask) => number {
  return (a, b) => (b.priority - a.priority) * 60_000 + perMinute * (a.enqueuedAt - b.enqueuedAt) || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq;
}
