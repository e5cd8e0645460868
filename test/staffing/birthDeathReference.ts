// An independent, deliberately naive Erlang A model for the tests: it shares no code or closed forms with
// src/staffing. The stationary law comes from solving π·Q = 0 on a truncated generator by Gaussian elimination
// (not from the product form); waits come from simulating the tagged chat's own Markov chain by uniformization
// and from first-step recursions (not from the telescoped / negative-binomial formulas).

export interface ReferenceModel {
  readonly probWait: number;
  readonly probAbandon: number;
  readonly meanWaitSec: number;
  readonly asaSec: number;
  readonly serviceLevel: (tSec: number) => number;
}

function solveStationary(lambda: number, mu: number, theta: number, agents: number, maxQueue: number): number[] {
  const size = agents + maxQueue + 1;
  // Rows of Qᵀ: balance of state s; the last row is replaced by Σπ = 1.
  const matrix = Array.from({ length: size }, () => new Array<number>(size + 1).fill(0));
  const death = (s: number): number => Math.min(s, agents) * mu + Math.max(0, s - agents) * theta;
  for (let s = 0; s < size; s++) {
    const up = s + 1 < size ? lambda : 0;
    const down = death(s);
    matrix[s]![s]! -= up + down;
    if (s + 1 < size) matrix[s + 1]![s]! += up;
    if (s > 0) matrix[s - 1]![s]! += down;
  }
  matrix[size - 1] = new Array<number>(size + 1).fill(1);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(matrix[r]![col]!) > Math.abs(matrix[pivot]![col]!)) pivot = r;
    [matrix[col], matrix[pivot]] = [matrix[pivot]!, matrix[col]!];
    const head = matrix[col]!;
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const row = matrix[r]!;
      const factor = row[col]! / head[col]!;
      if (factor !== 0) for (let c = col; c <= size; c++) row[c]! -= factor * head[c]!;
    }
  }
  return matrix.map((row, s) => row[size]! / row[s]!);
}

/** Erlang A by brute force; `maxQueue` must be large enough for the truncated tail to be negligible. */
export function referenceErlangA(
  lambda: number,
  ahtSec: number,
  patienceSec: number,
  agents: number,
  maxQueue: number,
): ReferenceModel {
  const mu = 1 / ahtSec;
  const theta = 1 / patienceSec;
  const pi = solveStationary(lambda, mu, theta, agents, maxQueue);
  const ahead = pi.slice(agents); // PASTA: an arrival sees state N + k with probability π_{N+k}
  const probFree = pi.slice(0, agents).reduce((a, b) => a + b, 0);
  const meanQueue = ahead.reduce((sum, p, k) => sum + k * p, 0);

  // First-step analysis of the tagged chat with j ahead: it leaves the phase at rate r_j; forward with f_j.
  const nMu = agents * mu;
  let served = 1; // P(answered) from phase j − 1 (j − 1 = −1 means: being answered)
  let answeredWait = 0; // E[wait · 1{answered}] from phase j − 1
  let anyWait = 0; // E[wait] from phase j − 1, answered or not
  let probAnswered = probFree;
  let answeredWaitSum = 0;
  let waitSum = 0;
  ahead.forEach((p, j) => {
    const rate = nMu + (j + 1) * theta;
    const forward = (nMu + j * theta) / rate;
    answeredWait = forward * (served / rate + answeredWait);
    anyWait = 1 / rate + forward * anyWait;
    served = forward * served;
    probAnswered += p * served;
    answeredWaitSum += p * answeredWait;
    waitSum += p * anyWait;
  });

  const serviceLevel = (tSec: number): number => {
    // Uniformize the tagged chain at rate Λ: each tick moves forward, abandons, or does nothing.
    const big = nMu + (ahead.length + 1) * theta;
    let mass = ahead.slice();
    let answered = 0;
    // Poisson(Λt) weights in log space: e^(−Λt) alone underflows once Λt > 745.
    let logPoisson = -big * tSec;
    let cumulative = 0;
    let result = 0;
    // Beyond mean + 12 standard deviations (+30) the Poisson tail is far below 1e-15.
    const lastTick = big * tSec + 12 * Math.sqrt(big * tSec) + 30;
    for (let n = 0; cumulative < 1 - 1e-15 && n <= lastTick; n++) {
      if (n > 0) logPoisson += Math.log((big * tSec) / n);
      const poisson = Math.exp(logPoisson);
      cumulative += poisson;
      result += poisson * answered;
      const next = new Array<number>(mass.length).fill(0);
      mass.forEach((m, j) => {
        const forward = (nMu + j * theta) / big;
        next[j]! += m * (1 - forward - theta / big);
        if (j === 0) answered += m * forward;
        else next[j - 1]! += m * forward;
      });
      mass = next;
    }
    return probFree + result;
  };

  return {
    probWait: 1 - probFree,
    probAbandon: 1 - probAnswered,
    meanWaitSec: waitSum,
    asaSec: answeredWaitSum / probAnswered,
    serviceLevel,
  };
}
