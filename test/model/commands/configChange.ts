import fc from 'fast-check';
import type { AgentConfig, QueueConfig, StrategyName } from 'chatroute';
import { checkInvariants } from '../invariants';
import { dispatch, nth, type Model, type World } from '../world';

type Change =
  | { kind: 'queue'; index: number; strategy: StrategyName; offerTimeoutMs: number; name: string }
  | { kind: 'agent'; index: number; capacity: number; memberships: Array<[number, number]> }
  | { kind: 'hire'; capacity: number; memberships: Array<[number, number]> };

/**
 * Configuration changes while the center runs (journaled like any command): a queue's strategy, offer timeout and
 * name; an agent's capacity and memberships; a new agent. Policies the invariants' ledger reads (missed-offer,
 * cooldowns, statuses) stay as configured, so the invariants keep judging with the right rules.
 */
export class ConfigChange implements fc.Command<Model, World> {
  constructor(private readonly change: Change) {}
  check(): boolean {
    return true;
  }
  run(model: Model, world: World): void {
    const command = this.#build(world);
    const from = world.events.length;
    const before = this.change.kind === 'agent' ? world.engine.getAgent((command as { agent: AgentConfig }).agent.id) : undefined;
    const result = dispatch(world, command);
    if (result.ok && before !== undefined && before.slotsUsed > (command as { agent: AgentConfig }).agent.capacity) {
      (world.slotsAtCapacityChange ??= new Map()).set(before.id, Math.max(before.slotsUsed, world.slotsAtCapacityChange?.get(before.id) ?? 0));
    }
    if (result.ok && this.change.kind !== 'queue') {
      const agent = (command as { agent: AgentConfig }).agent;
      const agents = world.agents as AgentConfig[];
      const at = agents.findIndex((a) => a.id === agent.id);
      if (at < 0) {
        agents.push(agent);
        (world.hiredAt ??= new Map()).set(agent.id, world.clock.now());
      }
      else agents[at] = agent;
    }
    checkInvariants(world, model, from);
  }
  #build(world: World): unknown {
    const change = this.change;
    const queueIds = world.queues.map((q) => q.id);
    const memberships = (list: Array<[number, number]>) => [...new Map(list.map(([q, penalty]) => [nth(queueIds, q) as string, penalty]))].map(([queueId, penalty]) => ({ queueId, penalty }));
    if (change.kind === 'queue') {
      const queue = nth(world.queues, change.index) as QueueConfig;
      return { type: 'queue.upsert', queue: { ...queue, strategy: change.strategy, offerTimeoutMs: change.offerTimeoutMs, name: change.name } };
    }
    if (change.kind === 'agent') {
      const agent = nth(world.agents, change.index) as AgentConfig;
      return { type: 'agent.upsert', agent: { ...agent, capacity: change.capacity, queues: memberships(change.memberships) } };
    }
    return { type: 'agent.upsert', agent: { id: `a${world.agents.length}`, name: `Hired ${world.agents.length}`, capacity: change.capacity, queues: memberships(change.memberships) } };
  }
  toString(): string {
    return `config(${JSON.stringify(this.change)})`;
  }
}

const strategy = fc.constantFrom<StrategyName>('longest-idle', 'least-busy', 'round-robin', 'ring-all', 'random');
const memberships = fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { maxLength: 3 });

export const configChange = fc
  .oneof(
    fc.record({ kind: fc.constant('queue' as const), index: fc.nat(3), strategy, offerTimeoutMs: fc.constantFrom(1_000, 5_000, 20_000), name: fc.constantFrom('Renamed', 'Queue') }),
    fc.record({ kind: fc.constant('agent' as const), index: fc.nat(4), capacity: fc.integer({ min: 1, max: 3 }), memberships }),
    fc.record({ kind: fc.constant('hire' as const), capacity: fc.integer({ min: 1, max: 3 }), memberships }),
  )
  .map((change) => new ConfigChange(change));
