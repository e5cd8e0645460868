import type { Sessions } from './sessions';

/** Why a watched sign-in ended. */
export type TokenEnd = 'revoked' | 'expired';

interface Watched {
  readonly token: string;
  /** When to look at the token again (the sessions' time). */
  due: number;
  readonly onEnd: (why: TokenEnd) => void;
  readonly stopRevoke: () => void;
}

/** A token with no end yet (a customer's live chat) is looked at again this often: its chat may have ended. */
const RECHECK_OPEN_MS = 30_000;

/**
 * Ends open connections when their sign-in ends, even if they are quiet: at once when the token is revoked (sign-out,
 * a new password, the agent removed), and within a tick (default 250 ms) of its expiry. One timer for every watched
 * token; each is read from the sessions table only when it is due (its known expiry, or every 30 s for a token whose
 * end is not known yet), so thousands of quiet desks cost comparisons, not queries.
 *
 * @example
 * ```ts
 * const stop = auth.tokens.watch(token, (why) => ws.close(4001, why));
 * // ...on close:
 * stop();
 * ```
 */
export class TokenWatch {
  readonly #sessions: Sessions;
  readonly #tickMs: number;
  readonly #watched = new Set<Watched>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(sessions: Sessions, options: { tickMs?: number } = {}) {
    this.#sessions = sessions;
    this.#tickMs = options.tickMs ?? 250;
  }

  /** Calls `onEnd` once when `token` is revoked or expires (at once if it already has); returns the unsubscribe. */
  watch(token: string, onEnd: (why: TokenEnd) => void): () => void {
    let ended = false;
    const end = (why: TokenEnd) => {
      if (ended) return;
      ended = true;
      stop();
      onEnd(why);
    };
    const entry: Watched = { token, due: Number.NEGATIVE_INFINITY, onEnd: end, stopRevoke: this.#sessions.onRevoke(token, () => end('revoked')) };
    const stop = () => {
      entry.stopRevoke();
      this.#watched.delete(entry);
      if (this.#watched.size === 0) this.#stop();
    };
    this.#watched.add(entry);
    this.#check(entry, this.#sessions.now());
    if (!ended) this.#start();
    return stop;
  }

  get size(): number {
    return this.#watched.size;
  }

  #check(entry: Watched, now: number): void {
    const expiresAt = this.#sessions.expiresAt(entry.token);
    if (expiresAt === undefined || expiresAt <= now) return entry.onEnd('expired');
    entry.due = Math.min(expiresAt, now + RECHECK_OPEN_MS);
  }

  #start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      const now = this.#sessions.now();
      for (const entry of [...this.#watched]) if (entry.due <= now) this.#check(entry, now);
    }, this.#tickMs);
    this.#timer.unref();
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
