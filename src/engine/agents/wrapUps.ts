import type { AgentRecord, EngineContext } from '../ports';

/*
 * Wrap-ups (queue policy `wrapUp`): after-chat work that holds a slot of the agent (or the whole agent) for a while.
 * They are part of the agent's slots, so they live with the agent registry's rules: started when an agent leaves a
 * closed chat, ended by their timer or `agent.wrapUpDone`, dropped at logout.
 */

/** Holds a slot (or the agent) for `ms` after the agent left the closed chat `chatId`. */
export function startWrapUp(ctx: EngineContext, agent: AgentRecord, chatId: string, wrapUp: { readonly ms: number; readonly whole: boolean }): void {
  const agentId = agent.config.id;
  // Left the chat before, came back and left again: one wrap-up per chat, from the last leaving.
  if (agent.wrapUps.has(chatId)) endWrapUp(ctx, agentId, chatId);
  const timerId = ctx.later(wrapUp.ms, { kind: 'wrapUp', agentId, chatId });
  agent.wrapUps.set(chatId, { timerId, until: ctx.clock.now() + wrapUp.ms, whole: wrapUp.whole });
  ctx.changeSlots(agentId, { type: 'wrapUpStarted', chatId });
}

/** A wrap-up ends (its time is up, or `agent.wrapUpDone`): the slot is free again. */
export function endWrapUp(ctx: EngineContext, agentId: string, chatId: string): void {
  const agent = ctx.agents.get(agentId);
  const wrapUp = agent?.wrapUps.get(chatId);
  if (agent === undefined || wrapUp === undefined) return;
  ctx.cancelLater(wrapUp.timerId);
  agent.wrapUps.delete(chatId);
  ctx.changeSlots(agentId, { type: 'wrapUpEnded', chatId, at: ctx.clock.now() });
}

/** Logging out ends every wrap-up (the machine drops them with the session). */
export function dropWrapUps(ctx: Pick<EngineContext, 'cancelLater'>, agent: AgentRecord): void {
  for (const wrapUp of agent.wrapUps.values()) ctx.cancelLater(wrapUp.timerId);
  agent.wrapUps.clear();
}

/** Whether a wrap-up holds the whole agent (no offers at all). */
export function wrapUpHoldsAgent(agent: AgentRecord): boolean {
  if (agent.wrapUps.size === 0) return false;
  for (const wrapUp of agent.wrapUps.values()) if (wrapUp.whole) return true;
  return false;
}
