import type { RandomSource } from '../random/createRandom';
import { agingCompare, effectivePriority } from '../policies/aging';
import type { RoutingPolicy } from '../model/policies';
import { createAgentPool, type AgentPool } from './AgentPool';
import { selectWithPolicies } from './selectWithPolicies';
import { WaitingList, compareTasks } from './WaitingList';
import type { AgentRoutingState, Candidate, OfferDecision, RouterAgentConfig, RouterQueueConfig, RouterState, RoutingTask, Strategy } from './types';

export type { RouterAgentConfig, RouterQueueConfig, RouterState } from './types';

interface QueueSlot {
  readonly id: string;
  readonly pool: AgentPool;
  waiting: WaitingList;
  policy: RoutingPolicy | undefined;
}

interface AgentSlot {
  readonly id: string;
  readonly order: number;
  penalties: ReadonlyMap<string, number>;
  skills: ReadonlyMap<string, number> | undefined;
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
  /** Waiting tasks per preferred agent (affinity): their eligibility follows that agent's login, not only their own. */
  readonly #preferredBy = new Map<string, number>();
  readonly #dirtyQueues = new Set<string>();
  readonly #dirtyAgents = new Set<string>();
  readonly #strategies = new Map<string, Strategy>();
  readonly #rng: RandomSource;
  #offerStamp = 0;
  #agentOrder = 0;

  constructor(queues: readonly RouterQueueConfig[], agents: readonly RouterAgentConfig[], rng: RandomSource) {
    this.#rng = rng;
    for (const q of queues) this.setQueue(q);
    for (const a of agents) this.setAgentConfig(a);
  }

