import { agingCompare } from '../policies/aging';
import { meetsSkills, proficiency } from '../policies/skills';
import type { RandomSource } from '../random/createRandom';
import { createAgentPool, createProficiencyPool, type AgentPool, type ProficientCandidate } from './AgentPool';
import { Heap } from './Heap';
import type { Bucket } from './QueueTasks';
import { compareTasks } from './WaitingList';
import type { Candidate, RoutingTask, Strategy } from './types';

/** A bucket's head as it was when pushed: stale once the bucket's head or its queue's group is another. */
export interface HeadEntry {
  readonly bucket: Bucket;
  readonly task: RoutingTask;
}

/** Proficiency pools kept per group (least recently used dropped first): one per signature in use. */
const MAX_PROFICIENCY_POOLS = 16;

/**
 * The uniform tasks of one signature across a group's queues: their bucket heads in a heap per aging rate (one
 * order holds across queues of one rate), and whether the group's pool is known to hold nobody with these skills.
 *
 * @example
 * ```ts
 * group.sig('de=1', { de: 1 }).push({ bucket, task }, 0);
 * ```
 */
export class GroupSig {
  /** No agent in the group's pool meets the signature (exact while set: cleared when one enters the pool). */
  blocked = false;
  /** Non-empty buckets of this signature among the group's queues. */
  buckets = 0;
  readonly heaps = new Map<number, Heap<HeadEntry>>();

  constructor(
    readonly key: string,
    readonly skills: Readonly<Record<string, number>> | undefined,
  ) {}

  /** Pushes a bucket head into the heap of its queue's aging rate (points per minute). */
  push(entry: HeadEntry, perMinute: number): void {
    let heap = this.heaps.get(perMinute);
    if (heap === undefined) {
      const order = perMinute === 0 ? compareTasks : agingCompare(perMinute);
      heap = new Heap<HeadEntry>((a, b) => order(a.task, b.task) || (a.task.id < b.task.id ? -1 : a.task.id > b.task.id ? 1 : 0));
      this.heaps.set(perMinute, heap);
    }
    heap.push(entry);
    // Stale entries are dropped as they surface; a blocked signature's never do, so rebuild when they pile up.
    if (heap.size > 4 * this.buckets + 64) heap.retain((e) => e.bucket.list.at(0) === e.task);
  }
}

/**
 * Queues that share one pool of agents: the same strategy (a shared built-in one, so no per-queue state such as
 * round-robin's last offer) and exactly the same logged-in members at the same penalties. Every queue of a group sees
 * the same eligible agents in the same order, so an agent's offer, accept and close touch one pool per group, not one
 * per queue, and a signature blocked in one queue is blocked in all of them.
 *
 * @example
 * ```ts
 * const group = new PoolGroup('s:longest-idle', strategies['longest-idle'], rng);
 * group.setMember('alice', 0);
 * group.addAgent(candidate, skills); // alice is free
 * ```
 */
export class PoolGroup {
  /** Agent id → penalty, for every agent logged into the group's queues. */
  readonly members = new Map<string, number>();
  readonly queues = new Set<string>();
  readonly pool: AgentPool;
  /** The pooled (free) members, with their skills. */
  readonly available = new Map<string, { readonly candidate: Candidate; readonly skills: ReadonlyMap<string, number> | undefined }>();
  readonly sigs = new Map<string, GroupSig>();
  /** Queues of the group holding irregular tasks. */
  readonly irregularQueues = new Set<string>();
  readonly #proficiency = new Map<string, { readonly pool: AgentPool; readonly skills: Readonly<Record<string, number>> }>();
  #h1 = 0;
  #h2 = 0;

  constructor(
    /** `s:<strategy>` for a shared strategy, `q:<queue id>` for a queue that keeps its own pool. */
    readonly key: string,
    readonly strategy: Strategy,
    rng: RandomSource,
  ) {
    this.pool = createAgentPool(strategy, rng);
  }

