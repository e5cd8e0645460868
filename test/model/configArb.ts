import fc from 'fast-check';
import type { AgentConfig, PresenceOptions, QueueConfig, StrategyName } from 'chatroute';
import type { WorldConfig } from './world';

const strategyArb = fc.constantFrom<StrategyName>('longest-idle', 'least-busy', 'round-robin', 'ring-all', 'random');

/** A small random contact center: 1–3 queues, 1–4 agents with memberships and penalties. */
export const configArb: fc.Arbitrary<WorldConfig> = fc
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
    fc.record({
      agentGraceMs: fc.constantFrom(1_000, 30_000),
      agentChats: fc.constantFrom('keep' as const, 'requeue' as const, 'close-with-status' as const),
      agentChatsAfterMs: fc.constantFrom(2_000, 120_000),
      customerGraceMs: fc.constantFrom(2_000, 60_000),
    }),
  )
  .map(([queueSpecs, agentSpecs, seed, presence]) => {
    const queues: QueueConfig[] = queueSpecs.map((q, i) => ({ id: `q${i}`, name: `Queue ${i}`, closeStatuses: ['done', 'spam'], ...q }));
    const agents: AgentConfig[] = agentSpecs.map((a, i) => {
      const memberships = new Map(a.queues.map(([q, penalty]) => [`q${q % queues.length}`, penalty]));
      // Every other agent supervises a queue, so supervisor commands are both authorised and refused.
      const supervises = i % 2 === 0 ? { supervises: [`q${i % queues.length}`] } : {};
      return { id: `a${i}`, name: `Agent ${i}`, capacity: a.capacity, queues: [...memberships].map(([queueId, penalty]) => ({ queueId, penalty })), ...supervises };
    });
    const options: PresenceOptions = presence;
    return { queues, agents, seed, presence: options };

  });

