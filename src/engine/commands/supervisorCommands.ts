import type { CommandOf, TransferTarget } from '../../model/commands';
import { releaseChats } from '../presence/presence';
import type { EngineEventOf } from '../../model/events';
import { withdrawOffers } from '../agents/withdrawOffers';
import { capacityRefusal } from './offerCommands';
import { type DispatchResult, OK, type Refusal, isRefusal, q, refuse } from '../../model/results';
import { type AgentRecord, type ChatRecord, type EngineContext, agentStateOf, chatStateOf, slotsFull } from '../ports';
import { findAgent, findLiveChat } from '../views/lookup';
import { holdsOffer, isParticipant } from '../../machines/chat/rules';
import type { Handlers } from './handlers';

/*
 * Supervisor control. The engine authorises every command: the acting supervisor must supervise a queue the agent
 * belongs to, or the chat's queue (`forbidden` otherwise). Every accepted command emits `supervisor.acted` naming the
 * supervisor, before the events of what it caused. All refusals come before the transaction.
 */

type Acted = Omit<EngineEventOf<'supervisor.acted'>, 'type' | 'seq' | 'at'>;

const acted = (ctx: EngineContext, event: Acted) => ctx.emit({ type: 'supervisor.acted', ...event });

/** The supervisor and the agent they act on, if the supervisor supervises one of the agent's queues. */
function authoriseAgent(ctx: EngineContext, supervisorId: string, agentId: string): { supervisor: AgentRecord; agent: AgentRecord } | Refusal {
  const supervisor = findAgent(ctx, supervisorId);
  if (isRefusal(supervisor)) return supervisor;
  const agent = findAgent(ctx, agentId);
  if (isRefusal(agent)) return agent;
  if (![...agent.memberQueues].some((queueId) => supervisor.config.supervises.has(queueId))) {
    return refuse('forbidden', `agent ${q(supervisorId)} supervises none of agent ${q(agentId)}'s queues (${[...agent.memberQueues].map(q).join(', ') || 'none'})`);
  }
  return { supervisor, agent };
}

/** The supervisor and the chat, if the supervisor supervises the chat's queue. */
function authoriseChat(ctx: EngineContext, supervisorId: string, chatId: string): { supervisor: AgentRecord; chat: ChatRecord } | Refusal {
  const supervisor = findAgent(ctx, supervisorId);
  if (isRefusal(supervisor)) return supervisor;
  const chat = findLiveChat(ctx, chatId);
  if (isRefusal(chat)) return chat;
  const queueId = chat.actor.getSnapshot().context.queueId;
  if (!supervisor.config.supervises.has(queueId)) return refuse('forbidden', `agent ${q(supervisorId)} does not supervise queue ${q(queueId)} of chat ${q(chatId)}`);
  return { supervisor, chat };
}

const isOnline = (agent: AgentRecord) => agentStateOf(agent.actor.getSnapshot().value) !== 'offline';

export function pauseAgent(ctx: EngineContext, cmd: CommandOf<'supervisor.pauseAgent'>): DispatchResult {
  const found = authoriseAgent(ctx, cmd.supervisorId, cmd.agentId);
  if (isRefusal(found)) return found;
  if (!isOnline(found.agent)) return refuse('invalid-state', `agent ${q(cmd.agentId)} is offline; only a logged-in agent can be paused`);
  const reason = cmd.reason ?? 'supervisor';
  const paid = cmd.paid ?? true;
  ctx.transact(() => {
    acted(ctx, { supervisorId: cmd.supervisorId, action: cmd.type, agentId: cmd.agentId });
    const current = found.agent.actor.getSnapshot().context.pause;
    if (current !== null && current.reason === reason && current.paid === paid) return;
    withdrawOffers(ctx, found.agent, 'agent-paused');
    ctx.sendAgent(cmd.agentId, { type: 'PAUSE', reason, paid, at: ctx.clock.now() });
  });
  return OK;
}

export function resumeAgent(ctx: EngineContext, cmd: CommandOf<'supervisor.resumeAgent'>): DispatchResult {
  const found = authoriseAgent(ctx, cmd.supervisorId, cmd.agentId);
  if (isRefusal(found)) return found;
  if (agentStateOf(found.agent.actor.getSnapshot().value) !== 'paused') return refuse('invalid-state', `agent ${q(cmd.agentId)} is not paused`);
  ctx.transact(() => {
    acted(ctx, { supervisorId: cmd.supervisorId, action: cmd.type, agentId: cmd.agentId });
    ctx.sendAgent(cmd.agentId, { type: 'RESUME', at: ctx.clock.now(), full: slotsFull(found.agent) });
  });
  return OK;
}

