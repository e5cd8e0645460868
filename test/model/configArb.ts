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


/** A day on the model's clock (it starts at 0: Thursday 1970-01-01 00:00 UTC): open, a short break, open again. */
const thursday = [{ from: '00:00', to: '00:02' }, { from: '00:03', to: '00:09' }];
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/**
 * Routing policies of one queue (issue 9), each present or not; `to` is filled with a neighbour queue, so overflow
 * chains loop (q0 → q1 → q0, or round three queues) with business hours, queue lengths and `whenNobodyLoggedIn` mixed
 * along them (issue 22). Offer timeouts, widening steps, relaxations and waits share the values 5 000 and 20 000 ms and
 * the clock advances by exactly those too, so timers of different chats often come due in the same millisecond.
 */
const policiesArb = fc.record({
  overflow: opt(fc.record({ maxWaitMs: opt(fc.constantFrom(4_000, 30_000)), maxQueueLength: opt(fc.integer({ min: 1, max: 3 })), whenNobodyLoggedIn: fc.boolean(), to: fc.boolean() })),
  widening: opt(fc.array(fc.record({ afterMs: fc.constantFrom(0, 5_000, 20_000), maxPenalty: fc.nat(2) }), { maxLength: 2 })),
  skills: opt(fc.record({ preferProficiency: fc.boolean(), relaxAfterMs: fc.array(fc.constantFrom(5_000, 20_000), { maxLength: 2 }) })),
  aging: opt(fc.record({ perMinute: fc.constantFrom(1, 10) })),
  affinity: opt(fc.record({ reserveMs: fc.constantFrom(0, 5_000, 30_000), lastAgent: fc.boolean() })),
  wrapUp: opt(fc.record({ ms: fc.constantFrom(2_000, 10_000), hold: fc.constantFrom('slot' as const, 'agent' as const) })),
  missedOfferPauseAfter: opt(fc.constantFrom(1, 2, 3)),
  hours: opt(fc.constantFrom('refuse' as const, 'overflow' as const)),
});

type PolicySpec = typeof policiesArb extends fc.Arbitrary<infer T> ? T : never;

/** The same small centers with routing policies on their queues and skills on their agents (issue 9). */
export const policyConfigArb: fc.Arbitrary<WorldConfig> = fc
  .tuple(configArb, fc.array(policiesArb, { minLength: 3, maxLength: 3 }), fc.array(opt(fc.dictionary(fc.constantFrom('de', 'fr'), fc.nat(3), { maxKeys: 2 })), { minLength: 4, maxLength: 4 }))
  .map(([config, policySpecs, skillSpecs]) => {
    const queues: QueueConfig[] = config.queues.map((queue, i) => {
      const p = policySpecs[i] as PolicySpec;
      const to = config.queues.length > 1 ? `q${(i + 1) % config.queues.length}` : undefined;
      const overflow = p.overflow === undefined ? undefined : {
        ...(p.overflow.maxWaitMs !== undefined ? { maxWaitMs: p.overflow.maxWaitMs } : {}),
        ...(p.overflow.maxQueueLength !== undefined ? { maxQueueLength: p.overflow.maxQueueLength } : {}),
        ...(p.overflow.to && to !== undefined ? { to, whenNobodyLoggedIn: p.overflow.whenNobodyLoggedIn } : {}),
      };
      const hours = p.hours === undefined || (p.hours === 'overflow' && overflow?.to === undefined) ? undefined : { timeZone: 'UTC', weekly: { thu: thursday }, whenClosed: p.hours };
      const policies = {
        ...(overflow !== undefined ? { overflow } : {}),
        ...(p.widening !== undefined ? { widening: p.widening } : {}),
        ...(p.skills !== undefined ? { skills: p.skills } : {}),
        ...(p.aging !== undefined ? { aging: p.aging } : {}),
        ...(p.affinity !== undefined ? { affinity: p.affinity } : {}),
        ...(p.wrapUp !== undefined ? { wrapUp: p.wrapUp } : {}),
        ...(p.missedOfferPauseAfter !== undefined ? { missedOfferPauseAfter: p.missedOfferPauseAfter } : {}),
        ...(hours !== undefined ? { businessHours: hours } : {}),
      };
      return { ...queue, policies };
    });
    const agents: AgentConfig[] = config.agents.map((agent, i) => (skillSpecs[i] !== undefined ? { ...agent, skills: skillSpecs[i] } : agent));
    return { ...config, queues, agents };
  });
