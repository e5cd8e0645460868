import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, selectAgents, strategies, type Candidate } from 'chatroute';

const c = (agentId: string, over: Partial<Candidate> = {}): Candidate => ({
  agentId,
  order: 0,
  penalty: 0,
  idleSince: 0,
  slotsUsed: 0,
  lastOfferedAt: 0,
  ...over,
});
const rng = createRandom(1);

describe('strategies (pure selection)', () => {
  it('longest-idle picks the earliest idleSince, ties by configuration order', () => {
    const picked = selectAgents(strategies['longest-idle'], [c('a', { idleSince: 50, order: 0 }), c('b', { idleSince: 10, order: 1 }), c('c', { idleSince: 10, order: 2 })], rng);
    expect(picked.map((x) => x.agentId)).toEqual(['b']);
  });

  it('least-busy picks the fewest slots used, then the longest idle', () => {
    const picked = selectAgents(strategies['least-busy'], [c('a', { slotsUsed: 1, idleSince: 0 }), c('b', { slotsUsed: 0, idleSince: 90 }), c('c', { slotsUsed: 0, idleSince: 20 })], rng);
    expect(picked.map((x) => x.agentId)).toEqual(['c']);
  });

  it('round-robin picks whom this queue offered to least recently', () => {
    const picked = selectAgents(strategies['round-robin'], [c('a', { lastOfferedAt: 3 }), c('b', { lastOfferedAt: 1 }), c('c', { lastOfferedAt: 2 })], rng);
    expect(picked.map((x) => x.agentId)).toEqual(['b']);
  });

  it('ring-all picks the whole best penalty tier', () => {
    const picked = selectAgents(strategies['ring-all'], [c('a', { penalty: 1 }), c('b', { order: 2 }), c('c', { order: 1 })], rng);
    expect(picked.map((x) => x.agentId)).toEqual(['c', 'b']);
  });

  it('every strategy serves a lower penalty first', () => {
    for (const strategy of Object.values(strategies)) {
      const picked = selectAgents(strategy, [c('high', { penalty: 2, idleSince: -100 }), c('low', { penalty: 1, idleSince: 100 })], rng);
      expect(picked.map((x) => x.agentId)).toEqual(['low']);
    }
  });

  it('random picks within the best tier, and is reproducible for a seed', () => {
    const candidates = ['a', 'b', 'c', 'd'].map((id, order) => c(id, { order }));
    const run = (seed: number) => {
      const r = createRandom(seed);
      return Array.from({ length: 20 }, () => (selectAgents(strategies.random, candidates, r)[0] as Candidate).agentId);
    };
    expect(run(7)).toEqual(run(7));
    expect(new Set(run(7)).size).toBeGreaterThan(1);
  });

  it('never picks from outside the candidates, and picks exactly one unless ring-all', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(strategies)),
        fc.uniqueArray(fc.record({ agentId: fc.string({ minLength: 1 }), penalty: fc.nat(3), idleSince: fc.nat(100), slotsUsed: fc.nat(3), lastOfferedAt: fc.nat(10) }), { selector: (x) => x.agentId, minLength: 1, maxLength: 20 }),
        (strategy, raw) => {
          const candidates = raw.map((x, order) => ({ ...x, order }));
          const picked = selectAgents(strategy, candidates, rng);
          const min = Math.min(...candidates.map((x) => x.penalty));
          expect(picked.every((p) => candidates.includes(p) && p.penalty === min)).toBe(true);
          if (strategy.kind !== 'all') expect(picked).toHaveLength(1);
          else expect(picked).toHaveLength(candidates.filter((x) => x.penalty === min).length);
        },
      ),
    );
  });
});
