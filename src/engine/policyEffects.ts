import { admitChat, nextEligibilityChange, relaxedFor, taskPolicyOf, type Admission } from '../policies/compose';
import { meetsSkills } from '../policies/skills';
import { localTime } from '../policies/businessHours';
import { maxWaitAction } from '../policies/overflow';
import { missedOffer } from '../policies/missedOffers';
import { reserveMsOf, routingPolicyOf } from '../policies/normalizePolicies';
import { wrapUpOf } from '../policies/wrapUp';
import type { TaskPolicy } from '../model/policies';
import type { CommandOf } from '../model/commands';
import type { NormalizedQueue } from './config';
import type { EngineCore } from './EngineCore';
import { OK, q, refuse } from './errors';
import type { Refusal } from './handlers/lookup';
import { agentStateOf, chatStateOf, type AgentRuntime, type ChatRuntime } from './runtime';
import type { DispatchResult } from '../model/results';
import type { OverflowReason, QueuedReason } from '../model/reasons';

/**
 * Where the routing policies (`src/policies/`) meet the engine: admission of new chats, the timers that make
 * time-dependent eligibility, maximum waits and wrap-ups happen on the engine clock, the missed-offer count and the
 * contacts' last agents. Every effect runs inside a transaction; every timer is an engine timer (journaled, in
 * snapshots). A queue without policies costs one `undefined` check per hook.
 */

/** Where a new chat starts, with what it carries for the policies, or why it is refused (checked before any id is drawn). */
export function admitStart(core: EngineCore, cmd: CommandOf<'chat.start'>, queue: NormalizedQueue): Refusal | { queue: NormalizedQueue; policy: TaskPolicy | undefined; overflowed: { from: string; reason: OverflowReason } | undefined } {
  const now = core.clock.now();
  let target = queue;
  let overflowed: { from: string; reason: OverflowReason } | undefined;
  if (queue.policies !== undefined) {
    const admission = admitChat(admissionView(core), queue.id, now);
    if (!admission.ok) return refusal(core, admission);
    target = core.queues.get(admission.queueId) as NormalizedQueue;
    const first = admission.overflowedFrom[0];
    if (first !== undefined) overflowed = { from: queue.id, reason: first.reason };
  }
  let preferred = cmd.preferredAgentId;
  if (preferred !== undefined && !core.agents.has(preferred)) return refuse('not-found', `no agent ${q(preferred)} to prefer; agents are configured in createEngine({ agents })`);
  if (preferred === undefined && target.policies?.affinity?.lastAgent === true && cmd.customer.contactId !== undefined) preferred = core.lastAgents.get(cmd.customer.contactId);
  // A reservation only for a member of the queue: anyone else could never take the chat from it.
  const reserve = preferred !== undefined && core.agents.get(preferred)?.config.penalties.has(target.id) === true ? { agentId: preferred, reserveMs: reserveMsOf(target.policies) } : undefined;
  return { queue: target, policy: taskPolicyOf(target.policies, now, cmd.skills, reserve), overflowed };
}

function refusal(core: EngineCore, admission: Extract<Admission, { ok: false }>): Refusal {
  const zone = core.queues.get(admission.queueId)?.policies?.businessHours?.timeZone ?? 'UTC';
  const opens = admission.opensAt === undefined ? undefined : localTime(admission.opensAt, zone);
  const when = opens === undefined ? '' : `; it opens ${opens.weekday} ${opens.date} ${String(Math.floor(opens.minute / 60)).padStart(2, '0')}:${String(opens.minute % 60).padStart(2, '0')} ${zone} (opensAt)`;
  const error =
    admission.code === 'queue-closed'
      ? { code: admission.code, message: `queue ${q(admission.queueId)} is closed now${when}`, ...(admission.opensAt !== undefined ? { opensAt: admission.opensAt } : {}) }
      : { code: admission.code, message: `queue ${q(admission.queueId)} is full (policies.overflow.maxQueueLength); try again later` };
  return Object.freeze({ ok: false as const, error: Object.freeze(error) });
}

function admissionView(core: EngineCore) {
  return {
    policiesOf: (queueId: string) => core.queues.get(queueId)?.policies,
    waiting: (queueId: string) => core.router.waitingCount(queueId) + (core.offeredByQueue.get(queueId)?.size ?? 0),
    anyoneLoggedIn: (queueId: string) => anyoneLoggedIn(core, queueId),
  };
}

/** The overflow queue to move to when `whenNobodyLoggedIn` applies now (nobody here, someone there), else undefined. */
function emptyWithOverflow(core: EngineCore, queueId: string): string | undefined {
  const overflow = core.queues.get(queueId)?.policies?.overflow;
  if (overflow?.whenNobodyLoggedIn !== true || overflow.to === undefined || !core.queues.has(overflow.to)) return undefined;
  return anyoneLoggedIn(core, queueId) || !anyoneLoggedIn(core, overflow.to) ? undefined : overflow.to;
}

/**
 * After an agent's state settles: a queue with `overflow.whenNobodyLoggedIn` that has nobody logged in sends its
 * waiting chats on to its overflow queue, once someone is logged in there (so two empty queues never pass chats back
 * and forth).
 */
