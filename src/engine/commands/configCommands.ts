import { ChatrouteError } from '../../errors/ChatrouteError';
import type { CommandOf } from '../../model/commands';
import { checkOverflowTargets } from '../../policies/normalizePolicies';
import type { AgentConfig, QueueConfig } from '../../model/config';
import { type DispatchResult, OK, type Refusal, isRefusal, q, refuse } from '../../model/results';
import { normalizeAgent, normalizeQueue } from '../config/normalize';
import { type EngineContext, agentStateOf, chatStateOf, slotsUsed } from '../ports';
import type { Handlers } from './handlers';

/** Runs a configuration check that throws `invalid-config` (shared with `createEngine`) and turns it into a refusal. */
function validated<T>(check: () => T): T | Refusal {
  try {
    return check();
  } catch (error) {
    if (ChatrouteError.is(error)) return refuse('invalid-command', error.message);
    throw error;
  }
}

const list = (ids: Iterable<string>): string => [...ids].map(q).join(', ');

/**
 * Creates a queue or changes its settings. New settings apply from now on: to offers made, messages sent and
 * statuses chosen after the change; a new strategy re-orders the queue's eligible agents at once. Chats in the queue
 * keep their place, and a status already chosen stays valid.
 */
export function upsertQueue(ctx: EngineContext, cmd: CommandOf<'queue.upsert'>): DispatchResult {
  const raw = cmd.queue as QueueConfig;
  const queue = validated(() => normalizeQueue(raw, 'queue'));
  if (isRefusal(queue)) return queue;
  const targets = validated(() => checkOverflowTargets(new Map([...ctx.queues, [queue.id, queue]])));
  if (isRefusal(targets)) return targets;
  const created = !ctx.queues.has(queue.id);
  ctx.transact(() => {
    ctx.upsertQueue(raw, queue);
    ctx.emit({ type: 'config.changed', entity: 'queue', id: queue.id, change: created ? 'created' : 'updated' });
  });
  return OK;
}

/** Removes a queue, only when no chat is in it (waiting, offered, handled or closing) and nobody belongs to it. */
export function removeQueue(ctx: EngineContext, cmd: CommandOf<'queue.remove'>): DispatchResult {
  if (!ctx.queues.has(cmd.queueId)) return refuse('not-found', `no queue ${q(cmd.queueId)}; queues: ${list(ctx.queues.keys())}`);
  const chats: string[] = [];
  for (const chat of ctx.chats.values()) {
    const { context } = chat.actor.getSnapshot();
    const invited = context.invitation !== null && 'queueId' in context.invitation.target && context.invitation.target.queueId === cmd.queueId;
    if (context.queueId === cmd.queueId || invited || context.invitation?.policyQueueId === cmd.queueId) chats.push(chat.id);
  }
  if (chats.length > 0) {
    return refuse('invalid-state', `queue ${q(cmd.queueId)} still has chats (${list(chats.slice(0, 10))}${chats.length > 10 ? ', …' : ''}); remove it once they have ended or moved`);
  }
  const overflowing = [...ctx.queues.values()].filter((other) => other.policies?.overflow?.to === cmd.queueId).map((other) => other.id);
  if (overflowing.length > 0) {
    return refuse('invalid-state', `queues ${list(overflowing)} overflow to queue ${q(cmd.queueId)}; change their policies.overflow.to first (queue.upsert)`);
  }
  const members = [...ctx.agents.values()].filter((a) => a.config.penalties.has(cmd.queueId) || a.config.supervises.has(cmd.queueId));
  if (members.length > 0) {
    return refuse('invalid-state', `agents ${list(members.map((a) => a.config.id))} belong to or supervise queue ${q(cmd.queueId)}; change them first (agent.upsert)`);
  }
  ctx.transact(() => {
    ctx.removeQueue(cmd.queueId);
    ctx.emit({ type: 'config.changed', entity: 'queue', id: cmd.queueId, change: 'removed' });
  });
  return OK;
}

