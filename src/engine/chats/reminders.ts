import { chatStateOf, type ChatRecord, type EngineContext, type NormalizedQueue } from '../ports';

/**
 * The reminder toast, per the chat's queue policy. `after-first-message`: once per unanswered streak, `delayMs` after
 * the streak's first customer message, counted from when the chat became active if the customer wrote while waiting.
 * `every-message`: on each customer message while active. Any agent message answers the streak and clears it.
 * Timers run on the engine's clock, inside transactions, like every other timer.
 */
function policyOf(ctx: EngineContext, chat: ChatRecord): NormalizedQueue['reminders'] {
  return (ctx.queues.get(chat.actor.getSnapshot().context.queueId) as NormalizedQueue).reminders;
}

const isActive = (chat: ChatRecord): boolean => chatStateOf(chat.actor.getSnapshot().value) === 'active';

/** The `after-first-message` timer fired. */
export function timerFired(ctx: EngineContext, chat: ChatRecord): void {
  chat.reminderTimer = null;
  if (isActive(chat)) fire(ctx, chat);
}

function fire(ctx: EngineContext, chat: ChatRecord): void {
  if (chat.unansweredSince === null) return;
  chat.reminder = { waitingSince: chat.unansweredSince, at: ctx.clock.now() };
  const participants = chat.actor.getSnapshot().context.participants.map((p) => p.agentId);
  ctx.emit({ type: 'reminder', chatId: chat.id, agentIds: Object.freeze(participants), waitingSince: chat.unansweredSince });
  ctx.touchChat(chat);
}

function arm(ctx: EngineContext, chat: ChatRecord): void {
  const policy = policyOf(ctx, chat);
  if (typeof policy !== 'object' || policy.mode !== 'after-first-message') return;
  if (chat.reminderTimer !== null || chat.reminder !== null || chat.unansweredSince === null || !isActive(chat)) return;
  chat.reminderTimer = ctx.later(policy.delayMs, { kind: 'reminder', chatId: chat.id });
}

function disarm(ctx: EngineContext, chat: ChatRecord): void {
  if (chat.reminderTimer !== null) ctx.cancelLater(chat.reminderTimer);
  chat.reminderTimer = null;
}

export function customerWrote(ctx: EngineContext, chat: ChatRecord, at: number): void {
  chat.unansweredSince ??= at;
  const policy = policyOf(ctx, chat);
  if (typeof policy === 'object' && policy.mode === 'every-message' && isActive(chat)) fire(ctx, chat);
  else arm(ctx, chat);
}

export function agentAnswered(ctx: EngineContext, chat: ChatRecord): void {
  chat.unansweredSince = null;
  chat.reminder = null;
  disarm(ctx, chat);
}

/** The chat became active (first agent): a streak begun while waiting starts its delay now. */
export function chatActivated(ctx: EngineContext, chat: ChatRecord): void {
  arm(ctx, chat);
}

/** The chat is no longer active with agents (customer left, transferred, ended): nothing to remind of. */
export function chatDeactivated(ctx: EngineContext, chat: ChatRecord): void {
  chat.reminder = null;
  disarm(ctx, chat);
}