export function releaseEmptyQueues(core: EngineCore): void {
  for (const queueId of core.overflowWhenEmpty) {
    const to = emptyWithOverflow(core, queueId);
    if (to === undefined) continue;
    const at = core.clock.now();
    for (const task of [...core.router.waiting(queueId)]) {
      const chat = core.chats.get(task.chatId);
      if (task.kind === 'chat' && chat !== undefined) core.sendChat(chat, { type: 'MOVE', queueId: to, reason: 'nobody-logged-in', at });
    }
  }
}

function anyoneLoggedIn(core: EngineCore, queueId: string): boolean {
  for (const agentId of core.membersByQueue.get(queueId) ?? []) {
    const agent = core.agents.get(agentId) as AgentRuntime;
    if (agent.reportedState !== 'offline' && !agent.actor.getSnapshot().context.leftQueues.includes(queueId)) return true;
  }
  return false;
}

/** A chat (re)entered the router's waiting list: arm the timers its queue's policies need. */
export function chatQueued(core: EngineCore, chat: ChatRuntime, queue: NormalizedQueue, reason: QueuedReason): void {
  if (queue.policies === undefined && chat.task.policy === undefined) return;
  if (chat.eligibilityTimer === undefined) armEligibility(core, chat, queue);
  const entered = reason === 'started' || reason === 'overflowed' || (reason === 'transferred' && chat.task.queueId !== null);
  // Transferred or requeued into a queue nobody is logged into: on to its overflow queue if someone is there.
  if (entered && chat.task.queueId !== null && emptyWithOverflow(core, queue.id) !== undefined) {
    core.sendChat(chat, { type: 'MOVE', queueId: emptyWithOverflow(core, queue.id) as string, reason: 'nobody-logged-in', at: core.clock.now() });
    return;
  }
  const maxWaitMs = queue.policies?.overflow?.maxWaitMs;
  if (entered && maxWaitMs !== undefined && chat.task.queueId !== null) {
    if (chat.maxWaitTimer !== undefined) core.cancelLater(chat.maxWaitTimer);
    chat.maxWaitTimer = core.later(chat.waitStartedAt + maxWaitMs - core.clock.now(), { kind: 'maxWait', chatId: chat.id });
  }
}

function armEligibility(core: EngineCore, chat: ChatRuntime, queue: NormalizedQueue): void {
  const now = core.clock.now();
  const next = nextEligibilityChange(routingPolicyOf(queue.policies), chat.task, now);
  if (next !== undefined) chat.eligibilityTimer = core.later(next - now, { kind: 'eligibility', chatId: chat.id });
}

/** A tier opened, a requirement relaxed or a reservation ended: the router looks at the chat again. */
export function eligibilityChanged(core: EngineCore, chatId: string): void {
  const chat = core.chats.get(chatId);
  if (chat === undefined) return;
  chat.eligibilityTimer = undefined;
  core.router.touch(chat.task.id);
  const queue = core.queues.get(chat.actor.getSnapshot().context.queueId);
  if (queue !== undefined) armEligibility(core, chat, queue);
}

/** The chat stopped waiting (taken, abandoned, moved): its policy timers end; a taken chat's agent is its contact's last. */
export function chatStoppedWaiting(core: EngineCore, chat: ChatRuntime, takenBy?: string): void {
  if (chat.eligibilityTimer !== undefined) core.cancelLater(chat.eligibilityTimer);
  if (chat.maxWaitTimer !== undefined) core.cancelLater(chat.maxWaitTimer);
  chat.eligibilityTimer = undefined;
  chat.maxWaitTimer = undefined;
  if (takenBy !== undefined && chat.customer.contactId !== undefined) core.lastAgents.set(chat.customer.contactId, takenBy);
}

/** The maximum wait passed: the chat moves to the overflow queue or is abandoned (offers withdrawn either way). */
export function maxWaitReached(core: EngineCore, chatId: string): void {
  const chat = core.chats.get(chatId);
  if (chat === undefined) return;
  chat.maxWaitTimer = undefined;
  const { value, context } = chat.actor.getSnapshot();
  const state = chatStateOf(value);
  if ((state !== 'queued' && state !== 'offered') || chat.task.queueId === null) return;
  const overflow = core.queues.get(context.queueId)?.policies?.overflow;
  if (overflow === undefined) return;
  const action = maxWaitAction(overflow);
  const at = core.clock.now();
  if (action.kind === 'move' && core.queues.has(action.queueId)) core.sendChat(chat, { type: 'MOVE', queueId: action.queueId, reason: 'max-wait', at });
  else core.sendChat(chat, { type: 'GIVE_UP', reason: 'max-wait', at });
}

