import type { Snapshot } from 'xstate';
import type { SeededRandom } from '../random/createRandom';
import type { RouterState } from '../routing/Router';
import type { RoutingTask } from '../model/routing';
import type { PersistedChat } from './ChatActor';
import type { Customer } from '../model/commands';
import { normalizeAgent, normalizeQueue } from './config';
import type { EngineCore, IdCounters, QueueCounters, TimerSpec } from './EngineCore';
import type { AgentRuntime, ChatRuntime, FinishedChat } from './runtime';
import type { AgentConfig, QueueConfig } from '../model/config';
import type { AssistanceRequest, Message } from '../model/chat';
import { deepFreeze } from '../model/deepFreeze';

/** The version of the snapshot body below; a snapshot of another version is refused. */
export const SNAPSHOT_VERSION = 1;

type TaskData = Omit<RoutingTask, 'exclude'> & { exclude: string[] | null };

interface AgentData {
  id: string;
  actor: Snapshot<unknown>;
  reportedState: AgentRuntime['reportedState'];
  reportedPause: AgentRuntime['reportedPause'];
  time: AgentRuntime['time'];
  bucket: AgentRuntime['bucket'];
  bucketSince: number;
  /** Routing policies: consecutive missed offers and wrap-ups held (absent before issue 9). */
  missedOffers?: number;
  /** Slots held, as engine data (absent before issue 13: then in the agent actor's context, see `slotsOf`). */
  offers?: string[];
  chats?: string[];
  idleSince?: number;
  wrapUps?: Array<[string, { timerId: number; until: number; whole: boolean }]>;
  presence?: AgentRuntime['presence'];
  work?: AgentRuntime['work'];
}

interface ChatData {
  id: string;
  actor: Snapshot<unknown>;
  customer: Customer;
  task: TaskData;
  inviteTask: TaskData | null;
  messages: Message[];
  readUpTo: Array<[string, number]> | null;
  reminder: ChatRuntime['reminder'];
  offerTimer: number | null;
  reminderTimer: number | null;
  unansweredSince: number | null;
  waitStartedAt: number;
  assistanceId: string | null;
  eligibilityTimer?: number | null;
  maxWaitTimer?: number | null;
  customerAwaySince?: number | null;
  customerTimer?: number | null;
  monitors?: string[];
  assignedAt?: number | null;
}

/**
 * Everything an engine is, as plain JSON: configuration, every actor's persisted XState snapshot, the engine's own
 * runtime (messages, tasks, timers as absolute deadlines, counters, generated-id and random state) and what the
 * router remembers. Router indexes and desks are rebuilt from it.
 */
export interface EngineSnapshot {
  v: number;
  at: number;
  startedAt: number;
  queues: QueueConfig[];
  agents: AgentConfig[];
  ids: IdCounters;
  eventSeq: number;
  taskSeq: number;
  timerSeq: number;
  random: readonly number[] | null;
  agentStates: AgentData[];
  chats: ChatData[];
  finished: Array<[string, FinishedChat]>;
  offeredByQueue: Array<[string, string[]]>;
  counters: Array<[string, QueueCounters]>;
  assistance: AssistanceRequest[];
  timers: Array<{ id: number; due: number; spec: TimerSpec }>;
  router: RouterState;
  /** Each contact's last agent (`policies.affinity.lastAgent`), least recently updated first. */
  lastAgents?: Array<[string, string]>;
  /** Per-queue records for `stats({ windowMs })` (absent in snapshots taken before issue 9). */
  statLogs?: Array<[string, number[]]>;
}

const taskData = (task: RoutingTask): TaskData => ({ ...task, exclude: task.exclude === null ? null : [...task.exclude] });
const taskOf = (data: TaskData): RoutingTask => ({ ...data, exclude: data.exclude === null ? null : new Set(data.exclude) });

