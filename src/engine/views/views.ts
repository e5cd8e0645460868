import type { OfferRecord } from '../../machines/chat/types';
import type { AgentView, TimeInState } from '../../model/agent';
import type { ChatView, InvitationView, OfferView, WaitingActivity } from '../../model/chat';
import type { TaskPolicy } from '../../model/policies';
import type { RoutingTask } from '../../model/routing';
import { compareTasks } from '../../routing/WaitingList';
import { agentStateOf, chatStateOf, slotsUsed, type AgentRecord, type ChatRecord, type EngineState, type NormalizedQueue } from '../ports';
import { holdsOffer } from '../../machines/chat/rules';

export function offerView(chatId: string, offer: OfferRecord): OfferView {
  return Object.freeze({ id: offer.id, chatId, agentId: offer.agentId, kind: offer.kind, offeredAt: offer.offeredAt, expiresAt: offer.expiresAt });
}

/** A queue as shown to agents: `{ id, name }`, frozen. */
export const queueRef = (ctx: EngineState, queueId: string) => {
  const queue = ctx.queues.get(queueId) as NormalizedQueue;
  return Object.freeze({ id: queue.id, name: queue.name });
};

/** A frozen, plain copy of a live chat's state. */
export function buildChatView(ctx: EngineState, chat: ChatRecord): ChatView {
  const snapshot = chat.actor.getSnapshot();
  const c = snapshot.context;
  const state = chatStateOf(snapshot.value);
  const offers = Object.freeze(c.offers.map((o) => offerView(chat.id, o)));
  const waiting = state === 'queued' || state === 'offered';
  const invitation: InvitationView | undefined =
    c.invitation === null
      ? undefined
      : Object.freeze({
          id: c.invitation.id,
          by: c.invitation.by,
          target: Object.freeze({ ...c.invitation.target }),
          requestedAt: c.invitation.requestedAt,
          state: c.offers.length > 0 ? 'offered' : 'waiting',
          ...(c.invitation.comment !== undefined ? { comment: c.invitation.comment } : {}),
        });
  return Object.freeze({
    id: chat.id,
    state,
    queueId: c.queueId,
    queue: queueRef(ctx, c.queueId),
    customer: chat.customer,
    priority: chat.task.priority,
    enqueuedAt: chat.task.enqueuedAt,
    participants: Object.freeze(c.participants.map((p) => Object.freeze({ agentId: p.agentId, joinedAt: p.joinedAt }))),
    ...(c.owner !== null ? { owner: c.owner } : {}),
    ...(offers.length > 0 ? { offer: offers[0] } : {}),
    offers,
    ...(waiting ? { waitingFor: Object.freeze(c.reservedFor !== null ? { agentId: c.reservedFor } : { queueId: c.queueId }) } : {}),
    ...(invitation !== undefined ? { invitation } : {}),
    ...(c.status !== null ? { status: c.status } : {}),
    important: c.important,
    ...(c.customerLeftAt !== null ? { customerLeftAt: c.customerLeftAt } : {}),
    ...(chat.customerAwaySince !== null ? { customerAway: chat.customerAwaySince } : {}),
    ...(chat.monitors.length > 0 ? { monitors: Object.freeze([...chat.monitors]) } : {}),
    ...(c.endedAt !== null ? { endedAt: c.endedAt } : {}),
    ...(c.closedBy !== null ? { closedBy: c.closedBy } : {}),
    ...(chat.task.policy !== undefined && chat.task.queueId !== null ? { routing: frozenPolicy(chat.task.policy) } : {}),
    ...(chat.hold !== null ? { hold: chat.hold } : {}),
    ...(chat.tags.length > 0 ? { tags: chat.tags } : {}),
    ...(c.closeReason ? { closeReason: c.closeReason } : {}),
  });
}

function frozenPolicy(policy: TaskPolicy): TaskPolicy {
  if (policy.skills !== undefined) Object.freeze(policy.skills);
  return Object.freeze(policy);
}

/** Time in each state, the open interval included. */
export function timeInState(ctx: EngineState, agent: AgentRecord): TimeInState {
  const time = { ...agent.time };
  time[agent.bucket] += ctx.clock.now() - agent.bucketSince;
  return Object.freeze(time);
}

