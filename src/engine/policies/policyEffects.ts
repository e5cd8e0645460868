import { admitChat, nextEligibilityChange, relaxedFor, taskPolicyOf, type Admission } from '../../policies/compose';
import { meetsSkills } from '../../policies/skills';
import { isOpen, localTime } from '../../policies/businessHours';
import { maxWaitAction } from '../../policies/overflow';
import { missedOffer } from '../../policies/missedOffers';
import { reserveMsOf, routingPolicyOf } from '../../policies/normalizePolicies';
import { wrapUpOf } from '../../policies/wrapUp';
import type { TaskPolicy } from '../../model/policies';
import type { CommandOf } from '../../model/commands';
import type { OverflowReason, QueuedReason } from '../../model/reasons';
import { q, refuse, type Refusal } from '../../model/results';
import { startWrapUp } from '../agents/wrapUps';
import { agentStateOf, chatStateOf, type AgentRecord, type ChatRecord, type EngineContext, type NormalizedQueue } from '../ports';

/**
 * Where the routing policies (`src/policies/`) meet the engine: admission of new chats, the timers that make
 * time-dependent eligibility, maximum waits and wrap-ups happen on the engine clock, the missed-offer count and the
 * contacts' last agents. Every effect runs inside a transaction; every timer is an engine timer (journaled, in
 * snapshots). A queue without policies costs one `undefined` check per hook.
 */

/** Where a new chat starts, with what it carries for the policies, or why it is refused (checked before any id is drawn). */
export function admitStart(ctx: EngineContext, cmd: CommandOf<'chat.start'>, queue: NormalizedQueue): Refusal | { queue: NormalizedQueue; policy: TaskPolicy | undefined; overflowed: { from: string; reason: OverflowReason } | undefined } {
  const now = ctx.clock.now();
  let target = queue;
  let overflowed: { from: string; reason: OverflowReason } | undefined;
  if (queue.policies !== undefined) {
    const admission = admitChat(admissionView(ctx), queue.id, now);
    if (!admission.ok) return refusal(ctx, admission);
    target = ctx.queues.get(admission.queueId) as NormalizedQueue;
    const first = admission.overflowedFrom[0];
    if (first !== undefined) overflowed = { from: queue.id, reason: first.reason };
  }
  let preferred = cmd.preferredAgentId;
  if (preferred !== undefined && !ctx.agents.has(preferred)) return refuse('not-found', `no agent ${q(preferred)} to prefer; agents are configured in createEngine({ agents })`);
  if (preferred === undefined && target.policies?.affinity?.lastAgent === true && cmd.customer.contactId !== undefined) preferred = ctx.lastAgentOf(cmd.customer.contactId);
  // A reservation only for a member of the queue: anyone else could never take the chat from it.
  const reserve = preferred !== undefined && ctx.agents.get(preferred)?.config.penalties.has(target.id) === true ? { agentId: preferred, reserveMs: reserveMsOf(target.policies) } : undefined;
  return { queue: target, policy: taskPolicyOf(target.policies, now, cmd.skills, reserve), overflowed };
}

function refusal(ctx: EngineContext, admission: Extract<Admission, { ok: false }>): Refusal {
  const zone = ctx.queues.get(admission.queueId)?.policies?.businessHours?.timeZone ?? 'UTC';
  const opens = admission.opensAt === undefined ? undefined : localTime(admission.opensAt, zone);
  const when = opens === undefined ? '' : `; it opens ${opens.weekday} ${opens.date} ${String(Math.floor(opens.minute / 60)).padStart(2, '0')}:${String(opens.minute % 60).padStart(2, '0')} ${zone} (opensAt)`;
  const error =
    admission.code === 'queue-closed'
      ? { code: admission.code, message: `queue ${q(admission.queueId)} is closed now${when}`, ...(admission.opensAt !== undefined ? { opensAt: admission.opensAt } : {}) }
      : { code: admission.code, message: `queue ${q(admission.queueId)} is full (policies.overflow.maxQueueLength); try again later` };
  return Object.freeze({ ok: false as const, error: Object.freeze(error) });
}

function admissionView(ctx: EngineContext) {
  return {
    policiesOf: (queueId: string) => ctx.queues.get(queueId)?.policies,
    waiting: (queueId: string) => ctx.router.waitingCount(queueId) + (ctx.offeredByQueue.get(queueId)?.size ?? 0),
    anyoneLoggedIn: (queueId: string) => anyoneLoggedIn(ctx, queueId),
  };
}

