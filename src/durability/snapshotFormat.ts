import type { Snapshot } from 'xstate';
import type { AssistanceRequest } from '../model/chat';
import type { AgentConfig, QueueConfig } from '../model/config';
import type { RoutingTask } from '../model/routing';
import type { RouterState } from '../routing/Router';
import type { AgentRecord, ChatData, FinishedChat, IdCounters, QueueCounters, TimerSpec } from '../engine/ports';

/** The version of the snapshot body below; a snapshot of another version is refused. */
export const SNAPSHOT_VERSION = 1;

/** A routing task as JSON: its `exclude` set as an array. */
export type TaskData = Omit<RoutingTask, 'exclude'> & { exclude: string[] | null };

/** One agent in a snapshot: its actor's persisted XState snapshot and its record's data. */
export interface AgentData {
  id: string;
  actor: Snapshot<unknown>;
  reportedState: AgentRecord['reportedState'];
  reportedPause: AgentRecord['reportedPause'];
  time: AgentRecord['time'];
  bucket: AgentRecord['bucket'];
  bucketSince: number;
  /** Routing policies: consecutive missed offers and wrap-ups held (absent before issue 9). */
  missedOffers?: number;
  /** Slots held, as engine data (absent before issue 13: then in the agent actor's context, see `legacySlots`). */
  offers?: string[];
  chats?: string[];
  /** Chats on hold whose slot is free (absent before issue 21, and while none). */
  held?: string[];
  idleSince?: number;
  wrapUps?: Array<[string, { timerId: number; until: number; whole: boolean }]>;
  presence?: AgentRecord['presence'];
  work?: AgentRecord['work'];
}

/** Chat fields added since the first snapshots. */
type Later = 'eligibilityTimer' | 'maxWaitTimer' | 'customerAwaySince' | 'customerTimer' | 'monitors' | 'assignedAt' | 'tally' | 'inactivityTimer' | 'inactivityWarnedAt' | 'hold' | 'tags';

/**
 * One live chat in a snapshot: the chat's data record whole (tasks as {@link TaskData}) and its actor's persisted XState
 * snapshot. Fields added since the first snapshots are optional: older snapshots restore with their defaults.
 */
export type ChatSnapshotData = Omit<ChatData, 'task' | 'inviteTask' | Later> &
  Partial<Pick<ChatData, Later>> & {
    actor: Snapshot<unknown>;
    task: TaskData;
    inviteTask: TaskData | null;
  };

/**
 * Everything an engine is, as plain JSON: configuration, every actor's persisted XState snapshot, the engine's own
 * records (messages, tasks, timers as absolute deadlines, counters, generated-id and random state) and what the
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
  chats: ChatSnapshotData[];
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
export function slotsOf(data: AgentData): { slots: { offers: readonly string[]; chats: readonly string[]; idleSince: number }; actor: Snapshot<unknown> } {
  if (data.offers !== undefined) {
    return { slots: { offers: Object.freeze([...data.offers]), chats: Object.freeze([...(data.chats ?? [])]), idleSince: data.idleSince ?? 0 }, actor: data.actor };
  }
  const legacy = (data.actor as unknown as { context: LegacyAgentContext }).context;
  const actor = { ...data.actor, context: { id: legacy.id, pause: legacy.pause, leftQueues: legacy.leftQueues } } as unknown as Snapshot<unknown>;
  return { slots: { offers: Object.freeze([...legacy.offers]), chats: Object.freeze([...legacy.chats]), idleSince: legacy.idleSince }, actor };
}

export const taskData = (task: RoutingTask): TaskData => ({ ...task, exclude: task.exclude === null ? null : [...task.exclude] });
export const taskOf = (data: TaskData): RoutingTask => ({ ...data, exclude: data.exclude === null ? null : new Set(data.exclude) });
