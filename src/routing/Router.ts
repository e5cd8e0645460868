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
  /** Chosen by the last plan, until the engine reports the agent's new state. */
  reserved: boolean;
  /** Queues whose pool holds this agent now. */
  readonly pooled: Set<string>;
  /** Tasks addressed to this agent (transfers and invitations to a person), in serving order. */
  readonly targeted: WaitingList;
}

const available = (agent: AgentSlot): boolean =>
  !agent.reserved && agent.state !== undefined && agent.state.online && agent.state.ready && agent.state.pendingOffers === 0;

/**
 * The routing core: which waiting task goes to which eligible agent. It sees agents only through
 * {@link AgentRoutingState} (read off their actors' snapshots by the engine) and tasks only as ranks. It keeps a
 * per-queue index of eligible agents in strategy order, a per-queue list of waiting tasks in serving order, and
 * per-agent lists of tasks addressed to one agent; it plans offers until no task waits that an eligible agent
 * may take (work conservation).
 *
 * Planning is synchronous and deterministic: the engine calls {@link Router.plan} at the end of every command
 * or timer, so each `dispatch` returns with the system settled.
 */
export class Router {
  readonly #queues = new Map<string, QueueSlot>();
  readonly #agents = new Map<string, AgentSlot>();
  readonly #tasks = new Map<string, RoutingTask>();
  readonly #declines = new Map<string, Map<string, number>>();
  readonly #dirtyQueues = new Set<string>();
  readonly #dirtyAgents = new Set<string>();
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
        reserved: false,
        pooled: new Set(),
        targeted: new WaitingList(),
      });
    });
  }

  /** Records an agent's new state: joins or leaves the pools of its queues, re-keyed for the strategies. */
  setAgent(state: AgentRoutingState): void {
    const agent = this.#agents.get(state.agentId);
    if (agent === undefined) return;
    const previous = agent.state;
    agent.state = state;
    agent.reserved = false;
    const free = available(agent);
    if (free && agent.targeted.size > 0) this.#dirtyAgents.add(agent.id);
    const rekey = previous === undefined || previous.idleSince !== state.idleSince || previous.slotsUsed !== state.slotsUsed;
    for (const [queueId, penalty] of agent.penalties) {
      const queue = this.#queues.get(queueId);
      if (queue === undefined) continue;
      if (free && state.loggedInQueues.has(queueId)) {
        if (agent.pooled.has(queueId) && !rekey) continue;
        if (!agent.pooled.has(queueId)) this.#dirtyQueues.add(queueId);
        queue.pool.add(this.#candidate(agent, queueId, penalty));
        agent.pooled.add(queueId);
      } else if (agent.pooled.delete(queueId)) {
        queue.pool.remove(agent.id);
      }
    }
  }

  /** Adds (or re-adds, keeping its rank) a task to its queue's or its agent's waiting list. */
  addTask(task: RoutingTask): void {
    if (this.#tasks.has(task.id)) return;
    const list = this.#listOf(task);
    if (list === undefined) return;
    this.#tasks.set(task.id, task);
    list.insert(task);
    if (task.queueId !== null) this.#dirtyQueues.add(task.queueId);
    if (task.targetAgentId !== null) this.#dirtyAgents.add(task.targetAgentId);
  }

  /** Removes a task for good (taken, abandoned, cancelled); its declines are forgotten. */
  removeTask(task: RoutingTask): void {
    this.#declines.delete(task.id);
    if (this.#tasks.delete(task.id)) this.#listOf(task)?.remove(task);
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

  /** Asks for a task to be considered again (a decline ran out). */
  touch(taskId: string): void {
    const task = this.#tasks.get(taskId);
    if (task?.queueId) this.#dirtyQueues.add(task.queueId);
    if (task?.targetAgentId) this.#dirtyAgents.add(task.targetAgentId);
  }

  /** Tasks waiting in a queue, in serving order. */
  waiting(queueId: string): Iterable<RoutingTask> {
    return this.#queues.get(queueId)?.waiting ?? [];
  }

  /** Tasks waiting for one agent, in serving order. */
  waitingFor(agentId: string): Iterable<RoutingTask> {
    return this.#agents.get(agentId)?.targeted ?? [];
  }

  /**
   * Plans offers until no task waits that an eligible agent may take. Tasks addressed to an agent come first for
   * that agent; across queues, the best-ranked task goes first (priority, then enqueue time), so an agent of
   * several queues serves the most urgent. Chosen agents are reserved until the engine reports their new state.
   */
  plan(now: number): OfferDecision[] {
    const decisions: OfferDecision[] = [];
    for (;;) {
      const decision = this.#nextTargeted(now) ?? this.#nextQueued(now);
      if (decision === undefined) return decisions;
      this.#commit(decision);
      decisions.push(decision);
    }
  }

  #nextTargeted(now: number): OfferDecision | undefined {
    for (const agentId of this.#dirtyAgents) {
      const agent = this.#agents.get(agentId) as AgentSlot;
      if (available(agent)) {
        for (let i = 0; i < agent.targeted.size; i++) {
          const task = agent.targeted.at(i) as RoutingTask;
          if (!this.#coolingDown(task.id, agentId, now)) return { task, agentIds: [agentId] };
        }
      }
      this.#dirtyAgents.delete(agentId);
    }
    return undefined;
  }

  #nextQueued(now: number): OfferDecision | undefined {
    let best: OfferDecision | undefined;
    for (const queueId of this.#dirtyQueues) {
      const found = this.#firstMatch(this.#queues.get(queueId) as QueueSlot, now);
      if (found === undefined) this.#dirtyQueues.delete(queueId);
      else if (best === undefined || compareTasks(found.task, best.task) < 0) best = found;
    }
    return best;
  }

  #firstMatch(queue: QueueSlot, now: number): OfferDecision | undefined {
    if (queue.pool.size === 0) return undefined;
    for (let i = 0; i < queue.waiting.size; i++) {
      const task = queue.waiting.at(i) as RoutingTask;
      const declines = this.#declines.get(task.id);
      const agentIds =
        declines === undefined && (task.exclude === null || task.exclude.size === 0)
          ? queue.pool.select(null)
          : queue.pool.select((agentId) => !task.exclude?.has(agentId) && !this.#coolingDown(task.id, agentId, now));
      if (agentIds.length > 0) return { task, agentIds };
    }
    return undefined;
  }

  #commit(decision: OfferDecision): void {
    const { task } = decision;
    this.#tasks.delete(task.id);
    this.#listOf(task)?.remove(task);
    const stamp = ++this.#offerStamp;
    for (const agentId of decision.agentIds) {
      const agent = this.#agents.get(agentId) as AgentSlot;
      if (task.queueId !== null) agent.lastOfferedAt.set(task.queueId, stamp);
      for (const queueId of agent.pooled) this.#queues.get(queueId)?.pool.remove(agentId);
      agent.pooled.clear();
      agent.reserved = true;
    }
  }

  #listOf(task: RoutingTask): WaitingList | undefined {
    if (task.targetAgentId !== null) return this.#agents.get(task.targetAgentId)?.targeted;
    return task.queueId === null ? undefined : this.#queues.get(task.queueId)?.waiting;
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