/**
 * Logs an agent out whatever they hold: a chat they hold alone goes back to its queue (keeping its enqueue time), or
 * is closed when the customer already left; a shared chat is left to the others; a pending offer is withdrawn.
 */
export function logoutAgent(ctx: EngineContext, cmd: CommandOf<'supervisor.logoutAgent'>): DispatchResult {
  const found = authoriseAgent(ctx, cmd.supervisorId, cmd.agentId);
  if (isRefusal(found)) return found;
  if (!isOnline(found.agent)) return refuse('invalid-state', `agent ${q(cmd.agentId)} is already offline`);
  ctx.transact(() => {
    acted(ctx, { supervisorId: cmd.supervisorId, action: cmd.type, agentId: cmd.agentId });
    releaseChats(ctx, found.agent, { active: 'requeue', closing: 'close' });
    withdrawOffers(ctx, found.agent, 'agent-logged-out');
    ctx.sendAgent(cmd.agentId, { type: 'LOGOUT', at: ctx.clock.now() });
  });
  return OK;
}

/** Moves an active chat away from whoever holds it (all participants leave) to an agent or a queue. */
function moveChat(ctx: EngineContext, cmd: CommandOf<'supervisor.transferChat' | 'supervisor.requeueChat'>, target: TransferTarget | undefined): DispatchResult {
  const found = authoriseChat(ctx, cmd.supervisorId, cmd.chatId);
  if (isRefusal(found)) return found;
  const { value, context } = found.chat.actor.getSnapshot();
  const state = chatStateOf(value);
  if (state !== 'active') {
    return refuse('invalid-state', `chat ${q(cmd.chatId)} is ${state}; only an active chat is transferred or requeued (a waiting one already waits)`);
  }
  const to = target ?? { queueId: context.queueId };
  if ('queueId' in to && !ctx.queues.has(to.queueId)) return refuse('not-found', `no queue ${q(to.queueId)} to transfer to`);
  if ('agentId' in to) {
    const agent = findAgent(ctx, to.agentId);
    if (isRefusal(agent)) return agent;
    if (isParticipant(context, to.agentId)) return refuse('invalid-state', `agent ${q(to.agentId)} already participates in chat ${q(cmd.chatId)}`);
  }
  const owner = context.owner as string;
  const queueId = 'queueId' in to ? to.queueId : context.queueId;
  ctx.transact(() => {
    acted(ctx, { supervisorId: cmd.supervisorId, action: cmd.type, chatId: cmd.chatId, target: Object.freeze({ ...to }) });
    const at = ctx.clock.now();
    // The others leave first, so the owner holds it alone and hands it over like a transfer (enqueue time kept).
    for (const p of context.participants) if (p.agentId !== owner) ctx.sendChat(found.chat, { type: 'CLOSE', agentId: p.agentId, at });
    const comment = cmd.type === 'supervisor.transferChat' ? cmd.comment : undefined;
    ctx.sendChat(found.chat, { type: 'TRANSFER', agentId: owner, target: Object.freeze({ ...to }), queueId, at, ...(comment !== undefined ? { comment } : {}) });
  });
  return OK;
}

export const transferChat = (ctx: EngineContext, cmd: CommandOf<'supervisor.transferChat'>): DispatchResult => moveChat(ctx, cmd, cmd.target);

export const requeueChat = (ctx: EngineContext, cmd: CommandOf<'supervisor.requeueChat'>): DispatchResult => moveChat(ctx, cmd, undefined);

/** Changes a waiting chat's priority: it moves to its new place (enqueue time and creation order kept). */
export function setPriority(ctx: EngineContext, cmd: CommandOf<'chat.setPriority'>): DispatchResult {
  const found = authoriseChat(ctx, cmd.supervisorId, cmd.chatId);
  if (isRefusal(found)) return found;
  const { chat } = found;
  const { value, context } = chat.actor.getSnapshot();
  if (value !== 'queued' && value !== 'offered') return refuse('invalid-state', `chat ${q(cmd.chatId)} is ${chatStateOf(value)}; only a waiting chat's priority can change`);
  ctx.transact(() => {
    acted(ctx, { supervisorId: cmd.supervisorId, action: cmd.type, chatId: cmd.chatId, priority: cmd.priority });
    if (chat.task.priority === cmd.priority) return;
    const next = { ...chat.task, priority: cmd.priority };
    // A queued chat's task is in the router's lists (re-sorted by removing and adding it); an offered one's is not.
    if (value === 'queued') ctx.router.removeTask(chat.task);
    chat.task = next;
    if (value === 'queued') ctx.router.addTask(next);
    ctx.touchChat(chat);
  });
  return OK;
}

