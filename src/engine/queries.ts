import type { HistoryPage } from '../history/types';
import type { NormalizedQueue } from './config';
import { renderExternalUrl } from './desk/buildDesk';
import type { EngineCore } from './EngineCore';
import { q, refuse } from './errors';
import { fillPlaceholders, placeholderValues } from './templates';
import type { QueryResult } from '../model/results';
import type { QueueStats } from '../model/stats';
import { findAgent, findLiveChat, isRefusal } from './handlers/lookup';
import { queueStats } from './queueStats';


export function renderTemplate(core: EngineCore, chatId: string, templateId: string, agentId: string): QueryResult<{ text: string }> {
  const agent = findAgent(core, agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(core, chatId);
  if (isRefusal(chat)) return chat;
  const context = chat.actor.getSnapshot().context;
  if (!context.participants.some((p) => p.agentId === agentId)) return refuse('forbidden', `agent ${q(agentId)} is not a participant of chat ${q(chatId)}`);
  const queue = core.queues.get(context.queueId) as NormalizedQueue;
  const template = queue.templates.find((t) => t.id === templateId);
  if (template === undefined) {
    return refuse('not-found', `queue ${q(queue.id)} has no template ${q(templateId)}; templates: ${queue.templates.map((t) => q(t.id)).join(', ') || 'none'}`);
  }
  const text = fillPlaceholders(template.text, placeholderValues(chat, agent, queue));
  return Object.freeze({ ok: true as const, text });
}

export function externalUrl(core: EngineCore, chatId: string, agentId: string): QueryResult<{ url: string }> {
  const agent = findAgent(core, agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(core, chatId);
  if (isRefusal(chat)) return chat;
  const context = chat.actor.getSnapshot().context;
  // The notification shows the button too, so an agent holding an offer may open it before accepting.
  const involved = context.participants.some((p) => p.agentId === agentId) || context.offers.some((o) => o.agentId === agentId);
  if (!involved) return refuse('forbidden', `agent ${q(agentId)} neither participates in nor holds an offer of chat ${q(chatId)}`);
  const queue = core.queues.get(context.queueId) as NormalizedQueue;
  const url = renderExternalUrl(core, chat, queue, agent);
  if (url === undefined) return refuse('not-found', `queue ${q(queue.id)} has no externalUrl configured`);
  return Object.freeze({ ok: true as const, url });
}

export function history(core: EngineCore, contactId: string, options: { before?: string; limit?: number } = {}): HistoryPage {
  const limit = Math.max(0, Math.min(500, Math.floor(options.limit ?? 50)));
  const page = core.history.page(contactId, { ...(options.before !== undefined ? { before: options.before } : {}), limit });
  return Object.freeze({ ...page, messages: Object.freeze([...page.messages]) });
}

/** Figures per queue, over the lifetime or a sliding window: see `queueStats`. */
export const stats = (core: EngineCore, windowMs?: number): readonly QueueStats[] => queueStats(core, windowMs);
