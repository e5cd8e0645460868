import type { CommandOf } from '../../model/commands';
import type { Message } from '../../model/chat';
import { type DispatchResult, OK, isRefusal, q, refuse } from '../../model/results';
import { type EngineContext, type NormalizedQueue, chatStateOf, markRead } from '../ports';
import { findAgent, findLiveChat, findOwnChat } from '../views/lookup';
import { isParticipant } from '../../machines/chat/rules';
import type { Handlers } from './handlers';

/*
 * Agent-only context: internal notes and whispers (lines the customer never sees) and chat tags (which land in the
 * contact record). Neither answers the customer: reminders and the inactivity clock are not touched.
 */

/**
 * `chat.note`: an agent-only line, kept in the transcript and the history store with `audience: 'agents'` and
 * announced as `note.added` (never `message.sent`), so the customer never sees it. A participant writes an internal
 * note; a supervisor monitoring the chat (`supervisor.joinChat` `monitor`) writes a whisper to the agents.
 *
 * @example
 * ```ts
 * engine.dispatch({ type: 'chat.note', agentId: 'alice', chatId, text: 'Customer asked for a refund last week too' });
 * engine.messages(chatId); // the customer's transcript: without the note
 * engine.messages(chatId, { audience: 'agents' }); // the agents' transcript: with it
 * ```
 */
export function note(ctx: EngineContext, cmd: CommandOf<'chat.note'>): DispatchResult {
  const agent = findAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(ctx, cmd.chatId);
  if (isRefusal(chat)) return chat;
  const { value, context } = chat.actor.getSnapshot();
  const participant = isParticipant(context, cmd.agentId);
  if (!participant && !chat.monitors.includes(cmd.agentId)) {
    return refuse('forbidden', `agent ${q(cmd.agentId)} neither participates in nor monitors chat ${q(cmd.chatId)}; only they may write notes in it`);
  }
  const state = chatStateOf(value);
  if (state !== 'active' && state !== 'closing') return refuse('invalid-state', `chat ${q(cmd.chatId)} is ${state}; notes are written in active chats`);
  const queue = ctx.queues.get(context.queueId) as NormalizedQueue;
  if (cmd.text.length > queue.maxTextLength) {
    return refuse('invalid-command', `text has ${cmd.text.length} characters; queue ${q(queue.id)} allows at most ${queue.maxTextLength}`);
  }
  const message: Message = Object.freeze({
    id: ctx.newId('message'),
    chatId: chat.id,
    from: Object.freeze({ kind: 'agent' as const, agentId: cmd.agentId }),
    text: cmd.text,
    attachments: Object.freeze([]),
    audience: 'agents' as const,
    at: ctx.clock.now(),
  });
  ctx.transact(() => {
    ctx.addMessage(chat, message);
    if (participant) markRead(chat, cmd.agentId);
  });
  return OK;
}

/**
 * `chat.tag`: a participant adds and removes tags (removals first), within the queue's `tags` option (the allowed list,
 * `maxPerChat`). Tags stay with the chat through transfers and land in its contact record. Adding a tag it has, or
 * removing one it lacks, changes nothing; a command that changes nothing is accepted without an event.
 *
 * @example
 * ```ts
 * engine.dispatch({ type: 'chat.tag', agentId: 'alice', chatId, add: ['billing'], remove: ['sales'] });
 * engine.getChat(chatId)?.tags; // ['billing']
 * ```
 */
export function tag(ctx: EngineContext, cmd: CommandOf<'chat.tag'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  const add = cmd.add ?? [];
  const remove = cmd.remove ?? [];
  if (add.length === 0 && remove.length === 0) return refuse('invalid-command', 'chat.tag needs tags to add, to remove, or both');
  const queue = ctx.queues.get(chat.actor.getSnapshot().context.queueId) as NormalizedQueue;
  const allowed = queue.allowedTags;
  const unknown = allowed === undefined ? undefined : add.find((t) => !allowed.includes(t));
  if (unknown !== undefined) {
    return refuse('invalid-command', `tag ${q(unknown)} is not allowed in queue ${q(queue.id)}; allowed: ${(allowed as readonly string[]).map(q).join(', ') || 'none'}`);
  }
  const kept = chat.tags.filter((t) => !remove.includes(t));
  const added = [...new Set(add)].filter((t) => !kept.includes(t));
  const tags = [...kept, ...added];
  if (tags.length > queue.maxTagsPerChat) {
    return refuse('invalid-command', `chat ${q(cmd.chatId)} would carry ${tags.length} tags; queue ${q(queue.id)} allows at most ${queue.maxTagsPerChat}`);
  }
  const removed = chat.tags.filter((t) => remove.includes(t));
  if (added.length === 0 && removed.length === 0) return OK;
  ctx.transact(() => {
    chat.tags = Object.freeze(tags);
    ctx.emit({ type: 'chat.tagged', chatId: chat.id, agentId: cmd.agentId, tags: chat.tags, added: Object.freeze(added), removed: Object.freeze(removed) });
    ctx.touchChat(chat);
  });
  return OK;
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const contextHandlers = {
  'chat.note': note,
  'chat.tag': tag,
} satisfies Partial<Handlers>;
