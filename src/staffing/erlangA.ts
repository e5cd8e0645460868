import { erlangB } from './erlangB';
import type { ErlangAInput, ErlangAResult } from './types';
import { requireAgents, requireNonNegative, requirePositive, requireWaitThreshold } from './validate';
import { buildWaitingChain, walkWaitingStates, type WaitingChain } from './waitingChain';

// What one arrival experiences, by PASTA from the stationary chain (see waitingChain.ts). An arrival that finds
// state N+k has k chats ahead. Queue order is FCFS and patience is exponential, so while j chats are ahead
// (j = k, …, 0) it leaves that phase at rate r_j = Nμ + (j+1)θ: an agent frees up or one of the j ahead abandons
// (rate Nμ + jθ, moving it forward — to service when j = 0), or it abandons itself (rate θ). The exit time of a
// phase is independent of which exit is taken, hence:
//   P(answered | k) = Π_{j=0..k} (Nμ + jθ)/(Nμ + (j+1)θ) = Nμ / (Nμ + (k+1)θ)          (telescoping),
//   wait | answered, k  ~  S_k = Σ_{m=1..k+1} Exp(Nμ + mθ)   (independent phases),
//   E[wait · 1{answered} | k] = P(answered | k) · Σ_{m=1..k+1} 1/(Nμ + mθ).
// S_k has a closed law: Σ_{m=1..n} Exp(α + mθ) = −ln(U)/θ with U ~ Beta(α/θ + 1, n) (compare Laplace transforms:
// E[U^(s/θ)] = Π_{m=0..n-1} (a+m)/(a+m+s/θ) with a = α/θ + 1; for α = 0 it is the maximum of n Exp(θ)). So with
// x = e^(−θt), a = Nμ/θ + 1 and the integer-b form of the incomplete beta function,
//   P(S_k > t) = I_x(a, k+1) = Σ_{j=0..k} g_j,   g_j = x^a · Γ(a+j)/(Γ(a)·j!) · (1−x)^j,
// i.e. the CDF at k of a negative binomial law g. Its terms are positive (no alternating hypoexponential sums),
// g_0 = e^(−(Nμ+θ)t) and g_j = g_{j−1} · (a+j−1)/j · (1−x); they are built in log space so a g_0 that underflows
// does not zero the rest. Then
//   serviceLevel(t) = P(free agent) + Σ_k p_k · P(answered | k) · (1 − Σ_{j<=k} g_j),
// accumulated in one pass over k. As θ → 0, g tends to Poisson(Nμt) and S_k to Erlang(k+1, Nμ): Erlang C.
// The error is the chain truncation (< 1e-17 relative) plus about one ulp per state summed (< 1e-9 in all).

/**
 * Erlang A (Palm): waiting and abandonment figures for an M/M/N+M queue, where each waiting chat gives up after
 * an exponential patience of mean `patienceSec`. Computed exactly from the stationary birth–death chain (no
 * approximation, log-space throughout), so it holds for thousands of agents and at any load: abandonment keeps
 * the queue stable even when the offered load exceeds the agents.
 *
 * - `probWait`: an arrival finds all agents busy. `probAbandon`: it gives up before being answered.
 * - `meanWaitSec`: mean time in queue over all arrivals; `asaSec`: mean wait of the answered ones (0 included).
 * - `serviceLevel(t)`: share of all arrivals answered within t seconds (abandoned ones never count), so
 *   `serviceLevel(0) = 1 − probWait` and `serviceLevel(Infinity) = 1 − probAbandon`.
 * - `occupancy`: λ·(1 − probAbandon)·aht / N, the busy share of agent time.
 *
 * Throws `ChatrouteError('invalid-argument')` for a negative or non-finite arrival rate, a handling time or
 * patience that is not a finite number > 0, `agents` that is not an integer >= 1, or a chain so overloaded and
 * patient that its mean queue reaches about ten million chats; `serviceLevel(t)` throws for a negative or NaN `t`.
 *
 * @example
 * ```ts
 * import { erlangA } from 'chatroute/staffing';
 * // 18 Erlangs offered to 18 agents: unstable under Erlang C, fine once customers give up after ~2 minutes.
 * const queue = erlangA({ arrivalRatePerSec: 0.1, ahtSec: 180, patienceSec: 120, agents: 18 });
 * queue.probAbandon; // share of chats lost
 * queue.serviceLevel(20); // share answered within 20 s
 * ```
 */
