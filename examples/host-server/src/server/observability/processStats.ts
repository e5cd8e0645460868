/**
 * The process as `/metrics` and `/healthz` see it: uptime, memory, and how late the event loop runs. The lag is
 * measured by a timer that asks to run every `everyMs` and notes how much later it ran; `lagMs` is the last such
 * delay, `maxLagMs` the largest since the last `takeMaxLag()` (a scrape), so a stall between scrapes still shows.
 *
 * @example
 * ```ts
 * const stats = new ProcessStats();
 * stats.lagMs;     // 0.4
 * stats.close();
 * ```
 */
export class ProcessStats {
  readonly startedAt = Date.now();
  #lagMs = 0;
  #maxLagMs = 0;
  #expected: number;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(everyMs = 500) {
    this.#expected = performance.now() + everyMs;
    this.#timer = setInterval(() => {
      const now = performance.now();
      this.#lagMs = Math.max(0, now - this.#expected);
      this.#maxLagMs = Math.max(this.#maxLagMs, this.#lagMs);
      this.#expected = now + everyMs;
    }, everyMs);
    this.#timer.unref();
  }

  /** The last measured delay of the event loop, in ms. */
  get lagMs(): number {
    // A loop blocked right now has not run the timer yet: the time past its due moment is lag too.
    return Math.max(this.#lagMs, performance.now() - this.#expected);
  }

  /** The largest delay since the last call, in ms (and starts over). */
  takeMaxLag(): number {
    const max = Math.max(this.#maxLagMs, this.lagMs);
    this.#maxLagMs = 0;
    return max;
  }

  uptimeSeconds(): number {
    return process.uptime();
  }

  memory(): NodeJS.MemoryUsage {
    return process.memoryUsage();
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
