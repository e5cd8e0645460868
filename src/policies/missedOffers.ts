/**
 * Missed offers (FreeSWITCH `max-no-answer`): an agent is paused (by the queue's `missedOffer` policy) only after
 * `pauseAfter` consecutive missed offers; answering an offer (accepting or rejecting) starts the count again. The
 * count is kept per agent by the engine (and in snapshots). Returns the new count and whether to pause now (the
 * count restarts after a pause).
 *
 * @example
 * ```ts
 * missedOffer(0, 2); // { count: 1, pause: false }
 * missedOffer(1, 2); // { count: 0, pause: true }
 * ```
 */
export function missedOffer(count: number, pauseAfter: number): { count: number; pause: boolean } {
  const next = count + 1;
  return next >= pauseAfter ? { count: 0, pause: true } : { count: next, pause: false };
}