export function erlangA(input: ErlangAInput): ErlangAResult {
  const { arrivalRatePerSec: lambda, ahtSec, patienceSec, agents } = input;
  requireNonNegative('erlangA', 'arrivalRatePerSec', lambda);
  requirePositive('erlangA', 'ahtSec', ahtSec);
  requirePositive('erlangA', 'patienceSec', patienceSec);
  requireAgents('erlangA', agents, 1);
  const offeredLoad = lambda * ahtSec;
  requireNonNegative('erlangA', 'arrivalRatePerSec × ahtSec', offeredLoad);
  if (lambda === 0) return idleResult();

  const nMu = agents / ahtSec;
  const theta = 1 / patienceSec;
  const chain = buildWaitingChain(lambda, nMu, theta, erlangB({ offeredLoad, agents }));

  let probWait = 0;
  let meanQueue = 0;
  let probAnswered = chain.probFree;
  let answeredWaitSum = 0;
  let harmonic = 0; // Σ_{m=1..k+1} 1/(Nμ + mθ): mean of S_k
  walkWaitingStates(chain, (k, p) => {
    const answeredGivenK = nMu / (nMu + (k + 1) * theta);
    harmonic += 1 / (nMu + (k + 1) * theta);
    probWait += p;
    meanQueue += k * p;
    probAnswered += p * answeredGivenK;
    answeredWaitSum += p * answeredGivenK * harmonic;
  });
  // Summing p_k keeps a small P(wait) exact relative to itself; near 1 the complement of the (small, accurately
  // known) free share is sharper than a sum of hundreds of rounded terms.
  if (probWait > 0.5) probWait = 1 - chain.probFree;
  // Rate balance: abandonments happen at θ·E[queue] per second out of λ arrivals per second.
  const probAbandon = Math.min(1, (theta * meanQueue) / lambda);
  return {
    offeredLoad,
    probWait,
    probAbandon,
    meanWaitSec: meanQueue / lambda,
    // probAnswered is summed from positive terms, so it stays accurate when almost everybody abandons.
    asaSec: answeredWaitSum / probAnswered,
    serviceLevel: (tSec) => serviceLevelAt(chain, tSec),
    // Carried load never exceeds N; the min only absorbs rounding in heavy overload.
    occupancy: Math.min(1, (lambda * (1 - probAbandon) * ahtSec) / agents),
  };
}

function serviceLevelAt(chain: WaitingChain, tSec: number): number {
  requireWaitThreshold('erlangA serviceLevel', tSec);
  if (tSec === 0) return chain.probFree;
  const { nMu, theta } = chain;
  const shape = nMu / theta + 1; // a
  const logStep = Math.log(-Math.expm1(-theta * tSec)); // log(1 − x)
  let logG = -(nMu + theta) * tSec; // log g_0 = a·log x
  let cdf = 0; // Σ_{j<=k} g_j = P(S_k > t)
  let answered = chain.probFree;
  walkWaitingStates(chain, (k, p) => {
    if (k > 0) logG += Math.log((shape + k - 1) / k) + logStep;
    cdf += Math.exp(logG);
    // Everyone further back is (to rounding) still waiting at t: nothing more to add.
    if (cdf >= 1) return false;
    answered += p * (nMu / (nMu + (k + 1) * theta)) * (1 - cdf);
    return true;
  });
  return Math.min(1, Math.max(0, answered));
}

function idleResult(): ErlangAResult {
  const serviceLevel = (tSec: number): number => {
    requireWaitThreshold('erlangA serviceLevel', tSec);
    return 1;
  };
  return { offeredLoad: 0, probWait: 0, probAbandon: 0, meanWaitSec: 0, asaSec: 0, serviceLevel, occupancy: 0 };
}