/**
 * Joins a chat: `monitor` (silently: no slot, no line for the customer, the chat shows on the supervisor's desk) or
 * `barge` (openly: a participant with a slot, announced to the customer like any join).
 */
export function joinChat(ctx: EngineContext, cmd: CommandOf<'supervisor.joinChat'>): DispatchResult {
  const found = authoriseChat(ctx, cmd.supervisorId, cmd.chatId);
  if (isRefusal(found)) return found;
  const { chat, supervisor } = found;
  const { value, context } = chat.actor.getSnapshot();
  const state = chatStateOf(value);
  const me = cmd.supervisorId;
  if (isParticipant(context, me)) return refuse('invalid-state', `agent ${q(me)} already participates in chat ${q(cmd.chatId)}`);
  if (cmd.mode === 'monitor') {
    if (state !== 'active' && state !== 'closing') return refuse('invalid-state', `chat ${q(cmd.chatId)} is ${state}; only an open chat can be monitored`);
    if (chat.monitors.includes(me)) return refuse('invalid-state', `agent ${q(me)} already monitors chat ${q(cmd.chatId)}`);
    ctx.transact(() => {
      acted(ctx, { supervisorId: me, action: cmd.type, chatId: cmd.chatId, mode: 'monitor' });
      chat.monitors = Object.freeze([...chat.monitors, me]);
      ctx.touchAgent(me);
    });
    return OK;
  }
  if (state !== 'active') return refuse('invalid-state', `chat ${q(cmd.chatId)} is ${state}; only an active chat can be joined`);
  if (!isOnline(supervisor)) return refuse('invalid-state', `agent ${q(me)} is offline; log in first (agent.login)`);
  if (holdsOffer(context, me) || chat.inviteTask?.targetAgentId === me) {
    return refuse('invalid-state', `chat ${q(cmd.chatId)} invites agent ${q(me)}; accept or pick the invitation instead`);
  }
  const full = capacityRefusal(supervisor);
  if (full !== undefined) return full;
  ctx.transact(() => {
    acted(ctx, { supervisorId: me, action: cmd.type, chatId: cmd.chatId, mode: 'barge' });
    chat.monitors = Object.freeze(chat.monitors.filter((id) => id !== me));
    // A pending invitation is never offered to a participant.
    if (chat.inviteTask !== null) {
      (chat.inviteTask.exclude as Set<string> | null)?.add(me);
      ctx.router.touch(chat.inviteTask.id);
    }
    ctx.sendChat(chat, { type: 'JOIN', agentId: me, at: ctx.clock.now() });
  });
  return OK;
}

/** Stops monitoring a chat (a supervisor who barged leaves like any participant, with `chat.close`). */
export function leaveChat(ctx: EngineContext, cmd: CommandOf<'supervisor.leaveChat'>): DispatchResult {
  const found = authoriseChat(ctx, cmd.supervisorId, cmd.chatId);
  if (isRefusal(found)) return found;
  if (!found.chat.monitors.includes(cmd.supervisorId)) {
    return refuse('invalid-state', `agent ${q(cmd.supervisorId)} does not monitor chat ${q(cmd.chatId)}; a participant leaves with chat.close`);
  }
  ctx.transact(() => {
    acted(ctx, { supervisorId: cmd.supervisorId, action: cmd.type, chatId: cmd.chatId });
    found.chat.monitors = Object.freeze(found.chat.monitors.filter((id) => id !== cmd.supervisorId));
    ctx.touchAgent(cmd.supervisorId);
  });
  return OK;
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const supervisorHandlers = {
  'supervisor.pauseAgent': pauseAgent,
  'supervisor.resumeAgent': resumeAgent,
  'supervisor.logoutAgent': logoutAgent,
  'supervisor.transferChat': transferChat,
  'supervisor.requeueChat': requeueChat,
  'chat.setPriority': setPriority,
  'supervisor.joinChat': joinChat,
  'supervisor.leaveChat': leaveChat,
} satisfies Partial<Handlers>;
