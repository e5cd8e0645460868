import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, effectivePriority, selectForTask, strategies, type PolicyCandidate, type StrategyName } from 'chatroute';
import { routingPolicyOf } from '../../src/policies/normalizePolicies';
import { Router } from '../../src/routing/Router';
import type { RoutingTask } from '../../src/routing/types';

const deep = process.env.CHATROUTE_DEEP === '1';
const skillsArb = fc.dictionary(fc.constantFrom('de', 'fr', 'billing'), fc.nat(3), { maxKeys: 3 });
const agentArb = fc.record({
  penalty: fc.nat(3),
  skills: fc.option(skillsArb, { nil: undefined }),
  online: fc.boolean(),
  loggedIn: fc.boolean(),
  ready: fc.boolean(),
  idleSince: fc.nat(50),
  slotsUsed: fc.nat(2),
  declined: fc.boolean(),
});
const policiesArb = fc.record(
  {
    widening: fc.array(fc.record({ afterMs: fc.nat(100), maxPenalty: fc.nat(3) }), { maxLength: 3 }),
    skills: fc.record({ preferProficiency: fc.boolean(), relaxAfterMs: fc.array(fc.nat(100), { maxLength: 3 }) }),
    aging: fc.record({ perMinute: fc.nat(5) }),
  },
  { requiredKeys: [] },
);
const taskArb = fc.record({
  skills: fc.option(skillsArb, { nil: undefined }),
  preferred: fc.option(fc.nat(5), { nil: undefined }),
  reserveMs: fc.nat(100),
  since: fc.nat(100),
});

describe('routing policies: the router’s fast path equals the reference semantics (selectForTask)', () => {
  it('chooses the same agents for one waiting chat, for every strategy and policy mix', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<StrategyName>('longest-idle', 'least-busy', 'round-robin', 'ring-all', 'random'),
        policiesArb,
        fc.array(agentArb, { minLength: 1, maxLength: 7 }),
        taskArb,
        fc.nat(200),
        fc.nat(),
        (strategyName, policies, agents, t, elapsed, seed) => {
          const strategy = strategies[strategyName];
          const policy = routingPolicyOf(policies);
          const now = t.since + elapsed;
          const preferredAgentId = t.preferred === undefined ? undefined : `a${t.preferred}`;
          const task: RoutingTask = {
            id: 'task-1', chatId: 'c1', kind: 'chat', queueId: 'q', targetAgentId: null, priority: 0, enqueuedAt: t.since, seq: 1, exclude: null,
            policy: { since: t.since, ...(t.skills !== undefined ? { skills: t.skills } : {}), ...(preferredAgentId !== undefined ? { preferredAgentId, reservedUntil: t.since + t.reserveMs } : {}) },
          };
          const router = new Router([], [], createRandom(seed));
          router.setQueue({ id: 'q', strategy, policy });
          agents.forEach((a, i) => {
            router.setAgentConfig({ id: `a${i}`, penalties: new Map([['q', a.penalty]]), skills: a.skills === undefined ? undefined : new Map(Object.entries(a.skills)) });
            router.setAgent({ agentId: `a${i}`, online: a.online, ready: a.online && a.ready, pendingOffers: 0, slotsUsed: a.slotsUsed, idleSince: a.idleSince, loggedInQueues: new Set(a.loggedIn ? ['q'] : []) });
            if (a.declined) router.decline(task.id, `a${i}`, now + 1);
          });
          router.addTask(task);
          const fast = router.plan(now)[0]?.agentIds ?? [];

          const skillsOf = (i: number) => (agents[i]?.skills === undefined ? undefined : new Map(Object.entries(agents[i]?.skills ?? {})));
          const candidates: PolicyCandidate[] = agents.flatMap((a, i) =>
            a.online && a.ready && a.loggedIn ? [{ agentId: `a${i}`, order: i, penalty: a.penalty, idleSince: a.idleSince, slotsUsed: a.slotsUsed, lastOfferedAt: 0, skills: skillsOf(i) }] : [],
          );
          const p = t.preferred === undefined ? undefined : agents[t.preferred];
          const preferred = p !== undefined && p.online && p.loggedIn ? { agentId: preferredAgentId as string, skills: skillsOf(t.preferred as number) } : undefined;
          const reference = selectForTask({
            strategy, policy, task, now, candidates, preferred, rng: createRandom(seed),
            declined: (agentId) => agents[Number(agentId.slice(1))]?.declined === true,
          }).map((c) => c.agentId);
          expect(fast).toEqual(reference);
        },
      ),
      { numRuns: deep ? 20_000 : 1_000 },
    );
  });

  it('serves waiting chats in order of effective priority (aging), within and across queues', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ queue: fc.nat(1), priority: fc.integer({ min: -2, max: 3 }), enqueuedAt: fc.nat(600_000) }), { minLength: 1, maxLength: 8 }),
        fc.tuple(fc.nat(5), fc.nat(5)),
        fc.nat(600_000),
        (chats, [rate0, rate1], extra) => {
          const rates = [rate0, rate1];
          const now = 600_000 + extra;
          const router = new Router([], [], createRandom(1));
          rates.forEach((perMinute, i) => router.setQueue({ id: `q${i}`, strategy: strategies['longest-idle'], policy: routingPolicyOf({ aging: { perMinute } }) }));
          const tasks: RoutingTask[] = chats.map((c, i) => ({ id: `t${i}`, chatId: `c${i}`, kind: 'chat', queueId: `q${c.queue}`, targetAgentId: null, priority: c.priority, enqueuedAt: c.enqueuedAt, seq: i + 1, exclude: null }));
          for (const task of tasks) router.addTask(task);
          router.setAgentConfig({ id: 'a', penalties: new Map([['q0', 0], ['q1', 0]]) });
          router.setAgent({ agentId: 'a', online: true, ready: true, pendingOffers: 0, slotsUsed: 0, idleSince: 0, loggedInQueues: new Set(['q0', 'q1']) });
          const first = router.plan(now)[0]?.task.id;
          const rateOf = (task: RoutingTask) => (rates[Number(task.queueId?.slice(1))] ?? 0) / 60_000;
          const best = [...tasks].sort((a, b) => effectivePriority(b, rateOf(b), now) - effectivePriority(a, rateOf(a), now) || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq)[0];
          // Equal effective priorities may differ in the last bits of floating point: compare the value served.
          const served = tasks.find((x) => x.id === first) as RoutingTask;
          expect(effectivePriority(served, rateOf(served), now)).toBeCloseTo(effectivePriority(best as RoutingTask, rateOf(best as RoutingTask), now), 9);
        },
      ),
      { numRuns: deep ? 20_000 : 500 },
    );
  });
});
