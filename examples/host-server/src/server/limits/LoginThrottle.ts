/** How long a sign-in must wait, or 0. */
export type Wait = number;

interface Failures {
  count: number;
  /** Until when further attempts are refused without checking the password. */
  blockedUntil: number;
  lastAt: number;
}

export interface LoginThrottleOptions {
  /** Failures of one account before back-off starts (default 5). */
  readonly freePerAccount: number;
  /** Failures from one IP before back-off starts, across accounts (default 20). */
  readonly freePerIp: number;
  /** Back-off doubles from 1 s with each failure past the free ones, up to this (default 15 min). */
  readonly maxBackoffMs: number;
}

/**
 * Sign-in throttling with exponential back-off, per account and per client IP. The first `free` failures cost
 * nothing; each one after that blocks further attempts for 1 s, 2 s, 4 s, ... (capped). A blocked attempt is refused
 * before the password is checked (no scrypt work, so the throttle also protects the CPU), with how long to wait. A
 * success clears the account's count; failures are forgotten after a quiet period of twice the cap.
 *
 * Per account alone, an attacker spreads guesses over accounts; per IP alone, over addresses; both bound each.
 * An attacker can keep an account blocked by failing on purpose: that is the price of online-guessing resistance,
 * bounded by the cap; the account's owner is told how long to wait.
 *
 * @example
 * ```ts
 * const throttle = new LoginThrottle({ freePerAccount: 5, freePerIp: 20, maxBackoffMs: 900_000 }, Date.now);
 * const wait = throttle.wait('alice', ip);
 * if (wait > 0) return refuse(429, wait);
 * ok ? throttle.succeeded('alice') : throttle.failed('alice', ip);
 * ```
 */
export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #now: () => number;
  readonly #accounts = new Map<string, Failures>();
  readonly #ips = new Map<string, Failures>();

  constructor(options: LoginThrottleOptions, now: () => number) {
    this.#options = options;
    this.#now = now;
  }

  /** Milliseconds before this account may try again from this IP (0: now). */
  wait(account: string, ip: string): Wait {
    const now = this.#now();
    const a = this.#current(this.#accounts, account, now);
    const i = this.#current(this.#ips, ip, now);
    return Math.max(0, (a?.blockedUntil ?? 0) - now, (i?.blockedUntil ?? 0) - now);
  }

  failed(account: string, ip: string): void {
    const now = this.#now();
    this.#count(this.#accounts, account, this.#options.freePerAccount, now);
    this.#count(this.#ips, ip, this.#options.freePerIp, now);
  }

  succeeded(account: string): void {
    this.#accounts.delete(account);
  }

  #current(map: Map<string, Failures>, key: string, now: number): Failures | undefined {
    const entry = map.get(key);
    if (entry !== undefined && now - entry.lastAt > 2 * this.#options.maxBackoffMs) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  #count(map: Map<string, Failures>, key: string, free: number, now: number): void {
    const entry = this.#current(map, key, now) ?? { count: 0, blockedUntil: 0, lastAt: now };
    entry.count++;
    entry.lastAt = now;
    if (entry.count >= free) entry.blockedUntil = now + Math.min(this.#options.maxBackoffMs, 1_000 * 2 ** Math.min(30, entry.count - free));
    map.delete(key);
    map.set(key, entry);
    // Bounded: the oldest entries go first (they are the ones closest to being forgotten anyway).
    if (map.size > 100_000) map.delete(map.keys().next().value as string);
  }
}
