import type { RandomSource } from '../random/createRandom';
import { createAgentPool, type AgentPool } from './AgentPool';
import { WaitingList, compareTasks } from './WaitingList';
import type { AgentRoutingState, Candidate, OfferDecision, RoutingTask, Strategy } from './types';

/** A queue as the router needs it. */
export interface RouterQueueConfig {
  readonly id: string;
  readonly strategy: Strategy;
}

/** An agent's memberships as the router needs them. */
export interface RouterAgentConfig {
  readonly id: string;
  /** Member queue id → penalty. */
  readonly penalties: ReadonlyMap<string, number>;
}

interface QueueSlot {
  readonly id: string;
  readonly pool: AgentPool;
  readonly waiting: WaitingList;
}

interface AgentSlot {
  readonly id: string;
  readonly order: number;
  readonly penalties: ReadonlyMap<string, number>;
  readonly lastOfferedAt: Map<string, number>;
  state: AgentRoutingState | undefined;
  /** Queues whose pool holds this agent now. */
  readonly pooled: Set<string>;
}

/**
 * The routing core: which waiting task goes to which eligible agent. It sees agents only through
 * {@link AgentRoutingState} (read off their actors' snapshots by the engine) and tasks only as ranks, keeps a
 * per-queue index of eligible agents in strategy order and a per-queue list of waiting tasks in serving order,
 * and plans offers until no queue has a waiting task that an eligible agent may take (work conservation).
 *
 * Planning is synchronous and deterministic: the engine calls {@link Router.plan} at the end of every
 * command or timer, so each `dispatch` returns with the system settled.
 */
export class Router {
  readonly #queues = new Map<string, QueueSlot>();
  readonly #agents = new Map<string, AgentSlot>();
  readonly #tasks = new Map<string, RoutingTask>();
  readonly #declines = new Map<string, Map<string, number>>();
  readonly #dirty = new Set<string>();
  #offerStamp = 0;

