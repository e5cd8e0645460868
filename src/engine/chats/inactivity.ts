import { chatStateOf, type ChatRecord, type EngineContext, type NormalizedQueue } from '../ports';

/*
 * The customer's silence, per the chat's queue option `inactivity`: a warning line after `warnAfterMs`, then the close
 * `closeAfterMs` later. The clock runs only while the customer owes the next line: from the chat's assignment (when the
 * customer is not already waiting for an answer) and from every agent message; a customer message stops it (the agents
 * owe the answer then, which is what reminders are for), and so does a hold. One timer per chat; whether it warns or
 * closes follows from `inactivityWarnedAt`, so a snapshot (timers as absolute deadlines, the chat's data whole) and a
 * journal replay (timers fired at their times) give the same next step.
 */

function policyOf(ctx: EngineContext, chat: ChatRecord): NormalizedQueue['inactivity'] {
  return ctx.queues.get(chat.actor.getSnapshot().context.queueId)?.inactivity;
}

const isActive = (chat: ChatRecord): boolean => chatStateOf(chat.actor.getSnapshot().value) === 'active';

/** Stops the clock (and forgets a warning): the customer wrote, the chat went on hold, left `active`, or ended. */
export function stop(ctx: EngineContext, chat: ChatRecord): void {
  if (chat.inactivityTimer !== null) ctx.cancelLater(chat.inactivityTimer);
  chat.inactivityTimer = null;
  chat.inactivityWarnedAt = null;
}

/** Starts the clock afresh when the customer owes the next line (assigned, an agent wrote, resumed from hold). */
export function restart(ctx: EngineContext, chat: ChatRecord): void {
  stop(ctx, chat);
  const policy = policyOf(ctx, chat);
  if (policy === undefined || chat.hold !== null || chat.unansweredSince !== null || !isActive(chat)) return;
  chat.inactivityTimer = ctx.later(policy.warnAfterMs, { kind: 'inactivity', chatId: chat.id });
}

/** The timer fired: the warning line (and the close's timer), or the close. Nothing when the policy was removed since. */
export function timerFired(ctx: EngineContext, chat: ChatRecord): void {
  chat.inactivityTimer = null;
  const policy = policyOf(ctx, chat);
  if (policy === undefined || chat.hold !== null || !isActive(chat)) {
    chat.inactivityWarnedAt = null;
    return;
  }
  const now = ctx.clock.now();
  if (chat.inactivityWarnedAt === null) {
    chat.inactivityWarnedAt = now;
    ctx.addNotice(chat, { type: 'inactivity-warning', closesAt: now + policy.closeAfterMs }, policy.warningText);
    chat.inactivityTimer = ctx.later(policy.closeAfterMs, { kind: 'inactivity', chatId: chat.id });
    return;
  }
  chat.inactivityWarnedAt = null;
  ctx.sendChat(chat, { type: 'INACTIVE', status: policy.status, at: now });
}