  /** Adds a queue, or changes its strategy (its pool of eligible agents is rebuilt in the new order). */
  setQueue(config: RouterQueueConfig): void {
    const queue = this.#queues.get(config.id);
    const policy = config.policy;
    if (queue !== undefined && JSON.stringify(queue.policy) !== JSON.stringify(policy)) {
      // New policies: a new aging rate re-sorts the waiting chats; every policy may make someone eligible.
      if ((queue.policy?.agingPerMs ?? 0) !== (policy?.agingPerMs ?? 0)) queue.waiting = this.#waitingList(policy, queue.waiting);
      queue.policy = policy;
      this.#dirtyQueues.add(config.id);
    }
    if (queue !== undefined && this.#strategies.get(config.id) === config.strategy) return;
    const pool = createAgentPool(config.strategy, this.#rng);
    this.#strategies.set(config.id, config.strategy);
    this.#queues.set(config.id, { id: config.id, pool, waiting: queue?.waiting ?? this.#waitingList(policy, []), policy });
    if (queue === undefined) return;
    for (const agent of this.#agents.values()) {
      const penalty = agent.penalties.get(config.id);
      if (penalty !== undefined && agent.pooled.has(config.id)) pool.add(this.#candidate(agent, config.id, penalty));
    }
    this.#dirtyQueues.add(config.id);
  }

  #waitingList(policy: RoutingPolicy | undefined, tasks: Iterable<RoutingTask>): WaitingList {
    const list = new WaitingList(policy !== undefined && policy.agingPerMs > 0 ? agingCompare(policy.agingPerMinute) : compareTasks);
    for (const task of tasks) list.insert(task);
    return list;
  }

  /** Chats waiting (not offered) in a queue. */
  waitingCount(queueId: string): number {
    return this.#queues.get(queueId)?.waiting.size ?? 0;
  }

  /** Removes a queue nothing waits in and nobody is a member of. */
  removeQueue(queueId: string): void {
    this.#queues.delete(queueId);
    this.#strategies.delete(queueId);
    this.#dirtyQueues.delete(queueId);
  }

  /** Adds an agent (last in configuration order) or changes its memberships and penalties. */
  setAgentConfig(config: RouterAgentConfig): void {
    const agent = this.#agents.get(config.id);
    if (agent === undefined) {
      this.#agents.set(config.id, {
        id: config.id,
        order: this.#agentOrder++,
        penalties: config.penalties,
        skills: config.skills,
        lastOfferedAt: new Map(),
        state: undefined,
        reserved: false,
        pooled: new Set(),
        targeted: new WaitingList(),
      });
      return;
    }
    for (const queueId of agent.pooled) this.#queues.get(queueId)?.pool.remove(agent.id);
    agent.pooled.clear();
    // A preferred agent leaving a queue ends their reservations there: the queues they leave are looked at again.
    if (this.#preferredBy.has(config.id)) for (const queueId of agent.penalties.keys()) this.#dirtyQueues.add(queueId);
    agent.penalties = config.penalties;
    agent.skills = config.skills;
    // Re-pooled from its current state with the new memberships (a forced re-key).
    const state = agent.state;
    agent.state = undefined;
    if (state !== undefined) this.setAgent(state);
  }

  /** Removes an agent (offline, nothing waiting for it). */
  removeAgent(agentId: string): void {
    const agent = this.#agents.get(agentId);
    if (agent === undefined) return;
    for (const queueId of agent.pooled) this.#queues.get(queueId)?.pool.remove(agentId);
    this.#agents.delete(agentId);
    this.#dirtyAgents.delete(agentId);
  }

  /**
   * What a snapshot keeps of the router beyond what the engine re-feeds it (agents' states, waiting tasks): the
   * declines (reject cooldowns), who each queue offered to last (round-robin) and the offer stamp.
   */
  exportState(): RouterState {
    return {
      offerStamp: this.#offerStamp,
      agentOrder: this.#agentOrder,
      agents: [...this.#agents.values()].map((a) => [a.id, a.order, [...a.lastOfferedAt]] as const),
      declines: [...this.#declines].map(([taskId, m]) => [taskId, [...m]] as const),
      tasks: [...this.#tasks.keys()],
    };
  }

  /**
   * Restores {@link Router.exportState} after the engine re-created agents (in their configuration order) and
   * re-fed their states; `tasks` resolves the waiting task ids to the engine's task objects. The restored router
   * is settled, as the one that was snapshotted was.
   */
  restoreState(state: RouterState, tasks: ReadonlyMap<string, RoutingTask>): void {
    this.#offerStamp = state.offerStamp;
    this.#agentOrder = state.agentOrder;
    for (const [agentId, order, lastOffered] of state.agents) {
      const agent = this.#agents.get(agentId);
      if (agent === undefined) continue;
      (agent as { order: number }).order = order;
      agent.lastOfferedAt.clear();
      for (const [queueId, stamp] of lastOffered) agent.lastOfferedAt.set(queueId, stamp);
    }
    for (const [taskId, declines] of state.declines) this.#declines.set(taskId, new Map(declines));
    for (const taskId of state.tasks) {
      const task = tasks.get(taskId);
      if (task !== undefined) this.addTask(task);
    }
    // Re-key every pooled agent now that orders and stamps are back.
    for (const agent of this.#agents.values()) {
      const current = agent.state;
      if (current === undefined) continue;
      for (const queueId of agent.pooled) this.#queues.get(queueId)?.pool.remove(agent.id);
      agent.pooled.clear();
      agent.state = undefined;
      this.setAgent(current);
    }
    this.#dirtyAgents.clear();
    this.#dirtyQueues.clear();
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
    // A reservation holds only while its agent is logged into the queue: when that changes, others may take the chat.
    if (this.#preferredBy.has(agent.id) && (previous === undefined || previous.online !== state.online || previous.loggedInQueues !== state.loggedInQueues)) {
      for (const queueId of agent.penalties.keys()) this.#dirtyQueues.add(queueId);
    }
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
    this.#countPreferred(task, 1);
    list.insert(task);
    if (task.queueId !== null) this.#dirtyQueues.add(task.queueId);
    if (task.targetAgentId !== null) this.#dirtyAgents.add(task.targetAgentId);
  }

  /** Removes a task for good (taken, abandoned, cancelled); its declines are forgotten. */
  removeTask(task: RoutingTask): void {
    this.#declines.delete(task.id);
    if (!this.#tasks.delete(task.id)) return;
    this.#countPreferred(task, -1);
    this.#listOf(task)?.remove(task);
  }

  #countPreferred(task: RoutingTask, delta: number): void {
    const agentId = task.policy?.preferredAgentId;
    if (agentId === undefined) return;
    const count = (this.#preferredBy.get(agentId) ?? 0) + delta;
    if (count > 0) this.#preferredBy.set(agentId, count);
    else this.#preferredBy.delete(agentId);
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
      else if (best === undefined || this.#compareAcross(found.task, best.task, now) < 0) best = found;
    }
    return best;
  }

  #firstMatch(queue: QueueSlot, now: number): OfferDecision | undefined {
    if (queue.pool.size === 0) return undefined;
    for (let i = 0; i < queue.waiting.size; i++) {
      const task = queue.waiting.at(i) as RoutingTask;
      // Policies route customers' chats; an invitation to a queue (a colleague's call for help) routes as always.
      if ((queue.policy !== undefined || task.policy !== undefined) && task.kind === 'chat') {
        const strategy = this.#strategies.get(queue.id) as Strategy;
        const chosen = selectWithPolicies(queue.pool, strategy, queue.policy, queue.id, task, now, (id) => this.#agents.get(id), (id) => this.#coolingDown(task.id, id, now), this.#rng);
        if (chosen.length > 0) return { task, agentIds: chosen };
        continue;
      }
      const declines = this.#declines.get(task.id);
      const agentIds =
        declines === undefined && (task.exclude === null || task.exclude.size === 0)
          ? queue.pool.select(null)
          : queue.pool.select((agentId) => !task.exclude?.has(agentId) && !this.#coolingDown(task.id, agentId, now));
      if (agentIds.length > 0) return { task, agentIds };
    }
    return undefined;
  }

  /** Serving order across queues: effective priority now (aging), then enqueue time, then creation order. */
  #compareAcross(a: RoutingTask, b: RoutingTask, now: number): number {
    const rateA = a.queueId === null ? 0 : (this.#queues.get(a.queueId)?.policy?.agingPerMs ?? 0);
    const rateB = b.queueId === null ? 0 : (this.#queues.get(b.queueId)?.policy?.agingPerMs ?? 0);
    if (rateA === 0 && rateB === 0) return compareTasks(a, b);
    return effectivePriority(b, rateB, now) - effectivePriority(a, rateA, now) || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq;
  }

  #commit(decision: OfferDecision): void {
    const { task } = decision;
    if (this.#tasks.delete(task.id)) this.#countPreferred(task, -1);
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
