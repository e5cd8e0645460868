import type { HistoryPage } from '../../history/types';
import { isRefusal, q, refuse, type QueryResult } from '../../model/results';
import type { QueueStats } from '../../model/stats';
import type { EngineState, NormalizedQueue } from '../ports';
import { findAgent, findLiveChat } from './lookup';
import { queueStats } from './queueStats';
import { fillPlaceholders, placeholderValues, renderExternalUrl } from './templates';
import { holdsOffer, isParticipant } from '../../machines/chat/rules';


export function renderTemplate(ctx: EngineState, chatId: string, templateId: string, agentId: string): QueryResult<{ text: string }> {
  const agent = findAgent(ctx, agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(ctx, chatId);
  if (isRefusal(chat)) return chat;
  const context = chat.actor.getSnapshot().context;
  if (!isParticipant(context, agentId)) return refuse('forbidden', `agent ${q(agentId)} is not a participant of chat ${q(chatId)}`);
  const queue = ctx.queues.get(context.queueId) as NormalizedQueue;
  const template = queue.templates.find((t) => t.id === templateId);
  if (template === undefined) {
    return refuse('not-found', `queue ${q(queue.id)} has no template ${q(templateId)}; templates: ${queue.templates.map((t) => q(t.id)).join(', ') || 'none'}`);
  }
  const text = fillPlaceholders(template.text, placeholderValues(chat, agent, queue));
  return Object.freeze({ ok: true as const, text });
}

export function externalUrl(ctx: EngineState, chatId: string, agentId: string): QueryResult<{ url: string }> {
  const agent = findAgent(ctx, agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(ctx, chatId);
  if (isRefusal(chat)) return chat;
  const context = chat.actor.getSnapshot().context;
  // The notification shows the button too, so an agent holding an offer may open it before accepting.
  const involved = isParticipant(context, agentId) || holdsOffer(context, agentId);
  if (!involved) return refuse('forbidden', `agent ${q(agentId)} neither participates in nor holds an offer of chat ${q(chatId)}`);
  const queue = ctx.queues.get(context.queueId) as NormalizedQueue;
  const url = renderExternalUrl(chat, queue, agent);
  if (url === undefined) return refuse('not-found', `queue ${q(queue.id)} has no externalUrl configured`);
  return Object.freeze({ ok: true as const, url });
}

export function history(ctx: EngineState, contactId: string, options: { before?: string; limit?: number } = {}): HistoryPage {
  const limit = Math.max(0, Math.min(500, Math.floor(options.limit ?? 50)));
  const page = ctx.history.page(contactId, { ...(options.before !== undefined ? { before: options.before } : {}), limit });
  return Object.freeze({ ...page, messages: Object.freeze([...page.messages]) });
}

/** Figures per queue, over the lifetime or a sliding window: see `queueStats`. */
export const stats = (ctx: EngineState, windowMs?: number): readonly QueueStats[] => queueStats(ctx, windowMs);
