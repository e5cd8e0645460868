import { createActor, type Actor, type InspectionEvent, type Observer, type Snapshot } from 'xstate';
import type { Clock } from '../../clock/types';
import { agentMachine } from '../../machines/agent/agentMachine';
import type { AgentEvent } from '../../machines/agent/types';
import type { AgentConfig } from '../../model/config';
import type { Router } from '../../routing/Router';
import { agentStateOf, slotsFull, slotsUsed, type AgentRecord, type EngineContext, type NormalizedAgent, type SlotChange } from '../ports';
import { reconcileAgent } from './reconcile';
import { wrapUpHoldsAgent } from './wrapUps';

/** What the agent registry is handed by the composition root. */
export interface AgentRegistryDeps {
  readonly router: Router;
  /** The clock actors run on (their timers run inside transactions). */
  readonly actorClock: Clock;
  readonly inspect: Observer<InspectionEvent> | ((event: InspectionEvent) => void) | undefined;
  /** The kernel re-reads this agent when the transaction drains. */
  dirty(agent: AgentRecord): void;
  /** The desk re-reads this agent's desk. */
  touch(agentId: string): void;
  configChanged(): void;
  /** After every reconcile: queues whose last agent left may overflow (`policies.overflow.whenNobodyLoggedIn`). */
  afterReconcile(): void;
  readonly statsRetentionMs: number;
}

const without = (list: readonly string[], item: string): string[] => list.filter((x) => x !== item);

function sameKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  const others = b.keys();
  for (const key of a.keys()) if (others.next().value !== key) return false;
  return true;
}

/**
 * Every agent and the rules of an agent's lifecycle in one place: configuration and memberships, the slots it holds
 * (engine data; the machine hears only when they fill up or free), ready or busy, time in state, and what the router
 * is told. Only this registry sends agent actors events.
 */
export class AgentRegistry {
  readonly agents = new Map<string, AgentRecord>();
  /** Agents by member queue, in configuration order. */
  readonly membersByQueue = new Map<string, string[]>();
  /** Configuration as given (defaults not filled): what snapshots and `engine.configuration()` keep. */
  readonly configs = new Map<string, AgentConfig>();
  readonly #deps: AgentRegistryDeps;
  #ctx: EngineContext | undefined;

  constructor(deps: AgentRegistryDeps) {
    this.#deps = deps;
  }

  wire(ctx: EngineContext): void {
    this.#ctx = ctx;
  }

  /** A queue appeared: it gets an (empty) member list. */
  queueAdded(queueId: string): void {
    if (!this.membersByQueue.has(queueId)) this.membersByQueue.set(queueId, []);
  }

  queueRemoved(queueId: string): void {
    this.membersByQueue.delete(queueId);
  }

