import type { SeededRandom } from '../../random/createRandom';
import type { RoutingTask } from '../../model/routing';
import type { AgentConfig, QueueConfig } from '../../model/config';
import { deepFreeze } from '../../model/deepFreeze';
import { slotsOf, taskOf, type EngineSnapshot } from '../../durability/snapshotFormat';
import { normalizeAgent, normalizeQueue } from '../config/normalize';
import type { ChatRecord, PersistedChat } from '../ports';
import type { EngineParts } from './parts';

/**
 * Puts freshly assembled parts (built from the snapshot's configuration) into the snapshot's state. Timers are
 * registered but not armed: the caller arms them once the journal's tail is replayed.
 */
export function restoreSnapshot(parts: EngineParts, snap: EngineSnapshot): void {
  parts.startedAt = snap.startedAt;
  parts.ids.counters = { ...snap.ids };
  parts.sequence.eventSeq = snap.eventSeq;
  parts.chats.taskSeq = snap.taskSeq;
  parts.timers.seq = snap.timerSeq;
  const random = parts.random as Partial<SeededRandom>;
  if (snap.random !== null && typeof random.setState === 'function') random.setState(snap.random);
  for (const data of snap.agentStates) {
    const raw = parts.agents.configs.get(data.id) as AgentConfig;
    const { slots, actor } = slotsOf(data);
    deepFreeze((actor as unknown as { context: unknown }).context);
    const agent = parts.agents.upsert(raw, normalizeAgent(raw, 0, parts.queues.queues, false), actor);
    agent.offers = slots.offers;
    agent.chats = slots.chats;
    agent.held = Object.freeze([...(data.held ?? [])]);
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
    const { id, actor, customer, task: taskJson, inviteTask: inviteJson, messages, ...rest } = data;
    const task = taskOf(taskJson);
    // Restored passivated: a chat's actor is created only when its next event comes (fast restarts, small heap).
    const queueId = (actor as unknown as { context: { queueId: string } }).context.queueId;
    const chat = parts.chats.create(id, deepFreeze(customer), task, queueId, actor as PersistedChat);
    tasks.set(task.id, task);
    // The rest of the record as it was (fields an older snapshot lacks keep the defaults `create` gave them).
    Object.assign(chat, rest);
    chat.inviteTask = inviteJson === null ? null : taskOf(inviteJson);
    if (chat.inviteTask !== null) tasks.set(chat.inviteTask.id, chat.inviteTask);
    for (const message of messages) chat.messages.push(deepFreeze(message));
    if (chat.reminder !== null) Object.freeze(chat.reminder);
    chat.monitors = Object.freeze([...chat.monitors]);
    chat.tags = Object.freeze([...chat.tags]);
    if (chat.hold !== null) Object.freeze(chat.hold);
  }
  for (const [id, record] of snap.finished) parts.chats.finished.set(id, deepFreeze(record));
  for (const [queueId, chatIds] of snap.offeredByQueue) {
    for (const chatId of chatIds) {
      const chat = parts.chats.chats.get(chatId);
      if (chat !== undefined) parts.chats.setOffered(queueId, chat as ChatRecord, true);
    }
  }
  for (const [queueId, counters] of snap.counters) Object.assign(parts.statistics.counterMap.get(queueId) ?? {}, counters);
  for (const request of snap.assistance) parts.assistance.set(request.id, deepFreeze(request));
  parts.lastAgents.restore(snap.lastAgents ?? []);
  for (const [queueId, log] of snap.statLogs ?? []) parts.statistics.logs.set(queueId, [...log]);
  for (const t of snap.timers) parts.timers.register({ id: t.id, due: t.due, spec: deepFreeze(t.spec), handle: undefined });
  // The router learns every agent's state as the engine reported it, then its own memory and the waiting tasks.
  for (const agent of parts.agents.agents.values()) parts.agents.feedRouter(agent);
  parts.router.restoreState(snap.router, tasks);
}

/** The configuration a snapshot's engine is assembled from, checked again: a snapshot is data from disk. */
export function snapshotConfig(snap: EngineSnapshot): { queues: QueueConfig[]; agents: AgentConfig[] } {
  const queues = new Map(snap.queues.map((q, i) => [q.id, normalizeQueue(q, i, false)]));
  snap.agents.forEach((a, i) => normalizeAgent(a, i, queues, false));
  return { queues: snap.queues, agents: snap.agents };
}