/** The chat moved to an overflow queue: a new place there, keeping its enqueue time (and so its rank by age). */
export function chatMoved(core: EngineCore, chat: ChatRuntime, fromQueueId: string, reason: 'max-wait' | 'nobody-logged-in'): void {
  core.router.removeTask(chat.task);
  core.offeredByQueue.get(fromQueueId)?.delete(chat);
  core.desk.touchQueue(fromQueueId);
  chatStoppedWaiting(core, chat);
  const queueId = chat.actor.getSnapshot().context.queueId;
  chat.task = core.newTask(chat, 'chat', { queueId }, chat.task.enqueuedAt, null);
  core.emit({ type: 'chat.overflowed', chatId: chat.id, fromQueueId, queueId, reason });
}

/** Why an agent may not pick a waiting chat by its skills (relaxed as far as its wait has gone), if so. */
export function skillRefusal(core: EngineCore, agent: AgentRuntime, chat: ChatRuntime): Refusal | undefined {
  const required = chat.task.policy?.skills;
  if (required === undefined || chat.task.queueId === null) return undefined;
  const now = core.clock.now();
  const relaxed = relaxedFor(routingPolicyOf(core.queues.get(chat.task.queueId)?.policies), chat.task, now);
  if (meetsSkills(agent.config.skills, required, relaxed)) return undefined;
  return refuse('forbidden', `agent ${q(agent.config.id)} lacks a skill level chat ${q(chat.id)} requires (${Object.entries(required).map(([s, l]) => `${s} ${Math.max(0, l - relaxed)}`).join(', ')})`);
}

/** An agent answered an offer (accepted or rejected): the run of missed offers ends. */
export function offerAnswered(core: EngineCore, agentId: string): void {
  const agent = core.agents.get(agentId);
  if (agent !== undefined) agent.missedOffers = 0;
}

/** An agent missed an offer: whether the queue's missed-offer pause applies now (`missedOfferPauseAfter`). */
export function offerMissed(core: EngineCore, agentId: string, queue: NormalizedQueue): boolean {
  const agent = core.agents.get(agentId);
  if (agent === undefined) return false;
  const { count, pause } = missedOffer(agent.missedOffers, queue.policies?.missedOfferPauseAfter ?? 1);
  agent.missedOffers = count;
  return pause;
}

/** An agent left a closed chat: the queue's wrap-up holds their slot (or them) for a while. */
export function agentLeftClosedChat(core: EngineCore, agentId: string, chatId: string, queue: NormalizedQueue): void {
  const wrapUp = wrapUpOf(queue.policies?.wrapUp);
  const agent = core.agents.get(agentId);
  if (wrapUp === undefined || agent === undefined || agentStateOf(agent.actor.getSnapshot().value) === 'offline') return;
  // Left the chat before, came back and left again: one wrap-up per chat, from the last leaving.
  if (agent.wrapUps.has(chatId)) endWrapUp(core, agentId, chatId);
  const timerId = core.later(wrapUp.ms, { kind: 'wrapUp', agentId, chatId });
  agent.wrapUps.set(chatId, { timerId, until: core.clock.now() + wrapUp.ms, whole: wrapUp.whole });
  core.changeSlots(agentId, { type: 'wrapUpStarted', chatId });
}

/** A wrap-up ends (its time is up, or `agent.wrapUpDone`): the slot is free again. */
export function endWrapUp(core: EngineCore, agentId: string, chatId: string): void {
  const agent = core.agents.get(agentId);
  const wrapUp = agent?.wrapUps.get(chatId);
  if (agent === undefined || wrapUp === undefined) return;
  core.cancelLater(wrapUp.timerId);
  agent.wrapUps.delete(chatId);
  core.changeSlots(agentId, { type: 'wrapUpEnded', chatId, at: core.clock.now() });
}

/** Logging out ends every wrap-up (the machine drops them with the session). */
export function dropWrapUps(core: EngineCore, agent: AgentRuntime): void {
  for (const wrapUp of agent.wrapUps.values()) core.cancelLater(wrapUp.timerId);
  agent.wrapUps.clear();
}

/** Whether a wrap-up holds the whole agent (no offers at all). */
export function wrapUpHoldsAgent(agent: AgentRuntime): boolean {
  if (agent.wrapUps.size === 0) return false;
  for (const wrapUp of agent.wrapUps.values()) if (wrapUp.whole) return true;
  return false;
}

/** `agent.wrapUpDone`: ends one wrap-up (`chatId`) or all of them. */
export function wrapUpDone(core: EngineCore, cmd: CommandOf<'agent.wrapUpDone'>): DispatchResult {
  const agent = core.agents.get(cmd.agentId);
  if (agent === undefined) return refuse('not-found', `no agent ${q(cmd.agentId)}`);
  const chatIds = cmd.chatId !== undefined ? [cmd.chatId] : [...agent.wrapUps.keys()];
  if (chatIds.length === 0 || !chatIds.every((id) => agent.wrapUps.has(id))) {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} has no wrap-up${cmd.chatId !== undefined ? ` for chat ${q(cmd.chatId)}` : ''}; wrap-ups: ${[...agent.wrapUps.keys()].map(q).join(', ') || 'none'}`);
  }
  core.transact(() => {
    for (const chatId of chatIds) endWrapUp(core, cmd.agentId, chatId);
  });
  return OK;
}
