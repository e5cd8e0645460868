import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentConfig, QueueConfig, StrategyName } from 'chatroute';
import { allCommands } from './commands';
import { createStartedWorld, replay, type WorldConfig } from './world';

const deep = process.env.CHATROUTE_DEEP === '1';

const strategyArb = fc.constantFrom<StrategyName>('longest-idle', 'least-busy', 'round-robin', 'ring-all', 'random');

/** A small random contact center: 1–3 queues, 1–4 agents with memberships and penalties. */
const configArb: fc.Arbitrary<WorldConfig> = fc
  .tuple(
    fc.array(
      fc.record({
        strategy: strategyArb,
        offerTimeoutMs: fc.constantFrom(1_000, 5_000, 20_000),
        missedOffer: fc.constantFrom('unpaid-pause' as const, 'none' as const),
        rejectCooldownMs: fc.constantFrom(0, 3_000, 30_000),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    fc.array(
      fc.record({ capacity: fc.integer({ min: 1, max: 3 }), queues: fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { maxLength: 3 }) }),
      { minLength: 1, maxLength: 4 },
    ),
    fc.nat(),
  )
  .map(([queueSpecs, agentSpecs, seed]) => {
    const queues: QueueConfig[] = queueSpecs.map((q, i) => ({ id: `q${i}`, name: `Queue ${i}`, closeStatuses: ['done', 'spam'], ...q }));
    const agents: AgentConfig[] = agentSpecs.map((a, i) => {
      const memberships = new Map(a.queues.map(([q, penalty]) => [`q${q % queues.length}`, penalty]));
      return { id: `a${i}`, name: `Agent ${i}`, capacity: a.capacity, queues: [...memberships].map(([queueId, penalty]) => ({ queueId, penalty })) };
    });
    return { queues, agents, seed };
  });

describe('engine model (fc.commands): invariants after every command and clock advance', () => {
  it('holds invariants 1–9 and replays deterministically (10)', () => {
    fc.assert(
      fc.property(configArb, fc.commands(allCommands, { maxCommands: 100, size: 'max' }), (config, commands) => {
        const world = createStartedWorld(config);
        fc.modelRun(() => ({ model: { started: 0 }, real: world }), commands);
        // 10. Determinism: the same steps on a fresh engine give the same events.
        expect(JSON.stringify(replay(config, world.steps))).toBe(JSON.stringify(world.events));
      }),
      { numRuns: deep ? 5_000 : 300 },
    );
  }, deep ? 3_600_000 : 60_000);
});