  /**
   * Adds an agent (offline) or changes one: name, capacity, memberships and penalties, supervised queues. A new
   * capacity re-decides ready or busy; the router re-indexes the memberships. With `actorSnapshot` (a restore), the
   * actor is rebuilt from it.
   */
  upsert(raw: AgentConfig, config: NormalizedAgent, actorSnapshot?: Snapshot<unknown>): AgentRecord {
    const deps = this.#deps;
    deps.configChanged();
    this.configs.set(config.id, structuredClone(raw));
    const existing = this.agents.get(config.id);
    const membershipsChanged = existing === undefined || !sameKeys(existing.config.penalties, config.penalties);
    if (existing !== undefined && actorSnapshot === undefined) {
      existing.config = config;
      existing.memberQueues = new Set(config.penalties.keys());
      // A changed capacity re-decides ready or busy (lowered below the slots in use: busy until below).
      if (this.#syncFull(existing)) deps.dirty(existing);
      if (membershipsChanged) this.#rebuildMembers();
      deps.router.setAgentConfig({ id: config.id, penalties: config.penalties, skills: config.skills });
      return existing;
    }
    const actor = createActor(agentMachine, {
      input: { id: config.id },
      ...(actorSnapshot !== undefined ? { snapshot: actorSnapshot as never } : {}),
      clock: deps.actorClock,
      ...(deps.inspect ? { inspect: deps.inspect } : {}),
    });
    actor.start();
    (existing?.actor as Actor<typeof agentMachine> | undefined)?.stop();
    const now = (this.#ctx as EngineContext).clock.now();
    const agent: AgentRecord = {
      config,
      actor,
      reportedState: 'offline',
      reportedPause: null,
      memberQueues: new Set(config.penalties.keys()),
      time: { offline: 0, ready: 0, busy: 0, pausedPaid: 0, pausedUnpaid: 0, wrapUp: 0 },
      offers: [],
      chats: [],
      held: [],
      idleSince: 0,
      missedOffers: 0,
      wrapUps: new Map(),
      bucket: 'offline',
      bucketSince: now,
      presence: null,
      work: { staffedMs: 0, handlingMs: 0, flags: 0, since: now, log: [] },
    };
    this.agents.set(config.id, agent);
    // A new agent comes last in configuration order: appending keeps the lists in order without a rebuild.
    if (existing === undefined) for (const queueId of config.penalties.keys()) this.membersByQueue.get(queueId)?.push(config.id);
    else if (membershipsChanged) this.#rebuildMembers();
    deps.router.setAgentConfig({ id: config.id, penalties: config.penalties, skills: config.skills });
    return agent;
  }

  /** Removes an offline agent nothing waits for. */
  remove(agentId: string): void {
    this.#deps.configChanged();
    (this.agents.get(agentId)?.actor as Actor<typeof agentMachine> | undefined)?.stop();
    this.agents.delete(agentId);
    this.configs.delete(agentId);
    this.#rebuildMembers();
    this.#deps.router.removeAgent(agentId);
  }

  #rebuildMembers(): void {
    for (const list of this.membersByQueue.values()) list.length = 0;
    for (const agent of this.agents.values()) {
      for (const queueId of agent.config.penalties.keys()) this.membersByQueue.get(queueId)?.push(agent.config.id);
    }
  }

  /** Re-reads an agent's actor into the router (and its public state), as after any change to it. */
  mark(agent: AgentRecord): void {
    this.#deps.dirty(agent);
    this.#deps.touch(agent.config.id);
  }

  send(agentId: string, event: AgentEvent): void {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return;
    const actor = agent.actor as Actor<typeof agentMachine>;
    const before = event.type === 'LOGIN' || event.type === 'RESUME' ? agentStateOf(actor.getSnapshot().value) : undefined;
    actor.send(event);
    // Logging in and resuming restart the idle clock (`longest-idle`), when they happen.
    if ((event.type === 'LOGIN' && before === 'offline') || (event.type === 'RESUME' && before === 'paused')) agent.idleSince = event.at;
    this.mark(agent);
  }

  /**
   * Changes the slots an agent holds (engine data). The agent's machine hears of it only when the slots fill up or
   * free; the router, the agent's desk and the statistics hear of every change when the transaction settles.
   */
  changeSlots(agentId: string, change: SlotChange): void {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return;
    const { chatId } = change;
    switch (change.type) {
      case 'offerReceived':
        agent.offers = [...agent.offers, chatId];
        break;
      case 'offerEnded':
        agent.offers = without(agent.offers, chatId);
        break;
      case 'offerAccepted':
        agent.offers = without(agent.offers, chatId);
        agent.chats = [...agent.chats, chatId];
        agent.idleSince = change.at;
        break;
      case 'chatJoined':
        agent.chats = [...agent.chats, chatId];
        agent.idleSince = change.at;
        break;
      case 'chatLeft':
        agent.chats = without(agent.chats, chatId);
        if (agent.held.includes(chatId)) agent.held = without(agent.held, chatId);
        agent.idleSince = change.at;
        break;
      case 'holdFreed':
        agent.held = [...agent.held, chatId];
        break;
      case 'holdEnded':
        agent.held = without(agent.held, chatId);
        break;
      case 'wrapUpEnded':
        agent.idleSince = change.at;
        break;
      case 'wrapUpStarted':
        break;
    }
    this.#syncFull(agent);
    this.mark(agent);
  }

  /** Tells a ready or busy agent's machine when its slots filled up or freed; returns whether it did. */
  #syncFull(agent: AgentRecord): boolean {
    const actor = agent.actor as Actor<typeof agentMachine>;
    const state = agentStateOf(actor.getSnapshot().value);
    const full = slotsFull(agent);
    if (state === 'ready' && full) actor.send({ type: 'SLOTS_FULL' });
    else if (state === 'busy' && !full) actor.send({ type: 'SLOTS_FREE' });
    else return false;
    return true;
  }

  /** Settles a changed agent: its public state, time in state, work and the router's view (see `reconcile.ts`). */
  reconcile(agent: AgentRecord): void {
    reconcileAgent(this.#ctx as EngineContext, agent, this.#deps.statsRetentionMs);
    this.feedRouter(agent);
    this.#deps.afterReconcile();
  }

  /** Tells the router an agent's current state, read off its actor. */
  feedRouter(agent: AgentRecord): void {
    const context = agent.actor.getSnapshot().context;
    const state = agent.reportedState;
    let loggedIn = agent.memberQueues;
    if (context.leftQueues.length > 0) loggedIn = new Set([...agent.memberQueues].filter((queueId) => !context.leftQueues.includes(queueId)));
    this.#deps.router.setAgent({
      agentId: agent.config.id,
      online: state !== 'offline',
      // A disconnected agent is not offered anything (not even a transfer addressed to them) until they reconnect.
      ready: state === 'ready' && agent.presence === null && !wrapUpHoldsAgent(agent),
      pendingOffers: agent.offers.length,
      slotsUsed: slotsUsed(agent),
      idleSince: agent.idleSince,
      loggedInQueues: loggedIn,
    });
  }

  stop(): void {
    for (const agent of this.agents.values()) (agent.actor as Actor<typeof agentMachine>).stop();
  }
}