/**
 * The overflow queue to move to when `whenNobodyLoggedIn` applies now (nobody here, someone there, and it is open),
 * else undefined. A closed queue takes no chat this way: it would wait there while the queue is closed.
 */
function emptyWithOverflow(ctx: EngineContext, queueId: string): string | undefined {
  const overflow = ctx.queues.get(queueId)?.policies?.overflow;
  if (overflow?.whenNobodyLoggedIn !== true || overflow.to === undefined) return undefined;
  const target = ctx.queues.get(overflow.to);
  if (target === undefined || anyoneLoggedIn(ctx, queueId) || !anyoneLoggedIn(ctx, overflow.to)) return undefined;
  const hours = target.policies?.businessHours;
  return hours === undefined || isOpen(hours, ctx.clock.now()) ? overflow.to : undefined;
}

/**
 * After an agent's state settles: a queue with `overflow.whenNobodyLoggedIn` that has nobody logged in sends its
 * waiting chats on to its overflow queue, once someone is logged in there (so two empty queues never pass chats back
 * and forth).
 */
export function releaseEmptyQueues(ctx: EngineContext, queueIds: ReadonlySet<string>): void {
  for (const queueId of queueIds) {
    const to = emptyWithOverflow(ctx, queueId);
    if (to === undefined) continue;
    const at = ctx.clock.now();
    for (const task of [...ctx.router.waiting(queueId)]) {
      const chat = ctx.chats.get(task.chatId);
      if (task.kind === 'chat' && chat !== undefined) ctx.sendChat(chat, { type: 'MOVE', queueId: to, reason: 'nobody-logged-in', at });
    }
  }
}

function anyoneLoggedIn(ctx: EngineContext, queueId: string): boolean {
  for (const agentId of ctx.membersByQueue.get(queueId) ?? []) {
    const agent = ctx.agents.get(agentId) as AgentRecord;
    if (agent.reportedState !== 'offline' && !agent.actor.getSnapshot().context.leftQueues.includes(queueId)) return true;
  }
  return false;
}

/** A chat (re)entered the router's waiting list: arm the timers its queue's policies need. */
export function chatQueued(ctx: EngineContext, chat: ChatRecord, queue: NormalizedQueue, reason: QueuedReason): void {
  if (queue.policies === undefined && chat.task.policy === undefined) return;
  if (chat.eligibilityTimer === null) armEligibility(ctx, chat, queue);
  const entered = reason === 'started' || reason === 'overflowed' || (reason === 'transferred' && chat.task.queueId !== null);
  // Transferred or requeued into a queue nobody is logged into: on to its overflow queue if someone is there.
  if (entered && chat.task.queueId !== null && emptyWithOverflow(ctx, queue.id) !== undefined) {
    ctx.sendChat(chat, { type: 'MOVE', queueId: emptyWithOverflow(ctx, queue.id) as string, reason: 'nobody-logged-in', at: ctx.clock.now() });
    return;
  }
  const maxWaitMs = queue.policies?.overflow?.maxWaitMs;
  if (entered && maxWaitMs !== undefined && chat.task.queueId !== null) {
    if (chat.maxWaitTimer !== null) ctx.cancelLater(chat.maxWaitTimer);
    chat.maxWaitTimer = ctx.later(chat.waitStartedAt + maxWaitMs - ctx.clock.now(), { kind: 'maxWait', chatId: chat.id });
  }
}

function armEligibility(ctx: EngineContext, chat: ChatRecord, queue: NormalizedQueue): void {
  const now = ctx.clock.now();
  const next = nextEligibilityChange(routingPolicyOf(queue.policies), chat.task, now);
  if (next !== undefined) chat.eligibilityTimer = ctx.later(next - now, { kind: 'eligibility', chatId: chat.id });
}

/** A tier opened, a requirement relaxed or a reservation ended: the router looks at the chat again. */
export function eligibilityChanged(ctx: EngineContext, chatId: string): void {
  const chat = ctx.chats.get(chatId);
  if (chat === undefined) return;
  chat.eligibilityTimer = null;
  ctx.router.touch(chat.task.id);
  const queue = ctx.queues.get(chat.actor.getSnapshot().context.queueId);
  if (queue !== undefined) armEligibility(ctx, chat, queue);
}

/** The chat stopped waiting (taken, abandoned, moved): its policy timers end; a taken chat's agent is its contact's last. */
export function chatStoppedWaiting(ctx: EngineContext, chat: ChatRecord, takenBy?: string): void {
  if (chat.eligibilityTimer !== null) ctx.cancelLater(chat.eligibilityTimer);
  if (chat.maxWaitTimer !== null) ctx.cancelLater(chat.maxWaitTimer);
  chat.eligibilityTimer = null;
  chat.maxWaitTimer = null;
  if (takenBy !== undefined && chat.customer.contactId !== undefined) ctx.setLastAgent(chat.customer.contactId, takenBy);
}

