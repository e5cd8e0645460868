import type { OverflowPolicy } from '../model/policies';

/** What to do with a chat that has waited `maxWaitMs` in its queue: move it to the overflow queue, or abandon it. */
export type MaxWaitAction = { readonly kind: 'move'; readonly queueId: string } | { readonly kind: 'abandon' };

/**
 * Overflow and escalation at the maximum wait: to `overflow.to` (keeping the chat's enqueue time, so it keeps its
 * rank by age there), or abandoned with reason `max-wait` when no overflow queue is set.
 *
 * @example
 * ```ts
 * maxWaitAction({ maxWaitMs: 60_000, to: 'backup' }); // { kind: 'move', queueId: 'backup' }
 * maxWaitAction({ maxWaitMs: 60_000 });               // { kind: 'abandon' }
 * ```
 */
export function maxWaitAction(overflow: OverflowPolicy): MaxWaitAction {
  return overflow.to !== undefined ? { kind: 'move', queueId: overflow.to } : { kind: 'abandon' };
}

/** Whether a queue holding `waiting` chats is full for a new one. */
export function isFull(overflow: OverflowPolicy | undefined, waiting: number): boolean {
  return overflow?.maxQueueLength !== undefined && waiting >= overflow.maxQueueLength;
}
