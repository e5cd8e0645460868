import type { RandomSource } from '../random/createRandom';
import type { Candidate, Strategy } from './types';

/**
 * The eligible agents of one queue, kept in the order its strategy needs, so a routing decision costs
 * O(log n) rather than a scan of every agent.
 */
export interface AgentPool {
  readonly size: number;
  has(agentId: string): boolean;
  add(candidate: Candidate): void;
  remove(agentId: string): boolean;
  /** The agents to offer to: one, or the whole best tier for ring-all. `accept` filters per task; null accepts all. */
  select(accept: ((agentId: string) => boolean) | null): string[];
  /**
   * The accepted candidates of the best accepted penalty tier not above `maxPenalty`, in strategy order (random: in
   * configuration order), without drawing: routing policies narrow and choose from it (see `policies/compose.ts`).
   * Unless `whole`, an ordered pool stops at the first accepted one (all an ordered strategy needs).
   */
  selectTier(accept: (agentId: string) => boolean, maxPenalty: number, whole: boolean): Candidate[];
  /** The pooled candidate of an agent. */
  get(agentId: string): Candidate | undefined;
}

/** Creates the pool a strategy needs. */
export function createAgentPool(strategy: Strategy, rng: RandomSource): AgentPool {
  return strategy.kind === 'random' ? new RandomPool(rng) : new HeapPool(strategy.compare, strategy.kind === 'all');
}

/** A candidate of a {@link createProficiencyPool} pool: its proficiency in the pool's required skills. */
export interface ProficientCandidate extends Candidate {
  readonly proficiency: number;
}

/**
 * A pool for one required-skill signature under `preferProficiency`: penalty, then higher proficiency, then the
 * strategy's order, and a tier is one (penalty, proficiency) pair. Its first tier is what `selectWithPolicies` finds by
 * walking the whole best penalty tier and keeping the most proficient, found in O(log n). Not for `random` (whose
 * pool draws over penalty tiers).
 *
 * @example
 * ```ts
 * const pool = createProficiencyPool(strategies['longest-idle']);
 * pool.add({ ...candidate, proficiency: 3 });
 * pool.select(null); // → the longest idle of the most proficient in the best penalty tier
 * ```
 */
export function createProficiencyPool(strategy: Strategy): AgentPool {
  const proficiency = (c: Candidate) => (c as ProficientCandidate).proficiency;
  return new HeapPool(
    (a, b) => a.penalty - b.penalty || proficiency(b) - proficiency(a) || strategy.compare(a, b),
    strategy.kind === 'all',
    (a, b) => a.penalty === b.penalty && proficiency(a) === proficiency(b),
  );
}

const samePenalty = (a: Candidate, b: Candidate): boolean => a.penalty === b.penalty;

/** Indexed binary heap ordered by the strategy's comparator, with removal by agent id. */
class HeapPool implements AgentPool {
  readonly #items: Candidate[] = [];
  readonly #positions = new Map<string, number>();

  constructor(
    private readonly compare: (a: Candidate, b: Candidate) => number,
    private readonly all: boolean,
    /** Whether two candidates share a tier (ring-all offers to a whole tier; policies choose within one). */
    private readonly sameTier: (a: Candidate, b: Candidate) => boolean = samePenalty,
  ) {}

  get size(): number {
    return this.#items.length;
  }

  has(agentId: string): boolean {
    return this.#positions.has(agentId);
  }

  add(candidate: Candidate): void {
    this.remove(candidate.agentId);
    this.#items.push(candidate);
    this.#positions.set(candidate.agentId, this.#items.length - 1);
    this.#up(this.#items.length - 1);
  }

  remove(agentId: string): boolean {
    const index = this.#positions.get(agentId);
    if (index === undefined) return false;
    this.#positions.delete(agentId);
    const last = this.#items.pop() as Candidate;
    if (index < this.#items.length) {
      this.#items[index] = last;
      this.#positions.set(last.agentId, index);
      this.#down(index);
      this.#up(this.#positions.get(last.agentId) as number);
    }
    return true;
  }

  select(accept: ((agentId: string) => boolean) | null): string[] {
    // The common case: no per-task filter and one agent wanted, which is simply the top of the heap.
    if (accept === null && !this.all) return this.#items.length > 0 ? [(this.#items[0] as Candidate).agentId] : [];
    const skipped: Candidate[] = [];
    const chosen: Candidate[] = [];
    // Pop in order until one is accepted (ring-all: until the accepted tier is exhausted), then restore.
    while (this.#items.length > 0) {
      const top = this.#items[0] as Candidate;
      if (chosen.length > 0 && (!this.all || !this.sameTier(top, chosen[0] as Candidate))) break;
      this.remove(top.agentId);
      if (accept === null || accept(top.agentId)) chosen.push(top);
      else skipped.push(top);
    }
    for (const c of skipped) this.add(c);
    for (const c of chosen) this.add(c);
    return chosen.map((c) => c.agentId);
  }

