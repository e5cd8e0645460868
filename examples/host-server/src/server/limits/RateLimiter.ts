/**
 * A token bucket per connection: `burst` frames at once, refilled at `perSecond`. Time comes from the engine's
 * clock, so tests that drive a manual clock drive the limiter too.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ perSecond: 10, burst: 20 }, () => Date.now());
 * if (!limiter.take()) reply({ type: 'error', code: 'rate-limited' });
 * ```
 */
export class RateLimiter {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;
  /** Frames refused in a row; a client that keeps going after being told is cut off. */
  refusedInARow = 0;

  constructor(options: { perSecond: number; burst: number }, now: () => number) {
    this.#perSecond = options.perSecond;
    this.#burst = options.burst;
    this.#now = now;
    this.#tokens = options.burst;
    this.#last = now();
  }

  /** Spends one token; false when the bucket is empty. */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#perSecond);
    this.#last = now;
    if (this.#tokens < 1) {
      this.refusedInARow++;
      return false;
    }
    this.#tokens -= 1;
    this.refusedInARow = 0;
    return true;
  }
}
