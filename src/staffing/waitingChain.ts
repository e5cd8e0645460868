import { ChatrouteError } from '../errors/ChatrouteError';

// The waiting part of the Erlang A (M/M/N+M) birth–death chain, kept in log space.
//
// States n = 0..N have birth rate λ and death rate nμ; states N+k (k >= 1 waiting) have death rate Nμ + kθ.
// Relative to π_N, the waiting states carry q_k = Π_{j=1..k} λ / (Nμ + jθ), and Σ_{n<=N} π_n / π_N = 1/B with B
// the Erlang B value for (A, N). So, with Q = Σ_{k>=1} q_k and Z = 1 + B·Q,
//   P(state < N) = (1 − B) / Z,   p_k := P(state N+k) = B·q_k / Z   (k >= 0, q_0 = 1).
// q_k peaks near k ≈ (λ − Nμ)/θ and can exceed 1e300 in overload, so only log q_k is ever formed, and p_k is
// exp(log B + log q_k − log Z), which is <= 1.
//
// Truncation: once ρ = λ/(Nμ + (k+1)θ) < 1 every later ratio is smaller, so
//   Σ_{m>k} m·q_m <= q_k · Σ_{i>=1} (k+i)·ρ^i <= q_k · (k+1)/(1−ρ)².
// We stop when that bound is below e^-40 ≈ 4e-18 times max_{m>=1} q_m (<= Q), so probabilities, E[queue] and
// everything derived lose less than 1e-17 relative. Rounding adds about one ulp per state through the running
// log-sum: ~1e-13 relative for the thousands of states of a large overloaded center, ~1e-9 at MAX_WAITING_STATES.

/** Refuse chains whose significant waiting states would take seconds to sum (mean queue ~ 10 million). */
const MAX_WAITING_STATES = 10_000_000;

/**
 * The stationary waiting states of an M/M/N+M queue: enough to replay p_k for k = 0..lastState.
 *
 * @example
 * ```ts
 * const chain = buildWaitingChain(0.1, 20 / 180, 1 / 120, 0.2);
 * walkWaitingStates(chain, (k, p) => console.log(k, p));
 * ```
 */
export interface WaitingChain {
  readonly lambda: number;
  /** N·μ, the total service rate when every agent is busy. */
  readonly nMu: number;
  readonly theta: number;
  /** The last waiting state k kept; later ones are below the truncation bound. */
  readonly lastState: number;
  /** log B − log Z, so that log p_k = logScale + log q_k. */
  readonly logScale: number;
  /** P(state < N) = (1 − B) / Z: an arrival finds a free agent. */
  readonly probFree: number;
}

/**
 * Builds the waiting chain for arrival rate `lambda`, total busy service rate `nMu` = N·μ, abandonment rate
 * `theta` per waiting customer and Erlang B value `blocking` for (A, N). Requires `lambda` > 0, `theta` > 0.
 *
 * @example
 * ```ts
 * // λ = 0.1/s, 20 agents with AHT 180 s, patience 120 s; B = erlangB({ offeredLoad: 18, agents: 20 }).
 * const chain = buildWaitingChain(0.1, 20 / 180, 1 / 120, erlangB({ offeredLoad: 18, agents: 20 }));
 * chain.probFree; // share of arrivals answered at once
 * ```
 */
export function buildWaitingChain(lambda: number, nMu: number, theta: number, blocking: number): WaitingChain {
  // Online log-sum-exp of log q_k over k >= 1: Q = exp(maxLog) · scaledSum.
  let logQ = 0;
  let maxLog = -Infinity;
  let scaledSum = 0;
  let lastState = 0;
  for (let k = 1; ; k++) {
    logQ += Math.log(lambda / (nMu + k * theta));
    if (logQ > maxLog) {
      scaledSum = scaledSum * Math.exp(maxLog - logQ) + 1;
      maxLog = logQ;
    } else {
      scaledSum += Math.exp(logQ - maxLog);
    }
    lastState = k;
    const nextRatio = lambda / (nMu + (k + 1) * theta);
    if (nextRatio < 1 && logQ + Math.log((k + 1) / (1 - nextRatio) ** 2) < maxLog - 40) break;
    if (k >= MAX_WAITING_STATES) {
      throw new ChatrouteError(
        'invalid-argument',
        `erlangA: the queue would hold about ${Math.round((lambda - nMu) / theta)} waiting chats on average; ` +
          `patience is too long for this overload (at most ${MAX_WAITING_STATES} waiting states are summed). ` +
          'Shorten patienceSec, add agents, or use erlangC.',
      );
    }
  }
  const logB = Math.log(blocking);
  const logBQ = logB + maxLog + Math.log(scaledSum);
  // log Z = log(1 + B·Q) without overflow: softplus.
  const logZ = logBQ > 0 ? logBQ + Math.log1p(Math.exp(-logBQ)) : Math.log1p(Math.exp(logBQ));
  return {
    lambda,
    nMu,
    theta,
    lastState,
    logScale: logB - logZ,
    probFree: (1 - blocking) * Math.exp(-logZ),
  };
}

/**
 * Calls `visit(k, p_k)` for k = 0..lastState in order, recomputing log q_k with exactly the arithmetic of
 * {@link buildWaitingChain} so nothing has to be stored. Returning `false` from `visit` stops the walk.
 *
 * @example
 * ```ts
 * let meanQueue = 0;
 * walkWaitingStates(chain, (k, p) => {
 *   meanQueue += k * p;
 * });
 * ```
 */
export function walkWaitingStates(chain: WaitingChain, visit: (k: number, p: number) => boolean | void): void {
  const { lambda, nMu, theta, lastState, logScale } = chain;
  let logQ = 0;
  for (let k = 0; k <= lastState; k++) {
    if (k > 0) logQ += Math.log(lambda / (nMu + k * theta));
    if (visit(k, Math.exp(logScale + logQ)) === false) return;
  }
}
