/** How long a sign-in must wait, or 0. */
export type Wait = number;

interface Failures {
  count: number;
  /** Until when further attempts are refused without checking the password. */
  blockedUntil: number;
  lastAt: number;
}

export interface LoginThrottleOptions {
  /** Failures of one account from one address before back-off starts for that pair (default 5). */
  readonly freePerAccount: number;
  /** Failures from one address before back-off starts for it, across accounts (default 20). */
  readonly freePerIp: number;
  /** Back-off doubles from 1 s with each failure past the free ones, up to this (default 15 min). */
  readonly maxBackoffMs: number;
}

/** The most entries each map keeps; the oldest go first (they are the ones closest to being forgotten anyway). */
const MAX_ENTRIES = 100_000;

/**
 * Sign-in throttling with exponential back-off, per **(account, address)** pair and per address. The first free
 * failures cost nothing; each one after that blocks further attempts of that pair (or that address) for 1 s, 2 s,
 * 4 s, ... (capped). A blocked attempt is refused before the password is checked (no scrypt work, so the throttle also
 * protects the CPU), with how long to wait. Failures are forgotten after a quiet period of twice the cap.
 *
 * Why pairs and not accounts: with a per-account back-off, anyone could lock any agent out by failing on purpose
 * from rotating addresses, and the owner's correct password would be refused too (issue 17). Keyed by pair, guesses
 * from elsewhere never delay the owner at their own address; the per-address budget still bounds what one address
 * can try across accounts, and each new address of a rotating attacker gets only the free failures per account.
 * A success clears its pair; an admin's password reset clears every pair of the account ({@link reset}).
 *
 * @example
 * ```ts
 * const throttle = new LoginThrottle({ freePerAccount: 5, freePerIp: 20, maxBackoffMs: 900_000 }, Date.now);
 * const wait = throttle.wait('alice', ip);
 * if (wait > 0) return refuse(429, wait);
 * ok ? throttle.succeeded('alice', ip) : throttle.failed('alice', ip);
 * ```
 */
export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #now: () => number;
  readonly #pairs = new Map<string, Failures>();
  readonly #ips = new Map<string, Failures>();

  constructor(options: LoginThrottleOptions, now: () => number) {
    this.#options = options;
    this.#now = now;
  }

  /** Milliseconds before this account may try again from this address (0: now). */
  wait(account: string, ip: string): Wait {
    const now = this.#now();
    const pair = this.#current(this.#pairs, pairKey(account, ip), now);
    const byIp = this.#current(this.#ips, ip, now);
    return Math.max(0, (pair?.blockedUntil ?? 0) - now, (byIp?.blockedUntil ?? 0) - now);
  }

  failed(account: string, ip: string): void {
    const now = this.#now();
    this.#count(this.#pairs, pairKey(account, ip), this.#options.freePerAccount, now);
    this.#count(this.#ips, ip, this.#options.freePerIp, now);
  }

  /** The right password from this address: its pair starts over (the address's own budget does not: it was spent). */
  succeeded(account: string, ip: string): void {
    this.#pairs.delete(pairKey(account, ip));
  }

  /** Forgets every failure against this account, from any address (an admin gave it a new password). */
  reset(account: string): void {
    const prefix = pairKey(account, '');
    for (const key of [...this.#pairs.keys()]) if (key.startsWith(prefix)) this.#pairs.delete(key);
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
    if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
  }
}

/** NUL cannot occur in an account name that passed the sign-in's checks, so pairs cannot collide. */
const pairKey = (account: string, ip: string): string => `${account}\u0000${ip}`;
