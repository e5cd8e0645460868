import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, selectAgents, strategies, type Candidate } from 'chatroute';
import { createAgentPool } from '../../src/routing/AgentPool';

const candidateArb = fc.record({
  agentId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', '__proto__', 'constructor'),
  penalty: fc.nat(2),
  idleSince: fc.nat(50),
  slotsUsed: fc.nat(3),
  lastOfferedAt: fc.nat(20),
});
const ops = fc.array(
  fc.oneof(
    candidateArb.map((c) => ({ op: 'add' as const, c })),
    fc.constantFrom('a', 'b', 'c', '__proto__').map((id) => ({ op: 'remove' as const, id })),
  ),
  { maxLength: 60 },
);

describe('AgentPool', () => {
  it('chooses exactly what the pure strategy chooses, for ordered strategies and ring-all', () => {
    const orderOf = (id: string) => ['a', 'b', 'c', 'd', 'e', 'f', '__proto__', 'constructor'].indexOf(id);
    fc.assert(
      fc.property(
        fc.constantFrom(strategies['longest-idle'], strategies['least-busy'], strategies['round-robin'], strategies['ring-all']),
        ops,
        fc.subarray(['a', 'b', 'c', 'd', 'e', 'f', '__proto__', 'constructor']),
        (strategy, steps, excluded) => {
          const pool = createAgentPool(strategy, createRandom(1));
          const reference = new Map<string, Candidate>();
          for (const step of steps) {
            if (step.op === 'add') {
              const candidate = { ...step.c, order: orderOf(step.c.agentId) };
              pool.add(candidate);
              reference.set(candidate.agentId, candidate);
            } else {
              expect(pool.remove(step.id)).toBe(reference.delete(step.id));
            }
            expect(pool.size).toBe(reference.size);
          }
          const allowed = [...reference.values()].filter((c) => !excluded.includes(c.agentId));
          const expected = selectAgents(strategy, allowed, createRandom(1)).map((c) => c.agentId);
          expect(pool.select((id) => !excluded.includes(id))).toEqual(expected);
          // Selecting does not consume: the pool is unchanged.
          expect(pool.size).toBe(reference.size);
          expect(pool.select((id) => !excluded.includes(id))).toEqual(expected);
        },
      ),
    );
  });

  it('random picks only allowed agents of the best allowed tier, all of them over time', () => {
    const pool = createAgentPool(strategies.random, createRandom(3));
    ['a', 'b', 'c'].forEach((agentId, order) => pool.add({ agentId, order, penalty: 0, idleSince: 0, slotsUsed: 0, lastOfferedAt: 0 }));
    pool.add({ agentId: 'z', order: 9, penalty: 1, idleSince: 0, slotsUsed: 0, lastOfferedAt: 0 });
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const [picked] = pool.select((id) => id !== 'c');
      seen.add(picked as string);
    }
    expect([...seen].sort()).toEqual(['a', 'b']);
    expect(pool.select((id) => id === 'z')).toEqual(['z']);
    expect(pool.select(() => false)).toEqual([]);
  });
});