/** A frozen, plain copy of an agent's state. */
export function buildAgentView(ctx: EngineState, agent: AgentRecord): AgentView {
  const snapshot = agent.actor.getSnapshot();
  const c = snapshot.context;
  const state = agentStateOf(snapshot.value);
  const offers: OfferView[] = [];
  for (const chatId of agent.offers) {
    const record = ctx.chats.get(chatId)?.actor.getSnapshot().context.offers.find((o) => o.agentId === c.id);
    if (record !== undefined) offers.push(offerView(chatId, record));
  }
  return Object.freeze({
    id: c.id,
    name: agent.config.name,
    state,
    ...(c.pause !== null ? { pause: c.pause } : {}),
    ...(agent.presence !== null ? { disconnectedSince: agent.presence.since } : {}),
    chats: Object.freeze([...agent.chats]),
    offers: Object.freeze(offers),
    capacity: agent.config.capacity,
    slotsUsed: slotsUsed(agent),
    ...(agent.held.length > 0 ? { held: Object.freeze([...agent.held]) } : {}),
    queues: Object.freeze(
      [...agent.config.penalties].map(([queueId, penalty]) =>
        Object.freeze({ queueId, penalty, loggedIn: state !== 'offline' && !c.leftQueues.includes(queueId) }),
      ),
    ),
    ...(state !== 'offline' ? { idleSince: agent.idleSince } : {}),
    timeInState: timeInState(ctx, agent),
    wrapUps: Object.freeze([...agent.wrapUps].map(([chatId, w]) => Object.freeze({ chatId, until: w.until, whole: w.whole }))),
  });
}

/** One line of the waiting-activities list: a routing task of a live chat, as agents see it. */
export function waitingActivityOf(ctx: EngineState, chat: ChatRecord, task: RoutingTask, state: 'queued' | 'offered'): WaitingActivity {
  const queueId = task.queueId ?? chat.actor.getSnapshot().context.queueId;
  return Object.freeze({
    chatId: chat.id,
    queue: queueRef(ctx, queueId),
    customer: chat.customer,
    priority: task.priority,
    enqueuedAt: task.enqueuedAt,
    state,
    kind: task.kind,
    ...(task.targetAgentId !== null ? { reservedFor: task.targetAgentId } : {}),
    ...(task.policy?.preferredAgentId !== undefined && task.policy.reservedUntil !== undefined ? { preferredAgentId: task.policy.preferredAgentId, preferredUntil: task.policy.reservedUntil } : {}),
  });
}

/**
 * What an agent may pick (the "Waiting activities" list), most urgent first: chats and invitations waiting in
 * any member queue (logged in or not) or addressed to this agent, and chats offered to a colleague. What is
 * offered to this agent is not listed: the notification shows it. Chats reserved for a colleague show too, so a
 * transfer to someone who went home is never stuck.
 */
export function buildWaitingActivities(ctx: EngineState, agent: AgentRecord): readonly WaitingActivity[] {
  const me = agent.config.id;
  const found: Array<{ task: RoutingTask; chat: ChatRecord; state: 'queued' | 'offered' }> = [];
  const add = (task: RoutingTask, state: 'queued' | 'offered') => {
    const chat = ctx.chats.get(task.chatId);
    if (chat !== undefined && !task.exclude?.has(me)) found.push({ task, chat, state });
  };
  for (const task of ctx.router.waitingFor(me)) add(task, 'queued');
  for (const queueId of agent.config.penalties.keys()) {
    for (const task of ctx.router.waiting(queueId)) add(task, 'queued');
    for (const memberId of ctx.membersByQueue.get(queueId) ?? []) {
      if (memberId === me) continue;
      for (const task of ctx.router.waitingFor(memberId)) {
        if (task.kind === 'chat' && ctx.chats.get(task.chatId)?.actor.getSnapshot().context.queueId === queueId) add(task, 'queued');
      }
    }
    for (const chat of ctx.offeredByQueue.get(queueId) ?? []) {
      if (!holdsOffer(chat.actor.getSnapshot().context, me)) found.push({ task: chat.task, chat, state: 'offered' });
    }
  }
  found.sort((a, b) => compareTasks(a.task, b.task));
  const seen = new Set<string>();
  const items: WaitingActivity[] = [];
  for (const { task, chat, state } of found) {
    if (seen.has(task.id)) continue;
    seen.add(task.id);
    items.push(waitingActivityOf(ctx, chat, task, state));
  }
  return Object.freeze(items);
}