/** Captures the engine's whole state at a settled point (between transactions). */
export function captureSnapshot(core: EngineCore): EngineSnapshot {
  const random = core.random as Partial<SeededRandom>;
  return {
    v: SNAPSHOT_VERSION,
    at: core.clock.now(),
    startedAt: core.startedAt,
    queues: [...core.queueConfigs.values()],
    agents: [...core.agentConfigs.values()],
    ids: { ...core.idCounters },
    eventSeq: core.eventSeq,
    taskSeq: core.taskSeq,
    timerSeq: core.timerSeq,
    random: typeof random.getState === 'function' ? random.getState() : null,
    agentStates: [...core.agents.values()].map((a) => ({
      id: a.config.id,
      actor: a.actor.getPersistedSnapshot(),
      reportedState: a.reportedState,
      reportedPause: a.reportedPause,
      time: { ...a.time },
      bucket: a.bucket,
      bucketSince: a.bucketSince,
      missedOffers: a.missedOffers,
      offers: [...a.offers],
      chats: [...a.chats],
      idleSince: a.idleSince,
      wrapUps: [...a.wrapUps].map(([chatId, w]) => [chatId, { ...w }]),
      presence: a.presence === null ? null : { ...a.presence },
      work: { ...a.work, log: [...a.work.log] },
    })),
    chats: [...core.chats.values()].map((c) => ({
      id: c.id,
      actor: c.actor.getPersistedSnapshot(),
      customer: c.customer,
      task: taskData(c.task),
      inviteTask: c.inviteTask === null ? null : taskData(c.inviteTask),
      messages: c.messages,
      readUpTo: c.readUpTo === undefined ? null : [...c.readUpTo],
      reminder: c.reminder,
      offerTimer: c.offerTimer ?? null,
      reminderTimer: c.reminderTimer ?? null,
      unansweredSince: c.unansweredSince,
      waitStartedAt: c.waitStartedAt,
      assistanceId: c.assistanceId,
      eligibilityTimer: c.eligibilityTimer ?? null,
      maxWaitTimer: c.maxWaitTimer ?? null,
      customerAwaySince: c.customerAwaySince,
      customerTimer: c.customerTimer ?? null,
      monitors: [...c.monitors],
      assignedAt: c.assignedAt,
    })),
    finished: [...core.finished],
    offeredByQueue: [...core.offeredByQueue].map(([queueId, chats]) => [queueId, [...chats].map((c) => c.id)]),
    counters: [...core.counters].map(([queueId, c]) => [queueId, { ...c }]),
    assistance: [...core.assistance.values()],
    timers: [...core.timers.values()].map((t) => ({ id: t.id, due: t.due, spec: t.spec })),
    router: core.router.exportState(),
    lastAgents: core.lastAgents.entries(),
    statLogs: [...core.statistics.logs].map(([queueId, log]) => [queueId, [...log]]),
  };
}

/**
 * Puts a freshly constructed core (built from the snapshot's configuration) into the snapshot's state. Timers are
 * registered but not armed: the caller arms them once the journal's tail is replayed.
 */