  selectTier(accept: (agentId: string) => boolean, maxPenalty: number, whole: boolean): Candidate[] {
    const popped: Candidate[] = [];
    const chosen: Candidate[] = [];
    // Pop in order (penalty first) until past the first tier with an accepted candidate, then restore.
    while (this.#items.length > 0) {
      const top = this.#items[0] as Candidate;
      if (top.penalty > maxPenalty || (chosen.length > 0 && (!whole || !this.sameTier(top, chosen[0] as Candidate)))) break;
      this.remove(top.agentId);
      popped.push(top);
      if (accept(top.agentId)) chosen.push(top);
    }
    for (const c of popped) this.add(c);
    return chosen;
  }

  get(agentId: string): Candidate | undefined {
    const index = this.#positions.get(agentId);
    return index === undefined ? undefined : this.#items[index];
  }

  #swap(i: number, j: number): void {
    const a = this.#items[i] as Candidate;
    const b = this.#items[j] as Candidate;
    this.#items[i] = b;
    this.#items[j] = a;
    this.#positions.set(b.agentId, i);
    this.#positions.set(a.agentId, j);
  }

  #up(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.compare(this.#items[index] as Candidate, this.#items[parent] as Candidate) >= 0) break;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #down(index: number): void {
    const n = this.#items.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      let best = left;
      if (right < n && this.compare(this.#items[right] as Candidate, this.#items[left] as Candidate) < 0) best = right;
      if (this.compare(this.#items[best] as Candidate, this.#items[index] as Candidate) >= 0) break;
      this.#swap(index, best);
      index = best;
    }
  }
}

/**
 * Candidates per penalty tier, each tier kept in configuration order: a uniform choice within the best tier is
 * O(1), and what the pool holds (not the history of how it got there) decides every draw, so a pool rebuilt
 * after a restart draws exactly as the one before it. Adding and removing cost O(tier size).
 */
class RandomPool implements AgentPool {
  readonly #tiers = new Map<number, Candidate[]>();
  readonly #where = new Map<string, Candidate>();

  constructor(private readonly rng: RandomSource) {}

  get size(): number {
    return this.#where.size;
  }

  has(agentId: string): boolean {
    return this.#where.has(agentId);
  }

  add(candidate: Candidate): void {
    this.remove(candidate.agentId);
    let tier = this.#tiers.get(candidate.penalty);
    if (tier === undefined) {
      tier = [];
      this.#tiers.set(candidate.penalty, tier);
    }
    let lo = 0;
    let hi = tier.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((tier[mid] as Candidate).order < candidate.order) lo = mid + 1;
      else hi = mid;
    }
    tier.splice(lo, 0, candidate);
    this.#where.set(candidate.agentId, candidate);
  }

  remove(agentId: string): boolean {
    const candidate = this.#where.get(agentId);
    if (candidate === undefined) return false;
    this.#where.delete(agentId);
    const tier = this.#tiers.get(candidate.penalty) as Candidate[];
    tier.splice(tier.indexOf(candidate), 1);
    if (tier.length === 0) this.#tiers.delete(candidate.penalty);
    return true;
  }

  select(accept: ((agentId: string) => boolean) | null): string[] {
    const penalties = [...this.#tiers.keys()].sort((a, b) => a - b);
    for (const penalty of penalties) {
      const tier = this.#tiers.get(penalty) as Candidate[];
      const start = Math.floor(this.rng() * tier.length);
      for (let k = 0; k < tier.length; k++) {
        const agentId = (tier[(start + k) % tier.length] as Candidate).agentId;
        if (accept === null || accept(agentId)) return [agentId];
      }
    }
    return [];
  }

  selectTier(accept: (agentId: string) => boolean, maxPenalty: number): Candidate[] {
    const penalties = [...this.#tiers.keys()].filter((p) => p <= maxPenalty).sort((a, b) => a - b);
    for (const penalty of penalties) {
      const chosen = (this.#tiers.get(penalty) as Candidate[]).filter((c) => accept(c.agentId));
      if (chosen.length > 0) return chosen;
    }
    return [];
  }

  get(agentId: string): Candidate | undefined {
    return this.#where.get(agentId);
  }
}
