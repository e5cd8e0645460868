/** How reconnect attempts are spaced: doubling from `baseMs` up to `capMs`. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

/** 0.5 s, 1 s, 2 s, 4 s, 8 s, then 10 s between attempts (before jitter). */
export const reconnectBackoff: BackoffPolicy = { baseMs: 500, capMs: 10_000 };

/**
 * The wait before reconnect attempt `attempt` (0 for the first): exponential up to the cap, with "equal jitter":
 * half the step is fixed and half random. The random half spreads a thousand tabs that lost the same server over
 * the interval instead of letting them return in one burst; the fixed half keeps a retry from ever coming at once.
 *
 * @example
 * ```ts
 * backoffDelay(0, () => 1);   // 500
 * backoffDelay(3, () => 0);   // 2000 (half of 4000)
 * backoffDelay(50, () => 1);  // 10000: capped
 * ```
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, policy: BackoffPolicy = reconnectBackoff): number {
  // Capping the exponent first keeps 2 ** attempt finite however long a tab keeps trying.
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return step / 2 + (random() * step) / 2;
}
