/**
 * Token buckets by key (a client IP): `burst` at once, refilled at `perMinute`. A full bucket carries no
 * information, so it is forgotten; the map holds only keys that spent something recently, and at most `maxKeys`
 * (the oldest go first), so a flood of addresses cannot grow it without bound.
 *
 * @example
 * ```ts
 * const starts = new KeyedRateLimiter({ perMinute: 6, burst: 5 }, Date.now);
 * const wait = starts.take('203.0.113.9'); // 0: allowed; otherwise ms until the next one is
 * ```
 */
export class KeyedRateLimiter {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: { perMinute: number; burst: number; maxKeys?: number }, now: () => number) {
    this.#perMs = options.perMinute / 60_000;
    this.#burst = Math.max(1, options.burst);
    this.#now = now;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** Spends one token of `key`: 0 when allowed, else how many ms until one is available (nothing is spent). */
  take(key: string): number {
    const now = this.#now();
    const bucket = this.#buckets.get(key);
    const tokens = bucket === undefined ? this.#burst : Math.min(this.#burst, bucket.tokens + Math.max(0, now - bucket.at) * this.#perMs);
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: now });
      return this.#perMs > 0 ? Math.ceil((1 - tokens) / this.#perMs) : Number.MAX_SAFE_INTEGER;
    }
    // Re-inserting moves the key to the end: the map's order is "least recently used first".
    this.#buckets.delete(key);
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.#buckets.size > this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
    return 0;
  }
}