/** The maximum wait passed: the chat moves to the overflow queue or is abandoned (offers withdrawn either way). */
export function maxWaitReached(ctx: EngineContext, chatId: string): void {
  const chat = ctx.chats.get(chatId);
  if (chat === undefined) return;
  chat.maxWaitTimer = null;
  const { value, context } = chat.actor.getSnapshot();
  const state = chatStateOf(value);
  if ((state !== 'queued' && state !== 'offered') || chat.task.queueId === null) return;
  const overflow = ctx.queues.get(context.queueId)?.policies?.overflow;
  if (overflow === undefined) return;
  const action = maxWaitAction(overflow);
  const at = ctx.clock.now();
  if (action.kind === 'move' && ctx.queues.has(action.queueId)) ctx.sendChat(chat, { type: 'MOVE', queueId: action.queueId, reason: 'max-wait', at });
  else ctx.sendChat(chat, { type: 'GIVE_UP', reason: 'max-wait', at });
}

/** The chat moved to an overflow queue: a new place there, keeping its enqueue time (and so its rank by age). */
export function chatMoved(ctx: EngineContext, chat: ChatRecord, fromQueueId: string, reason: 'max-wait' | 'nobody-logged-in'): void {
  ctx.router.removeTask(chat.task);
  ctx.setOffered(fromQueueId, chat, false);
  chatStoppedWaiting(ctx, chat);
  const queueId = chat.actor.getSnapshot().context.queueId;
  chat.task = ctx.newTask(chat, 'chat', { queueId }, chat.task.enqueuedAt, null);
  ctx.emit({ type: 'chat.overflowed', chatId: chat.id, fromQueueId, queueId, reason });
}

/** Why an agent may not pick a waiting chat by its skills (relaxed as far as its wait has gone), if so. */
export function skillRefusal(ctx: EngineContext, agent: AgentRecord, chat: ChatRecord): Refusal | undefined {
  const required = chat.task.policy?.skills;
  if (required === undefined || chat.task.queueId === null) return undefined;
  const now = ctx.clock.now();
  const relaxed = relaxedFor(routingPolicyOf(ctx.queues.get(chat.task.queueId)?.policies), chat.task, now);
  if (meetsSkills(agent.config.skills, required, relaxed)) return undefined;
  return refuse('forbidden', `agent ${q(agent.config.id)} lacks a skill level chat ${q(chat.id)} requires (${Object.entries(required).map(([s, l]) => `${s} ${Math.max(0, l - relaxed)}`).join(', ')})`);
}

/** An agent answered an offer (accepted or rejected): the run of missed offers ends. */
export function offerAnswered(ctx: EngineContext, agentId: string): void {
  const agent = ctx.agents.get(agentId);
  if (agent !== undefined) agent.missedOffers = 0;
}

/** An agent missed an offer: whether the unpaid pause applies now (the agent's `overrides`, else the queue's `missedOffer`, `missedOfferPauseAfter`). */
export function offerMissed(ctx: EngineContext, agentId: string, queue: NormalizedQueue): boolean {
  const agent = ctx.agents.get(agentId);
  if (agent === undefined) return false;
  const { count, pause } = missedOffer(agent.missedOffers, agent.config.overrides?.missedOfferPauseAfter ?? queue.policies?.missedOfferPauseAfter ?? 1);
  agent.missedOffers = count;
  return pause && (agent.config.overrides?.missedOffer ?? queue.missedOffer) === 'unpaid-pause';
}

/** An agent left a closed chat: the queue's wrap-up holds their slot (or them) for a while. */
export function agentLeftClosedChat(ctx: EngineContext, agentId: string, chatId: string, queue: NormalizedQueue): void {
  const agent = ctx.agents.get(agentId);
  // The agent's own wrap-up time (overrides.wrapUpMs) in place of the queue's, held as the queue's policy says.
  const ms = agent?.config.overrides?.wrapUpMs;
  const wrapUp = wrapUpOf(ms === undefined ? queue.policies?.wrapUp : { ms, hold: queue.policies?.wrapUp?.hold ?? 'slot' });
  if (wrapUp === undefined || agent === undefined || agentStateOf(agent.actor.getSnapshot().value) === 'offline') return;
  startWrapUp(ctx, agent, chatId, wrapUp);
}
