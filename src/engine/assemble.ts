import type { Clock } from '../clock/types';
import { DeskFeed } from '../desk/DeskFeed';
import { createMemoryHistory } from '../history/createMemoryHistory';
import type { AssistanceRequest } from '../model/chat';
import { LastAgents } from '../policies/affinity';
import { createRandom } from '../random/createRandom';
import { Router } from '../routing/Router';
import { AgentRegistry } from './agents/AgentRegistry';
import { ChatRegistry } from './chats/ChatRegistry';
import { normalizeConfig } from './config/normalize';
import { QueueRegistry } from './config/QueueRegistry';
import { handleFact } from './facts/handleFact';
import { IdSource } from './kernel/IdSource';
import { Kernel } from './kernel/Kernel';
import type { EngineOptions } from './options';
import { releaseEmptyQueues } from './policies/policyEffects';
import type { EngineContext, NormalizedAgent, NormalizedQueue } from './ports';
import { normalizePresence } from './presence/normalizePresence';
import { EngineMeter } from '../metrics/EngineMeter';
import type { EngineParts } from './snapshot/parts';
import { Statistics } from './stats/Statistics';
import { runTimer } from './timers/runTimer';
import { TimerTable } from './timers/TimerTable';

/** An assembled engine: the kernel, the parts that own its state, the ports over them, and the desk downstream. */
export interface Assembly {
  readonly kernel: Kernel;
  readonly parts: EngineParts;
  readonly ctx: EngineContext;
  readonly desk: DeskFeed;
  /** Journals a fired timer (set by a durable engine); throws when the store fails. */
  journalTimer: ((at: number, timerId: number) => void) | undefined;
  /** Runs after every input has settled and its events are out (snapshots, the auditor). */
  afterInput: () => void;
  /** The engine's measurements (`engine.metrics()`), passing each on to `options.instrument`. */
  readonly meter: EngineMeter;
  /** Contacts erased by inputs since the stored data last forgot them (see `Effects.forgetStored`). */
  readonly forgotten: Array<{ readonly contactId: string; readonly chatIds: readonly string[] }>;
}

/**
 * The composition root's first half: builds every part from the options, the ports over them, and wires what each
 * part calls (the kernel's settle hooks, the timers' host, the registries' callbacks), so no part imports another's
 * class. Then seeds the configuration (`restoring`: a snapshot's, without the limits). Throws `ChatrouteError` (`invalid-config`) for a malformed configuration.
 */
