import type { SeededRandom } from '../../random/createRandom';
import { SNAPSHOT_VERSION, taskData, type AgentData, type ChatSnapshotData, type EngineSnapshot } from '../../durability/snapshotFormat';
import type { AgentRecord, ChatRecord } from '../ports';
import type { EngineParts } from './parts';

function agentData(a: AgentRecord): AgentData {
  return {
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
    ...(a.held.length > 0 ? { held: [...a.held] } : {}),
    idleSince: a.idleSince,
    wrapUps: [...a.wrapUps].map(([chatId, w]) => [chatId, { ...w }]),
    presence: a.presence === null ? null : { ...a.presence },
    work: { ...a.work, log: [...a.work.log] },
  };
}

/** A chat's data record, whole; only the router's tasks and the actor take another form. */
function chatData(chat: ChatRecord): ChatSnapshotData {
  const { actor, task, inviteTask, ...data } = chat;
  return { ...data, actor: actor.getPersistedSnapshot(), task: taskData(task), inviteTask: inviteTask === null ? null : taskData(inviteTask) };
}

/** Captures the engine's whole state at a settled point (between transactions). */
export function captureSnapshot(parts: EngineParts): EngineSnapshot {
  const random = parts.random as Partial<SeededRandom>;
  return {
    v: SNAPSHOT_VERSION,
    at: parts.clock.now(),
    startedAt: parts.startedAt,
    queues: [...parts.queues.configs.values()],
    agents: [...parts.agents.configs.values()],
    ids: { ...parts.ids.counters },
    eventSeq: parts.sequence.eventSeq,
    taskSeq: parts.chats.taskSeq,
    timerSeq: parts.timers.seq,
    random: typeof random.getState === 'function' ? random.getState() : null,
    agentStates: [...parts.agents.agents.values()].map(agentData),
    chats: [...parts.chats.chats.values()].map(chatData),
    finished: [...parts.chats.finished],
    offeredByQueue: [...parts.chats.offeredByQueue].map(([queueId, chats]) => [queueId, [...chats].map((c) => c.id)]),
    counters: [...parts.statistics.counterMap].map(([queueId, c]) => [queueId, { ...c }]),
    assistance: [...parts.assistance.values()],
    timers: [...parts.timers.timers.values()].map((t) => ({ id: t.id, due: t.due, spec: t.spec })),
    router: parts.router.exportState(),
    lastAgents: parts.lastAgents.entries(),
    statLogs: [...parts.statistics.logs].map(([queueId, log]) => [queueId, [...log]]),
  };
}
