import type { RandomSource } from '../random/createRandom';
import { PoolGroup } from './PoolGroup';
import { strategies } from './strategies';
import type { Candidate, Strategy } from './types';

/** What the {@link GroupIndex} needs of the router. */
export interface GroupHost {
  /** Whether the agent is free (in its groups' pools). */
  pooled(agentId: string): boolean;
  /** The agent's candidate in a group (its penalty there). */
  candidate(agentId: string, group: PoolGroup): Candidate;
  skills(agentId: string): ReadonlyMap<string, number> | undefined;
  /** The groups an agent is a member of (the index keeps this set). */
  groupsOf(agentId: string): Set<PoolGroup>;
  /** A free agent entered a group's pool by a change of membership. */
  joined(group: PoolGroup, agentId: string): void;
  /** A queue moved to another group: its waiting tasks follow it. */
  moved(queueId: string, from: PoolGroup, to: PoolGroup): void;
}

/** Built-in strategies without per-queue state: queues using one of them may share a pool. */
const SHARED: ReadonlySet<Strategy> = new Set([strategies['longest-idle'], strategies['least-busy'], strategies['ring-all'], strategies.random]);

/**
 * The partition of queues into {@link PoolGroup}s, kept exact as memberships change: an agent joining, leaving or
 * re-weighting every queue of a group changes the group in place (and may merge it with an equal one); a change to
 * some of its queues moves those to an equal group or a new one. Such changes are configuration and per-queue logins,
 * rare next to offers; they cost O(queues of the agent) and O(members) per group split.
 *
 * @example
 * ```ts
 * const index = new GroupIndex(host, rng);
 * index.addQueue('sales', strategies['longest-idle'], new Map([['alice', 0]]));
 * index.groupOf.get('sales'); // the group sales shares with every queue alice alone is in at penalty 0
 * ```
 */
export class GroupIndex {
  readonly groupOf = new Map<string, PoolGroup>();
  readonly #byKey = new Map<string, PoolGroup[]>();

  constructor(
    private readonly host: GroupHost,
    private readonly rng: RandomSource,
  ) {}

