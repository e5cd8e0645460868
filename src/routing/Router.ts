import type { RandomSource } from '../random/createRandom';
import { GroupIndex, type GroupHost } from './GroupIndex';
import { nextQueued, type PlanView } from './planQueued';
import type { PoolGroup } from './PoolGroup';
import { QueueTasks } from './QueueTasks';
import { WaitingBook } from './WaitingBook';
import { available, orderOf, sameSet, steady, type AgentSlot, type QueueSlot } from './routerSlots';
import { WaitingList } from './WaitingList';
import type { AgentRoutingState, Candidate, OfferDecision, RouterAgentConfig, RouterQueueConfig, RouterState, RoutingTask } from './types';

export type { RouterAgentConfig, RouterQueueConfig, RouterState } from './types';

/**
 * The routing core: which waiting task goes to which eligible agent. It sees agents only through
 * {@link AgentRoutingState} (read off their actors' snapshots by the engine) and tasks only as ranks; it plans offers
 * until no task waits that an eligible agent may take (work conservation).
 *
 * What a decision costs does not grow with the shape of the centre:
 * - queues with the same strategy and the same logged-in members share one pool of free agents (`PoolGroup`), so
 *   an offer, an accept or a close touches one pool per group, however many queues the agent is in;
 * - waiting chats are bucketed by required-skill signature; the heads of every signature across a group's queues
 *   sit in one heap, and a signature nobody free can serve is skipped in O(1) until someone with those skills is free;
 * - `preferProficiency` reads a pool ordered by proficiency in the signature instead of walking the best tier.
 * Chats whose eligibility is their own (exclusions, declines, a reservation, widening or relaxation over time) wait in
 * an irregular list per queue, walked in order as before.
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
  readonly #dirtyAgents = new Set<string>();
  readonly #book = new WaitingBook();
  readonly #groups: GroupIndex;
  readonly #rng: RandomSource;
  readonly #view: PlanView;
  #offerStamp = 0;
  #agentOrder = 0;

  constructor(queues: readonly RouterQueueConfig[], agents: readonly RouterAgentConfig[], rng: RandomSource) {
    this.#rng = rng;
    this.#groups = new GroupIndex(this.#host(), rng);
    this.#view = {
      queue: (queueId) => this.#queues.get(queueId) as QueueSlot,
      groupOf: (queueId) => this.#groups.groupOf.get(queueId) as PoolGroup,
      agentOf: (agentId) => this.#agents.get(agentId),
      coolingDown: (taskId, agentId, now) => this.#coolingDown(taskId, agentId, now),
      hasDeclines: (taskId) => this.#declines.has(taskId),
      rng,
      active: this.#book.active,
      dirtyIrregular: this.#book.dirtyIrregular,
    };
    for (const q of queues) this.setQueue(q);
    for (const a of agents) this.setAgentConfig(a);
  }

  #host(): GroupHost {
    return {
      pooled: (agentId) => this.#agents.get(agentId)?.pooled === true,
      candidate: (agentId, group) => this.#candidate(this.#agents.get(agentId) as AgentSlot, group),
      skills: (agentId) => this.#agents.get(agentId)?.skills,
      groupsOf: (agentId) => (this.#agents.get(agentId) as AgentSlot).groups,
      joined: (group, agentId) => this.#book.joined(group, this.#agents.get(agentId)?.skills),
      moved: (queueId, from, to) => this.#book.moved(this.#queues.get(queueId) as QueueSlot, from, to),
    };
  }

  /** Adds a queue, or changes its strategy (it moves to a pool of the new order) or its policies. */
  setQueue(config: RouterQueueConfig): void {
    const queue = this.#queues.get(config.id);
    const policy = config.policy;
    const manual = config.manual === true;
    if (queue === undefined) {
      this.#queues.set(config.id, { id: config.id, policy, strategy: config.strategy, tasks: new QueueTasks(config.id, orderOf(policy)), manual });
      const members = new Map<string, number>();
      for (const agent of this.#agents.values()) {
        const penalty = agent.penalties.get(config.id);
        if (penalty === undefined || agent.state?.loggedInQueues.has(config.id) === false) continue;
        members.set(agent.id, penalty);
        agent.entries = new Map(agent.entries).set(config.id, penalty);
      }
      this.#groups.addQueue(config.id, config.strategy, members);
      return;
    }
    if (queue.manual !== manual || JSON.stringify(queue.policy) !== JSON.stringify(policy)) {
      // New policies or mode: tasks are sorted and sorted out again (an aging rate re-sorts; widening or manual
      // selection makes them irregular; back to automatic they are offered from the next plan on).
      const tasks = [...queue.tasks];
      for (const task of tasks) this.#unplace(task);
      queue.policy = policy;
      queue.manual = manual;
      queue.tasks = new QueueTasks(config.id, orderOf(policy));
      for (const task of tasks) this.#place(task);
      this.#book.dirtyIrregular.add(config.id);
    }
    if (queue.strategy === config.strategy) return;
    queue.strategy = config.strategy;
    this.#groups.setStrategy(config.id, config.strategy);
  }

  /** Chats waiting (not offered) in a queue. */
  waitingCount(queueId: string): number {
    return this.#queues.get(queueId)?.tasks.size ?? 0;
  }

  /** Removes a queue nothing waits in and nobody is a member of. */
  removeQueue(queueId: string): void {
    if (!this.#queues.delete(queueId)) return;
    this.#groups.removeQueue(queueId);
    this.#book.dirtyIrregular.delete(queueId);
    for (const agent of this.#agents.values()) {
      if (!agent.entries.has(queueId)) continue;
      const entries = new Map(agent.entries);
      entries.delete(queueId);
      agent.entries = entries;
    }
  }

  /** Adds an agent (last in configuration order) or changes its memberships and penalties. */
  setAgentConfig(config: RouterAgentConfig): void {
    const agent = this.#agents.get(config.id);
    if (agent === undefined) {
      const slot: AgentSlot = {
        id: config.id,
        order: this.#agentOrder++,
        penalties: config.penalties,
        skills: config.skills,
        lastOfferedAt: new Map(),
        state: undefined,
        reserved: false,
        pooled: false,
        entries: new Map(),
        groups: new Set(),
        targeted: new WaitingList(),
      };
      this.#agents.set(config.id, slot);
      this.#regroup(slot);
      return;
    }
    this.#unpool(agent);
    // A preferred agent leaving a queue ends their reservations there: the queues they leave are looked at again.
    if (this.#preferredBy.has(config.id)) for (const queueId of agent.penalties.keys()) this.#book.dirtyIrregular.add(queueId);
    agent.penalties = config.penalties;
    agent.skills = config.skills;
    this.#regroup(agent);
    // Re-pooled from its current state with the new memberships (a forced re-key).
    const state = agent.state;
    agent.state = undefined;
    if (state !== undefined) this.setAgent(state);
  }

  /** Removes an agent (offline, nothing waiting for it). */
  removeAgent(agentId: string): void {
    const agent = this.#agents.get(agentId);
    if (agent === undefined) return;
    this.#unpool(agent);
    this.#groups.changeAgent(agentId, agent.entries, new Map());
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
    for (const agent of this.#agents.values()) if (agent.pooled) for (const group of agent.groups) group.addAgent(this.#candidate(agent, group), agent.skills);
    // Settled: no signature with waiting chats has anyone free to serve it, and nothing irregular is to be looked at.
    this.#book.settle();
    this.#dirtyAgents.clear();
  }

  /** Records an agent's new state: joins or leaves the pools of its groups, re-keyed for the strategies. */
  setAgent(state: AgentRoutingState): void {
    const agent = this.#agents.get(state.agentId);
    if (agent === undefined) return;
    const previous = agent.state;
    agent.state = state;
    agent.reserved = false;
    if (previous === undefined || !sameSet(previous.loggedInQueues, state.loggedInQueues)) this.#regroup(agent);
    const free = available(agent);
    if (free && agent.targeted.size > 0) this.#dirtyAgents.add(agent.id);
    // A reservation holds only while its agent is logged into the queue: when that changes, others may take the chat.
    if (this.#preferredBy.has(agent.id) && (previous === undefined || previous.online !== state.online || previous.loggedInQueues !== state.loggedInQueues)) {
      for (const queueId of agent.penalties.keys()) if (this.#queues.has(queueId)) this.#book.dirtyIrregular.add(queueId);
    }
    if (!free) {
      this.#unpool(agent);
      return;
    }
    const rekey = previous === undefined || previous.idleSince !== state.idleSince || previous.slotsUsed !== state.slotsUsed;
    if (agent.pooled && !rekey) return;
    const joining = !agent.pooled;
    agent.pooled = true;
    for (const group of agent.groups) {
      group.addAgent(this.#candidate(agent, group), agent.skills);
      if (joining) this.#book.joined(group, agent.skills);
    }
  }

  /** Adds (or re-adds, keeping its rank) a task to its queue's or its agent's waiting list. */
  addTask(task: RoutingTask): void {
    if (this.#tasks.has(task.id)) return;
    if (task.targetAgentId !== null) {
      const agent = this.#agents.get(task.targetAgentId);
      if (agent === undefined) return;
      this.#tasks.set(task.id, task);
      this.#countPreferred(task, 1);
      agent.targeted.insert(task);
      this.#dirtyAgents.add(task.targetAgentId);
      return;
    }
    if (task.queueId === null || !this.#queues.has(task.queueId)) return;
    this.#tasks.set(task.id, task);
    this.#countPreferred(task, 1);
    this.#place(task);
  }

  /** Removes a task for good (taken, abandoned, cancelled); its declines are forgotten. */
  removeTask(task: RoutingTask): void {
    this.#declines.delete(task.id);
    if (!this.#tasks.delete(task.id)) return;
    this.#countPreferred(task, -1);
    this.#unlist(task);
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
    // A declined task's eligibility is its own now: it waits among the irregular ones.
    const task = this.#tasks.get(taskId);
    if (task !== undefined && this.#book.isUniform(taskId)) {
      this.#unplace(task);
      this.#place(task);
    }
  }

  /** Asks for a task to be considered again (a decline ran out). */
  touch(taskId: string): void {
    const task = this.#tasks.get(taskId);
    if (task?.queueId && this.#book.isIrregular(taskId)) this.#book.dirtyIrregular.add(task.queueId);
    if (task?.targetAgentId) this.#dirtyAgents.add(task.targetAgentId);
  }

  /** Tasks waiting in a queue, in serving order. */
  waiting(queueId: string): Iterable<RoutingTask> {
    return this.#queues.get(queueId)?.tasks ?? [];
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
      const decision = this.#nextTargeted(now) ?? nextQueued(this.#view, now);
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

  #commit(decision: OfferDecision): void {
    const { task } = decision;
    if (this.#tasks.delete(task.id)) this.#countPreferred(task, -1);
    this.#unlist(task);
    const stamp = ++this.#offerStamp;
    for (const agentId of decision.agentIds) {
      const agent = this.#agents.get(agentId) as AgentSlot;
      if (task.queueId !== null) agent.lastOfferedAt.set(task.queueId, stamp);
      this.#unpool(agent);
      agent.reserved = true;
    }
  }

  /** Where a queue task waits: a uniform task in its signature's bucket, any other in the irregular list. */
  #place(task: RoutingTask): void {
    const queue = this.#queues.get(task.queueId as string) as QueueSlot;
    const uniform = !queue.manual && steady(queue.policy) && task.exclude === null && !this.#declines.has(task.id) && task.policy?.preferredAgentId === undefined;
    this.#book.place(queue, this.#groups.groupOf.get(queue.id) as PoolGroup, task, uniform);
  }

  #unplace(task: RoutingTask): void {
    const queue = this.#queues.get(task.queueId as string);
    if (queue !== undefined) this.#book.unplace(queue, this.#groups.groupOf.get(queue.id) as PoolGroup, task);
  }

  #unlist(task: RoutingTask): void {
    if (task.targetAgentId !== null) this.#agents.get(task.targetAgentId)?.targeted.remove(task);
    else this.#unplace(task);
  }

  #unpool(agent: AgentSlot): void {
    if (!agent.pooled) return;
    agent.pooled = false;
    for (const group of agent.groups) group.removeAgent(agent.id);
  }

  /** Recomputes the agent's logged-in memberships and moves them between groups. */
  #regroup(agent: AgentSlot): void {
    const next = new Map<string, number>();
    const loggedIn = agent.state?.loggedInQueues;
    for (const [queueId, penalty] of agent.penalties) if (this.#queues.has(queueId) && (loggedIn === undefined || loggedIn.has(queueId))) next.set(queueId, penalty);
    this.#groups.changeAgent(agent.id, agent.entries, next);
    agent.entries = next;
  }

  #coolingDown(taskId: string, agentId: string, now: number): boolean {
    const until = this.#declines.get(taskId)?.get(agentId);
    return until !== undefined && now < until;
  }

  #candidate(agent: AgentSlot, group: PoolGroup): Candidate {
    const state = agent.state as AgentRoutingState;
    // Only a queue with a pool of its own (round-robin, custom strategies) orders by its last offer.
    const own = group.key.startsWith('q:') ? group.key.slice(2) : undefined;
    return {
      agentId: agent.id,
      order: agent.order,
      penalty: group.members.get(agent.id) as number,
      idleSince: state.idleSince,
      slotsUsed: state.slotsUsed,
      lastOfferedAt: own === undefined ? 0 : (agent.lastOfferedAt.get(own) ?? 0),
    };
  }
}
