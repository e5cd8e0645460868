import type { NormalizedQueue } from './config';
import type { EngineCore } from './EngineCore';
import { chatStateOf, type ChatRuntime } from './runtime';

/**
 * The reminder toast, per the chat's queue policy. `after-first-message`: once per unanswered streak, `delayMs` after
 * the streak's first customer message, counted from when the chat became active if the customer wrote while waiting.
 * `every-message`: on each customer message while active. Any agent message answers the streak and clears it.
 * Timers run on the engine's clock, inside transactions, like every other timer.
 */
function policyOf(core: EngineCore, chat: ChatRuntime): NormalizedQueue['reminders'] {
  return (core.queues.get(chat.actor.getSnapshot().context.queueId) as NormalizedQueue).reminders;
}

const isActive = (chat: ChatRuntime): boolean => chatStateOf(chat.actor.getSnapshot().value) === 'active';

/** The `after-first-message` timer fired. */
export function timerFired(core: EngineCore, chat: ChatRuntime): void {
  chat.reminderTimer = undefined;
  if (isActive(chat)) fire(core, chat);
}

function fire(core: EngineCore, chat: ChatRuntime): void {
  if (chat.unansweredSince === null) return;
  chat.reminder = { waitingSince: chat.unansweredSince, at: core.clock.now() };
  const participants = chat.actor.getSnapshot().context.participants.map((p) => p.agentId);
  core.emit({ type: 'reminder', chatId: chat.id, agentIds: Object.freeze(participants), waitingSince: chat.unansweredSince });
  core.desk.touchChat(chat);
}

function arm(core: EngineCore, chat: ChatRuntime): void {
  const policy = policyOf(core, chat);
  if (typeof policy !== 'object' || policy.mode !== 'after-first-message') return;
  if (chat.reminderTimer !== undefined || chat.reminder !== null || chat.unansweredSince === null || !isActive(chat)) return;
  chat.reminderTimer = core.later(policy.delayMs, { kind: 'reminder', chatId: chat.id });
}

function disarm(core: EngineCore, chat: ChatRuntime): void {
  if (chat.reminderTimer !== undefined) core.cancelLater(chat.reminderTimer);
  chat.reminderTimer = undefined;
}

export function customerWrote(core: EngineCore, chat: ChatRuntime, at: number): void {
  chat.unansweredSince ??= at;
  const policy = policyOf(core, chat);
  if (typeof policy === 'object' && policy.mode === 'every-message' && isActive(chat)) fire(core, chat);
  else arm(core, chat);
}

export function agentAnswered(core: EngineCore, chat: ChatRuntime): void {
  chat.unansweredSince = null;
  chat.reminder = null;
  disarm(core, chat);
}

/** The chat became active (first agent): a streak begun while waiting starts its delay now. */
export function chatActivated(core: EngineCore, chat: ChatRuntime): void {
  arm(core, chat);
}

/** The chat is no longer active with agents (customer left, transferred, ended): nothing to remind of. */
export function chatDeactivated(core: EngineCore, chat: ChatRuntime): void {
  chat.reminder = null;
  disarm(core, chat);
}
