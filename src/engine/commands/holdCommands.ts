import type { CommandOf } from '../../model/commands';
import { type DispatchResult, OK, isRefusal, q, refuse } from '../../model/results';
import * as inactivity from '../chats/inactivity';
import { type EngineContext, type NormalizedQueue, slotsUsed } from '../ports';
import { findAgent, findOwnChat } from '../views/lookup';
import type { Handlers } from './handlers';

/**
 * `chat.hold`: a participant puts an active chat on hold (waiting for the customer or a third party). The inactivity
 * clock stops. With the queue's `hold.freesSlot`, the holder's slot is free meanwhile (the router may offer them another
 * chat); otherwise the chat keeps it. One hold at a time; a chat whose customer left has nothing to hold.
 *
 * @example
 * ```ts
 * engine.dispatch({ type: 'chat.hold', agentId: 'alice', chatId, reason: 'asking billing' });
 * ```
 */
export function hold(ctx: EngineContext, cmd: CommandOf<'chat.hold'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, false);
  if (isRefusal(chat)) return chat;
  if (chat.hold !== null) return refuse('invalid-state', `chat ${q(cmd.chatId)} is already on hold (by ${q(chat.hold.by)}); resume it first (chat.resume)`);
  const queue = ctx.queues.get(chat.actor.getSnapshot().context.queueId) as NormalizedQueue;
  const freesSlot = queue.holdFreesSlot;
  ctx.transact(() => {
    chat.hold = Object.freeze({ by: cmd.agentId, since: ctx.clock.now(), ...(cmd.reason !== undefined ? { reason: cmd.reason } : {}), freesSlot });
    inactivity.stop(ctx, chat);
    if (freesSlot) ctx.changeSlots(cmd.agentId, { type: 'holdFreed', chatId: chat.id });
    ctx.emit({ type: 'chat.held', chatId: chat.id, agentId: cmd.agentId, ...(cmd.reason !== undefined ? { reason: cmd.reason } : {}), freesSlot });
    ctx.touchChat(chat);
  });
  return OK;
}

/**
 * `chat.resume`: a participant takes the chat off hold (also after the customer left). When the hold freed the holder's
 * slot, it needs a free one again: refused with `capacity-exceeded` while the holder uses every slot, so no agent ever
 * holds more than their capacity. The inactivity clock starts afresh.
 *
 * @example
 * ```ts
 * const r = engine.dispatch({ type: 'chat.resume', agentId: 'alice', chatId });
 * if (!r.ok && r.error.code === 'capacity-exceeded') showToast(r.error.message);
 * ```
 */
export function resume(ctx: EngineContext, cmd: CommandOf<'chat.resume'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  const held = chat.hold;
  if (held === null) return refuse('invalid-state', `chat ${q(cmd.chatId)} is not on hold; put it on hold first (chat.hold)`);
  if (held.freesSlot) {
    const holder = findAgent(ctx, held.by);
    if (isRefusal(holder)) return holder;
    const used = slotsUsed(holder);
    if (used >= holder.config.capacity) {
      return refuse(
        'capacity-exceeded',
        `agent ${q(held.by)} uses ${used} of ${holder.config.capacity} slots; chat ${q(cmd.chatId)} freed its slot while on hold and needs a free one to resume: close a chat or answer the offer first`,
      );
    }
  }
  ctx.transact(() => {
    chat.hold = null;
    if (held.freesSlot) ctx.changeSlots(held.by, { type: 'holdEnded', chatId: chat.id });
    ctx.emit({ type: 'chat.resumed', chatId: chat.id, agentId: cmd.agentId, heldMs: ctx.clock.now() - held.since, reason: 'resumed' });
    inactivity.restart(ctx, chat);
    ctx.touchChat(chat);
  });
  return OK;
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const holdHandlers = {
  'chat.hold': hold,
  'chat.resume': resume,
} satisfies Partial<Handlers>;