  /** The index key: strategy and a hash of the members (equal members, equal key; the index checks equality). */
  get hashKey(): string {
    return hashKeyOf(this.key, this.#h1, this.#h2);
  }

  /** The hash key the group would have with `agentId` at `penalty` (`undefined`: not a member). */
  hashKeyWith(agentId: string, penalty: number | undefined): string {
    const old = this.members.get(agentId);
    let h1 = this.#h1;
    let h2 = this.#h2;
    if (old !== undefined) [h1, h2] = [(h1 - hash(agentId, old, 1)) >>> 0, (h2 - hash(agentId, old, 2)) >>> 0];
    if (penalty !== undefined) [h1, h2] = [(h1 + hash(agentId, penalty, 1)) >>> 0, (h2 + hash(agentId, penalty, 2)) >>> 0];
    return hashKeyOf(this.key, h1, h2);
  }

  setMember(agentId: string, penalty: number | undefined): void {
    const old = this.members.get(agentId);
    if (old !== undefined) {
      this.#h1 = (this.#h1 - hash(agentId, old, 1)) >>> 0;
      this.#h2 = (this.#h2 - hash(agentId, old, 2)) >>> 0;
      this.members.delete(agentId);
    }
    if (penalty !== undefined) {
      this.#h1 = (this.#h1 + hash(agentId, penalty, 1)) >>> 0;
      this.#h2 = (this.#h2 + hash(agentId, penalty, 2)) >>> 0;
      this.members.set(agentId, penalty);
    }
  }

  /** Puts a free member in the pool (or re-keys it). */
  addAgent(candidate: Candidate, skills: ReadonlyMap<string, number> | undefined): void {
    this.pool.add(candidate);
    this.available.set(candidate.agentId, { candidate, skills });
    for (const p of this.#proficiency.values()) {
      if (meetsSkills(skills, p.skills, 0)) p.pool.add({ ...candidate, proficiency: proficiency(skills, p.skills) } as ProficientCandidate);
      else p.pool.remove(candidate.agentId);
    }
  }

  removeAgent(agentId: string): void {
    if (!this.available.delete(agentId)) return;
    this.pool.remove(agentId);
    for (const p of this.#proficiency.values()) p.pool.remove(agentId);
  }

  /** The signature's state in this group, created on first use. */
  sig(key: string, skills: Readonly<Record<string, number>> | undefined): GroupSig {
    let sig = this.sigs.get(key);
    if (sig === undefined) {
      sig = new GroupSig(key, skills);
      this.sigs.set(key, sig);
    }
    return sig;
  }

  /** The free members who meet `skills`, by penalty, then proficiency in them, then the strategy (ordered or ring-all). */
  proficiencyPool(key: string, skills: Readonly<Record<string, number>>): AgentPool {
    const found = this.#proficiency.get(key);
    if (found !== undefined) {
      this.#proficiency.delete(key);
      this.#proficiency.set(key, found);
      return found.pool;
    }
    const pool = createProficiencyPool(this.strategy);
    for (const { candidate, skills: has } of this.available.values()) {
      if (meetsSkills(has, skills, 0)) pool.add({ ...candidate, proficiency: proficiency(has, skills) } as ProficientCandidate);
    }
    this.#proficiency.set(key, { pool, skills });
    if (this.#proficiency.size > MAX_PROFICIENCY_POOLS) this.#proficiency.delete(this.#proficiency.keys().next().value as string);
    return pool;
  }
}

const hashKeyOf = (key: string, h1: number, h2: number): string => `${key}#${h1.toString(36)}.${h2.toString(36)}`;

/** FNV-1a of a member (id and penalty), seeded: two seeds make a 64-bit sum that equal member sets share. */
function hash(agentId: string, penalty: number, seed: number): number {
  let h = seed === 1 ? 0x811c9dc5 : 0x01000193 ^ 0x5bd1e995;
  const text = `${agentId}\u0000${penalty}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, seed === 1 ? 0x01000193 : 0x5bd1e995);
  }
  return h >>> 0;
}