  constructor(queues: readonly RouterQueueConfig[], agents: readonly RouterAgentConfig[], rng: RandomSource) {
    for (const q of queues) {
      this.#queues.set(q.id, { id: q.id, pool: createAgentPool(q.strategy, rng), waiting: new WaitingList() });
    }
    agents.forEach((a, order) => {
      this.#agents.set(a.id, {
        id: a.id,
        order,
        penalties: a.penalties,
        lastOfferedAt: new Map(),
        state: undefined,
        pooled: new Set(),
      });
    });
  }

  /** Records an agent's new state: joins or leaves the pools of its queues, re-keyed for the strategies. */
  setAgent(state: AgentRoutingState): void {
    const agent = this.#agents.get(state.agentId);
    if (agent === undefined) return;
    const previous = agent.state;
    agent.state = state;
    const available = state.online && state.ready && state.pendingOffers === 0;
    const rekey =
      previous === undefined || previous.idleSince !== state.idleSince || previous.slotsUsed !== state.slotsUsed;
    for (const [queueId, penalty] of agent.penalties) {
      const queue = this.#queues.get(queueId);
      if (queue === undefined) continue;
      if (available && state.loggedInQueues.has(queueId)) {
        if (agent.pooled.has(queueId) && !rekey) continue;
        if (!agent.pooled.has(queueId)) this.#dirty.add(queueId);
        queue.pool.add(this.#candidate(agent, queueId, penalty));
        agent.pooled.add(queueId);
      } else if (agent.pooled.delete(queueId)) {
        queue.pool.remove(agent.id);
      }
    }
  }

  /** Adds (or re-adds, keeping its rank) a task to its queue's waiting list. */
  addTask(task: RoutingTask): void {
    const queue = this.#queues.get(task.queueId);
    if (queue === undefined || this.#tasks.has(task.id)) return;
    this.#tasks.set(task.id, task);
    queue.waiting.insert(task);
    this.#dirty.add(task.queueId);
  }

  /** Removes a task (taken, abandoned); its declines are forgotten. */
  removeTask(taskId: string): void {
    const task = this.#tasks.get(taskId);
    this.#declines.delete(taskId);
    if (task === undefined) return;
    this.#tasks.delete(taskId);
    this.#queues.get(task.queueId)?.waiting.remove(task);
  }

  hasTask(taskId: string): boolean {
    return this.#tasks.has(taskId);
  }

  /** Keeps `agentId` from being offered this task again until `until` (after a reject or a missed offer). */
  decline(taskId: string, agentId: string, until: number): void {
    let declines = this.#declines.get(taskId);
    if (declines === undefined) {
      declines = new Map();
      this.#declines.set(taskId, declines);
    }
    declines.set(agentId, until);
  }

  /** Asks for the queue of a task to be considered again (a decline ran out). */
  touch(taskId: string): void {
    const task = this.#tasks.get(taskId);
    if (task !== undefined) this.#dirty.add(task.queueId);
  }

  /** Tasks waiting in a queue, in serving order. */
  waiting(queueId: string): Iterable<RoutingTask> {
    return this.#queues.get(queueId)?.waiting ?? [];
  }

  /** Whether `agentId` may get an automatic offer of `taskId` at `now`: in the pool and not cooling down. */
  mayOffer(taskId: string, agentId: string, now: number): boolean {
    const task = this.#tasks.get(taskId);
    const agent = this.#agents.get(agentId);
    if (task === undefined || agent === undefined || !agent.pooled.has(task.queueId)) return false;
    return !this.#coolingDown(taskId, agentId, now);
  }

  /**
   * Plans offers until no dirty queue has a waiting task an eligible agent may take. Across queues, the best
   * ranked task goes first (priority, then enqueue time), so an agent of several queues serves the most urgent.
   * The chosen agents leave every pool at once; the engine's next {@link Router.setAgent} confirms it.
   */
  plan(now: number): OfferDecision[] {
    const decisions: OfferDecision[] = [];
    for (;;) {
      let best: OfferDecision | undefined;
      for (const queueId of this.#dirty) {
        const found = this.#firstMatch(this.#queues.get(queueId) as QueueSlot, now);
        if (found === undefined) this.#dirty.delete(queueId);
        else if (best === undefined || compareTasks(found.task, best.task) < 0) best = found;
      }
      if (best === undefined) return decisions;
      this.#commit(best);
      decisions.push(best);
    }
  }

  #firstMatch(queue: QueueSlot, now: number): OfferDecision | undefined {
    if (queue.pool.size === 0) return undefined;
    for (const task of queue.waiting) {
      const declines = this.#declines.get(task.id);
      const agentIds =
        declines === undefined
          ? queue.pool.select(() => true)
          : queue.pool.select((agentId) => !this.#coolingDown(task.id, agentId, now));
      if (agentIds.length > 0) return { task, agentIds };
    }
    return undefined;
  }

  #commit(decision: OfferDecision): void {
    const { task } = decision;
    this.#tasks.delete(task.id);
    this.#queues.get(task.queueId)?.waiting.remove(task);
    const stamp = ++this.#offerStamp;
    for (const agentId of decision.agentIds) {
      const agent = this.#agents.get(agentId) as AgentSlot;
      agent.lastOfferedAt.set(task.queueId, stamp);
      for (const queueId of agent.pooled) this.#queues.get(queueId)?.pool.remove(agentId);
      agent.pooled.clear();
    }
  }

  #coolingDown(taskId: string, agentId: string, now: number): boolean {
    const until = this.#declines.get(taskId)?.get(agentId);
    return until !== undefined && now < until;
  }

  #candidate(agent: AgentSlot, queueId: string, penalty: number): Candidate {
    const state = agent.state as AgentRoutingState;
    return {
      agentId: agent.id,
      order: agent.order,
      penalty,
      idleSince: state.idleSince,
      slotsUsed: state.slotsUsed,
      lastOfferedAt: agent.lastOfferedAt.get(queueId) ?? 0,
    };
  }
}
