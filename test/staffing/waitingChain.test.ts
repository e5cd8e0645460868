import { describe, expect, it } from 'vitest';
import { erlangB } from 'chatroute/staffing';
import { buildWaitingChain, walkWaitingStates } from '../../src/staffing/waitingChain';
import { expectInvalidArgument } from './helpers';

function collect(lambda: number, agents: number, ahtSec: number, patienceSec: number) {
  const blocking = erlangB({ offeredLoad: lambda * ahtSec, agents });
  const chain = buildWaitingChain(lambda, agents / ahtSec, 1 / patienceSec, blocking);
  const probabilities: number[] = [];
  walkWaitingStates(chain, (_k, p) => {
    probabilities.push(p);
  });
  return { chain, probabilities, total: chain.probFree + probabilities.reduce((a, b) => a + b, 0) };
}

describe('waitingChain', () => {
  it('is a probability law over the states, with p_0 = P(state N) and the product-form ratios', () => {
    const { chain, probabilities, total } = collect(0.1, 18, 180, 120);
    expect(total).toBeCloseTo(1, 14);
    expect(probabilities.length).toBe(chain.lastState + 1);
    // p_k / p_{k−1} = λ / (Nμ + kθ)
    for (const k of [1, 2, 10]) {
      expect(probabilities[k]! / probabilities[k - 1]!).toBeCloseTo(0.1 / (18 / 180 + k / 120), 12);
    }
  });

  it('keeps going past the peak of an overloaded queue and stops once the tail is negligible', () => {
    // 2000 Erlangs on 1000 agents, patience 600 s: the queue peaks near (λ − Nμ)/θ = 6000 chats.
    const { chain, probabilities, total } = collect(20, 1000, 100, 600);
    expect(total).toBeCloseTo(1, 12);
    expect(chain.lastState).toBeGreaterThan(6000);
    expect(probabilities[chain.lastState]!).toBeLessThan(1e-17);
    const peak = probabilities.indexOf(Math.max(...probabilities));
    expect(Math.abs(peak - 6000)).toBeLessThan(2);
  });

  it('lets a visitor stop the walk early', () => {
    const { chain } = collect(0.1, 18, 180, 120);
    const seen: number[] = [];
    walkWaitingStates(chain, (k) => {
      seen.push(k);
      return k < 3;
    });
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('refuses a queue that would hold tens of millions of chats instead of running for minutes', () => {
    // One agent, 1000 Erlangs, patience of four months: the mean queue is about 10⁸ chats.
    const message = expectInvalidArgument(() => buildWaitingChain(10, 1 / 100, 1e-7, 1));
    expect(message).toContain('patience is too long');
  });
});