  /** Adds a queue with its logged-in members (agent → penalty). */
  addQueue(queueId: string, strategy: Strategy, members: ReadonlyMap<string, number>): void {
    const key = SHARED.has(strategy) ? `s:${strategy.name}` : `q:${queueId}`;
    const probe = new PoolGroup(key, strategy, this.rng);
    for (const [agentId, penalty] of members) probe.setMember(agentId, penalty);
    const group = (this.#byKey.get(probe.hashKey) ?? []).find((g) => g.strategy === strategy && sameMembers(g.members, probe.members)) ?? this.#create(probe.key, strategy, members);
    group.queues.add(queueId);
    this.groupOf.set(queueId, group);
  }

  removeQueue(queueId: string): void {
    const group = this.groupOf.get(queueId);
    if (group === undefined) return;
    this.groupOf.delete(queueId);
    group.queues.delete(queueId);
    if (group.queues.size === 0) this.#dispose(group);
  }

  /** A queue's new strategy: it moves to a group of that strategy with the same members. */
  setStrategy(queueId: string, strategy: Strategy): void {
    const from = this.groupOf.get(queueId) as PoolGroup;
    const key = SHARED.has(strategy) ? `s:${strategy.name}` : `q:${queueId}`;
    if (key === from.key && strategy === from.strategy) return;
    const probe = new PoolGroup(key, strategy, this.rng);
    for (const [agentId, penalty] of from.members) probe.setMember(agentId, penalty);
    const to = (this.#byKey.get(probe.hashKey) ?? []).find((g) => g.strategy === strategy && sameMembers(g.members, from.members)) ?? this.#create(key, strategy, from.members);
    this.#move(queueId, from, to);
  }

  /** An agent's logged-in memberships (queue → penalty) changed from `old` to `next`. */
  changeAgent(agentId: string, old: ReadonlyMap<string, number>, next: ReadonlyMap<string, number>): void {
    const classes = new Map<PoolGroup, Map<number | undefined, string[]>>();
    const note = (queueId: string) => {
      const group = this.groupOf.get(queueId);
      const penalty = next.get(queueId);
      if (group === undefined || old.get(queueId) === penalty) return;
      let byPenalty = classes.get(group);
      if (byPenalty === undefined) classes.set(group, (byPenalty = new Map()));
      const queues = byPenalty.get(penalty);
      if (queues === undefined) byPenalty.set(penalty, [queueId]);
      else queues.push(queueId);
    };
    for (const queueId of old.keys()) note(queueId);
    for (const queueId of next.keys()) if (!old.has(queueId)) note(queueId);
    for (const [group, byPenalty] of classes) {
      for (const [penalty, queues] of byPenalty) {
        if (queues.length === group.queues.size) this.#changeInPlace(group, agentId, penalty);
        else this.#split(group, queues, agentId, penalty);
      }
    }
  }

  /** Every queue of the group changed alike: the group changes, and joins an equal group if there is one. */
  #changeInPlace(group: PoolGroup, agentId: string, penalty: number | undefined): void {
    this.#unindex(group);
    group.setMember(agentId, penalty);
    const groups = this.host.groupsOf(agentId);
    if (penalty === undefined) {
      groups.delete(group);
      group.removeAgent(agentId);
    } else {
      groups.add(group);
      if (this.host.pooled(agentId)) {
        group.addAgent(this.host.candidate(agentId, group), this.host.skills(agentId));
        this.host.joined(group, agentId);
      }
    }
    const twin = (this.#byKey.get(group.hashKey) ?? []).find((g) => g.strategy === group.strategy && sameMembers(g.members, group.members));
    if (twin === undefined) this.#index(group);
    else for (const queueId of [...group.queues]) this.#move(queueId, group, twin);
  }

  /** Some queues of the group changed: they move to the group equal to what they now are (or a new one). */
  #split(group: PoolGroup, queues: readonly string[], agentId: string, penalty: number | undefined): void {
    const key = group.hashKeyWith(agentId, penalty);
    const members = new Map(group.members);
    if (penalty === undefined) members.delete(agentId);
    else members.set(agentId, penalty);
    const to = (this.#byKey.get(key) ?? []).find((g) => g.strategy === group.strategy && sameMembers(g.members, members)) ?? this.#create(group.key, group.strategy, members);
    for (const queueId of queues) this.#move(queueId, group, to);
  }

  #create(key: string, strategy: Strategy, members: ReadonlyMap<string, number>): PoolGroup {
    const group = new PoolGroup(key, strategy, this.rng);
    for (const [agentId, penalty] of members) {
      group.setMember(agentId, penalty);
      this.host.groupsOf(agentId).add(group);
    }
    for (const agentId of members.keys()) if (this.host.pooled(agentId)) group.addAgent(this.host.candidate(agentId, group), this.host.skills(agentId));
    this.#index(group);
    return group;
  }

  #move(queueId: string, from: PoolGroup, to: PoolGroup): void {
    from.queues.delete(queueId);
    to.queues.add(queueId);
    this.groupOf.set(queueId, to);
    this.host.moved(queueId, from, to);
    if (from.queues.size === 0) this.#dispose(from);
  }

  #dispose(group: PoolGroup): void {
    this.#unindex(group);
    for (const agentId of group.members.keys()) this.host.groupsOf(agentId).delete(group);
  }

  #index(group: PoolGroup): void {
    const list = this.#byKey.get(group.hashKey);
    if (list === undefined) this.#byKey.set(group.hashKey, [group]);
    else list.push(group);
  }

  #unindex(group: PoolGroup): void {
    const list = this.#byKey.get(group.hashKey);
    if (list === undefined) return;
    const at = list.indexOf(group);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.#byKey.delete(group.hashKey);
  }
}

function sameMembers(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [agentId, penalty] of a) if (b.get(agentId) !== penalty) return false;
  return true;
}