/**
 * Creates an agent (offline) or changes one. A lowered capacity below the slots in use makes the agent busy (no new
 * offers) until enough chats end; a membership removed withdraws that queue's pending offer (the chat goes back to
 * its place) but keeps the agent's chats; penalties and supervised queues apply at once.
 */
export function upsertAgent(ctx: EngineContext, cmd: CommandOf<'agent.upsert'>): DispatchResult {
  const raw = cmd.agent as AgentConfig;
  const config = validated(() => normalizeAgent(raw, 'agent', ctx.queues));
  if (isRefusal(config)) return config;
  const existing = ctx.agents.get(config.id);
  ctx.transact(() => {
    if (existing !== undefined) {
      const snapshot = existing.actor.getSnapshot();
      const at = ctx.clock.now();
      for (const chatId of existing.offers) {
        const chat = ctx.chats.get(chatId);
        if (chat === undefined) continue;
        const context = chat.actor.getSnapshot().context;
        const offer = context.offers.find((o) => o.agentId === config.id);
        const fromQueue =
          offer?.kind === 'route'
            ? context.queueId
            : offer?.kind === 'invite' && context.invitation !== null && 'queueId' in context.invitation.target
              ? context.invitation.target.queueId
              : undefined;
        if (fromQueue !== undefined && !config.penalties.has(fromQueue)) {
          ctx.sendChat(chat, { type: 'WITHDRAW', agentId: config.id, reason: 'agent-left-queue', at });
        }
      }
      ctx.drain();
      // A capacity lowered below the slots in use: the newest pending offers beyond it go back (an offer holds a slot,
      // and accepting it must never put the agent over capacity); chats and wrap-ups stay, the agent busy until below.
      for (let i = existing.offers.length - 1; i >= 0 && slotsUsed(existing) > config.capacity; i--) {
        const chat = ctx.chats.get(existing.offers[i] as string);
        if (chat !== undefined) ctx.sendChat(chat, { type: 'WITHDRAW', agentId: config.id, reason: 'capacity-lowered', at });
        ctx.drain();
      }
      if (agentStateOf(snapshot.value) !== 'offline') {
        for (const queueId of snapshot.context.leftQueues) {
          if (!config.penalties.has(queueId)) ctx.sendAgent(config.id, { type: 'JOIN_QUEUE', queueId });
        }
      }
    }
    const agent = ctx.upsertAgent(raw, config);
    ctx.markAgent(agent);
    ctx.emit({ type: 'config.changed', entity: 'agent', id: config.id, change: existing === undefined ? 'created' : 'updated' });
  });
  return OK;
}

/** Removes an agent, only when offline and when no chat or invitation waits for them personally. */
export function removeAgent(ctx: EngineContext, cmd: CommandOf<'agent.remove'>): DispatchResult {
  const agent = ctx.agents.get(cmd.agentId);
  if (agent === undefined) return refuse('not-found', `no agent ${q(cmd.agentId)}`);
  if (agentStateOf(agent.actor.getSnapshot().value) !== 'offline') {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} is logged in; they must log out (agent.logout) before removal`);
  }
  const waiting = [...ctx.router.waitingFor(cmd.agentId)].map((task) => task.chatId);
  for (const chat of ctx.chats.values()) {
    const { value, context } = chat.actor.getSnapshot();
    if (context.reservedFor === cmd.agentId && chatStateOf(value) !== 'active' && !waiting.includes(chat.id)) waiting.push(chat.id);
  }
  if (waiting.length > 0) {
    return refuse('invalid-state', `chats ${list(waiting)} wait for agent ${q(cmd.agentId)}; transfer or close them first`);
  }
  ctx.transact(() => {
    ctx.removeAgent(cmd.agentId);
    ctx.emit({ type: 'config.changed', entity: 'agent', id: cmd.agentId, change: 'removed' });
  });
  return OK;
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const configHandlers = {
  'queue.upsert': upsertQueue,
  'queue.remove': removeQueue,
  'agent.upsert': upsertAgent,
  'agent.remove': removeAgent,
} satisfies Partial<Handlers>;