export function assemble(options: EngineOptions, clock: Clock, restoring = false): Assembly {
  // A snapshot's configuration was checked when it was given; it is restored as it was (see `normalize.ts`).
  const config = normalizeConfig(options, !restoring);
  const kernel = new Kernel(clock);
  const touches = kernel.touches;
  const random = options.random ?? createRandom(1);
  const router = new Router([], [], random);
  const statistics = new Statistics(options.statsRetentionMs);
  const presence = normalizePresence(options.presence);
  const history = options.history ?? createMemoryHistory();
  const timers = new TimerTable(clock);
  const ids = new IdSource(options.ids);
  const assistance = new Map<string, AssistanceRequest>();
  const lastAgents = new LastAgents();
  // Timers of actors fire inside a transaction, so their effects settle like a command's. (The machines keep no
  // timers today: deadlines are engine timers, which are journaled.)
  const actorClock: Clock = {
    now: () => kernel.clock.now(),
    setTimeout: (callback, delayMs) => clock.setTimeout(() => kernel.transact(callback), delayMs),
    clearTimeout: (handle) => clock.clearTimeout(handle),
  };
  let ctx: EngineContext;
  const agents = new AgentRegistry({
    router,
    actorClock,
    inspect: options.inspect,
    dirty: (agent) => kernel.markAgent(agent),
    touch: (agentId) => touches.agent(agentId),
    configChanged: () => touches.configChanged(),
    // A queue may overflow at once when its last agent goes (`policies.overflow.whenNobodyLoggedIn`).
    afterReconcile: () => {
      if (queues.overflowWhenEmpty.size > 0) releaseEmptyQueues(ctx, queues.overflowWhenEmpty);
    },
    statsRetentionMs: statistics.retentionMs,
  });
  const chats = new ChatRegistry({ actorClock, inspect: options.inspect, retainFinished: config.retainFinishedChats, fact: (chat, fact) => kernel.enqueueFact(chat, fact) });
  const queues = new QueueRegistry(router, [agents, chats, statistics], () => touches.configChanged());
  ctx = {
    clock: kernel.clock,
    queues: queues.queues,
    agents: agents.agents,
    membersByQueue: agents.membersByQueue,
    chats: chats.chats,
    finished: chats.finished,
    offeredByQueue: chats.offeredByQueue,
    assistance,
    router,
    statistics,
    presence,
    history,
    queueConfigs: queues.configs,
    agentConfigs: agents.configs,
    timers: timers.timers,
    lastAgentOf: (contactId) => lastAgents.get(contactId),
    get replaying() {
      return kernel.replaying;
    },
    get stopped() {
      return kernel.stopped;
    },
    agentName: (agentId) => agents.agents.get(agentId)?.config.name ?? agentId,
    transact: (change) => kernel.transact(change),
    drain: () => kernel.drain(),
    emit: (event) => kernel.emit(event),
    later: (delayMs, spec) => timers.later(delayMs, spec),
    cancelLater: (id) => timers.cancel(id),
    newId: (kind) => ids.next(kind),
    sendChat: (chat, event) => chats.send(chat, event),
    sendAgent: (agentId, event) => agents.send(agentId, event),
    changeSlots: (agentId, change) => agents.changeSlots(agentId, change),
    markAgent: (agent) => agents.mark(agent),
    startChat: (id, queue, customer, priority, policy) => chats.start(id, queue, customer, priority, policy),
    newTask: (chat, kind, where, enqueuedAt, exclude) => chats.newTask(chat, kind, where, enqueuedAt, exclude),
    finish: (chat, record) => chats.finish(chat, record),
    retainsFinished: chats.retainsFinished,
    setOffered: (queueId, chat, offered) => chats.setOffered(queueId, chat, offered),
    addMessage: (chat, message) => chats.addMessage(chat, message),
    addNotice: (chat, notice, text) => chats.addNotice(chat, notice, text),
    openAssistance: (request) => assistance.set(request.id, request),
    closeAssistance: (requestId) => assistance.delete(requestId),
    setLastAgent: (contactId, agentId) => lastAgents.set(contactId, agentId),
    replaceFinished: (chatId, record) => void chats.finished.set(chatId, record),
    forgetStored: (contactId, chatIds) => assembly.forgotten.push({ contactId, chatIds }),
    record: statistics,
    upsertQueue: (raw, queue) => queues.upsert(raw, queue),
    removeQueue: (queueId) => queues.remove(queueId),
    upsertAgent: (raw, agentConfig) => agents.upsert(raw, agentConfig),
    removeAgent: (agentId) => agents.remove(agentId),
    touchChat: (chat) => touches.chat(chat),
    touchAgent: (agentId) => touches.agent(agentId),
    touchSupervisors: (queueId) => touches.supervisors(queueId),
  };
  agents.wire(ctx);
  chats.wire(ctx);
  const desk = new DeskFeed(ctx, touches, (output) => kernel.deliver(output), options.desk);
  const assembly: Assembly = {
    kernel,
    ctx,
    desk,
    journalTimer: undefined,
    afterInput: () => {},
    meter: new EngineMeter(options.instrument),
    forgotten: [],
    parts: { clock: kernel.clock, startedAt: clock.now(), sequence: kernel, ids, timers, queues, agents, chats, statistics, assistance, lastAgents, router, random },
  };
  kernel.wire({
    handleFact: (chat, fact) => handleFact(ctx, chat, fact),
    reconcileAgent: (agent) => agents.reconcile(agent),
    route: (now) => {
      // Routing sees every policy step due at this instant, whichever timer of the instant fired first (issue 22).
      for (const chatId of timers.dueSteps(now)) {
        const chat = chats.chats.get(chatId);
        if (chat !== undefined) router.touch(chat.task.id);
      }
      const decisions = router.plan(now);
      if (decisions.length === 0) return false;
      chats.applyOffers(decisions);
      return true;
    },
    settled: () => chats.settled(),
    publishDownstream: () => desk.publish(),
  });
  timers.wire({
    clock: kernel.clock,
    get replaying() {
      return kernel.replaying;
    },
    get stopped() {
      return kernel.stopped;
    },
    atOneInstant: (input) => kernel.atOneInstant(input),
    transact: (change) => kernel.transact(change),
    journal: (at, timerId) => assembly.journalTimer?.(at, timerId),
    run: (spec) => runTimer(ctx, spec),
    afterInput: () => assembly.afterInput(),
    fired: (kind, startedAt, ms) => assembly.meter.timerFired(kind, startedAt, ms),
  });
  for (const queue of options.queues) queues.upsert(queue, config.queues.get(queue.id) as NormalizedQueue);
  for (const agent of options.agents) agents.upsert(agent, config.agents.get(agent.id) as NormalizedAgent);
  return assembly;
}
