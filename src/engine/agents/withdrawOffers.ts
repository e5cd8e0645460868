import type { WithdrawReason } from '../../model/reasons';
import type { AgentRecord, EngineContext } from '../ports';

/** Withdraws the agent's pending offers (all, or those of one queue), so the chats go back to their place. */
export function withdrawOffers(ctx: EngineContext, agent: AgentRecord, reason: WithdrawReason, queueId?: string): void {
  const at = ctx.clock.now();
  for (const chatId of agent.offers) {
    const chat = ctx.chats.get(chatId);
    if (chat === undefined || (queueId !== undefined && chat.actor.getSnapshot().context.queueId !== queueId)) continue;
    ctx.sendChat(chat, { type: 'WITHDRAW', agentId: agent.config.id, reason, at });
  }
  ctx.drain();
}

/** Forgets an agent's presence (reconnected, or logged out): its timers are cancelled. */
export function clearAgentPresence(ctx: Pick<EngineContext, 'cancelLater'>, agent: AgentRecord): void {
  const presence = agent.presence;
  if (presence === null) return;
  if (presence.pauseTimer !== undefined) ctx.cancelLater(presence.pauseTimer);
  if (presence.chatsTimer !== undefined) ctx.cancelLater(presence.chatsTimer);
  agent.presence = null;
}
