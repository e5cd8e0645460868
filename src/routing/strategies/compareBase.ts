import type { Candidate } from '../types';

/** Penalty tier first, then the strategy's key, then configuration order: a total, deterministic order. */
export function tiered(key: (a: Candidate, b: Candidate) => number): (a: Candidate, b: Candidate) => number {
  return (a, b) => a.penalty - b.penalty || key(a, b) || a.order - b.order;
}