export function restoreSnapshot(core: EngineCore, snap: EngineSnapshot): void {
  core.startedAt = snap.startedAt;
  core.idCounters = { ...snap.ids };
  core.eventSeq = snap.eventSeq;
  core.taskSeq = snap.taskSeq;
  core.timerSeq = snap.timerSeq;
  const random = core.random as Partial<SeededRandom>;
  if (snap.random !== null && typeof random.setState === 'function') random.setState(snap.random);
  for (const data of snap.agentStates) {
    const raw = core.agentConfigs.get(data.id) as AgentConfig;
    const { slots, actor } = slotsOf(data);
    deepFreeze((actor as unknown as { context: unknown }).context);
    const agent = core.upsertAgent(raw, normalizeAgent(raw, 0, core.queues), actor);
    agent.offers = slots.offers;
    agent.chats = slots.chats;
    agent.idleSince = slots.idleSince;
    agent.reportedState = data.reportedState;
    // The engine tells pause changes by identity: the restored report must be the actor's own restored object.
    const pause = agent.actor.getSnapshot().context.pause;
    agent.reportedPause = JSON.stringify(pause) === JSON.stringify(data.reportedPause) ? pause : data.reportedPause;
    Object.assign(agent.time, data.time);
    agent.bucket = data.bucket;
    agent.bucketSince = data.bucketSince;
    agent.missedOffers = data.missedOffers ?? 0;
    for (const [chatId, w] of data.wrapUps ?? []) agent.wrapUps.set(chatId, Object.freeze({ ...w }));
    agent.presence = data.presence == null ? null : { ...data.presence };
    if (data.work !== undefined) Object.assign(agent.work, { ...data.work, log: [...data.work.log] });
  }
  const tasks = new Map<string, RoutingTask>();
  for (const data of snap.chats) {
    const task = taskOf(data.task);
    // Restored passivated: a chat's actor is created only when its next event comes (fast restarts, small heap).
    const queueId = (data.actor as unknown as { context: { queueId: string } }).context.queueId;
    const chat = core.createChat(data.id, deepFreeze(data.customer), task, queueId, data.actor as PersistedChat);
    tasks.set(task.id, task);
    chat.inviteTask = data.inviteTask === null ? null : taskOf(data.inviteTask);
    if (chat.inviteTask !== null) tasks.set(chat.inviteTask.id, chat.inviteTask);
    for (const message of data.messages) chat.messages.push(deepFreeze(message));
    chat.readUpTo = data.readUpTo === null ? undefined : new Map(data.readUpTo);
    chat.reminder = data.reminder === null ? null : Object.freeze(data.reminder);
    chat.offerTimer = data.offerTimer ?? undefined;
    chat.reminderTimer = data.reminderTimer ?? undefined;
    chat.unansweredSince = data.unansweredSince;
    chat.waitStartedAt = data.waitStartedAt;
    chat.assistanceId = data.assistanceId;
    chat.eligibilityTimer = data.eligibilityTimer ?? undefined;
    chat.maxWaitTimer = data.maxWaitTimer ?? undefined;
    chat.customerAwaySince = data.customerAwaySince ?? null;
    chat.customerTimer = data.customerTimer ?? undefined;
    chat.monitors = Object.freeze([...(data.monitors ?? [])]);
    chat.assignedAt = data.assignedAt ?? null;
  }
  for (const [id, record] of snap.finished) core.finished.set(id, deepFreeze(record));
  for (const [queueId, chatIds] of snap.offeredByQueue) {
    const set = core.offeredByQueue.get(queueId);
    for (const chatId of chatIds) {
      const chat = core.chats.get(chatId);
      if (set !== undefined && chat !== undefined) set.add(chat);
    }
  }
  for (const [queueId, counters] of snap.counters) Object.assign(core.counters.get(queueId) ?? {}, counters);
  for (const request of snap.assistance) core.assistance.set(request.id, deepFreeze(request));
  core.lastAgents.restore(snap.lastAgents ?? []);
  for (const [queueId, log] of snap.statLogs ?? []) core.statistics.logs.set(queueId, [...log]);
  for (const t of snap.timers) core.timers.set(t.id, { id: t.id, due: t.due, spec: deepFreeze(t.spec), handle: undefined });
  // The router learns every agent's state as the engine reported it, then its own memory and the waiting tasks.
  for (const agent of core.agents.values()) core.feedRouter(agent);
  core.router.restoreState(snap.router, tasks);
}

/** Builds the normalized configuration a snapshot's core is constructed from. */
export function snapshotConfig(snap: EngineSnapshot): { queues: QueueConfig[]; agents: AgentConfig[] } {
  // Validated again on the way in: a snapshot is data from disk.
  const queues = new Map(snap.queues.map((q, i) => [q.id, normalizeQueue(q, i)]));
  snap.agents.forEach((a, i) => normalizeAgent(a, i, queues));
  return { queues: snap.queues, agents: snap.agents };
}

/** What an agent machine's context held before issue 13 moved the slots into the engine. */
interface LegacyAgentContext {
  id: string;
  capacity: number;
  offers: string[];
  chats: string[];
  wrapUps?: string[];
  pause: unknown;
  idleSince: number;
  leftQueues: string[];
}

/**
 * An agent's slots and actor snapshot from a snapshot body. Older snapshots kept the slots in the actor's context; they
 * are moved out of the context, so old journals restore unchanged.
 */
function slotsOf(data: AgentData): { slots: { offers: readonly string[]; chats: readonly string[]; idleSince: number }; actor: Snapshot<unknown> } {
  if (data.offers !== undefined) {
    return { slots: { offers: Object.freeze([...data.offers]), chats: Object.freeze([...(data.chats ?? [])]), idleSince: data.idleSince ?? 0 }, actor: data.actor };
  }
  const legacy = (data.actor as unknown as { context: LegacyAgentContext }).context;
  const actor = { ...data.actor, context: { id: legacy.id, pause: legacy.pause, leftQueues: legacy.leftQueues } } as unknown as Snapshot<unknown>;
  return { slots: { offers: Object.freeze([...legacy.offers]), chats: Object.freeze([...legacy.chats]), idleSince: legacy.idleSince }, actor };
}
