import { endWrapUp } from '../agents/wrapUps';
import * as inactivity from '../chats/inactivity';
import * as reminders from '../chats/reminders';
import * as policyEffects from '../policies/policyEffects';
import type { EngineContext, TimerSpec } from '../ports';
import * as presence from '../presence/presence';

/**
 * What each engine timer does when it fires, inside a transaction. Timers are data ({@link TimerSpec}), so they
 * survive in snapshots and replay from the journal; this is the one place that gives them meaning.
 */
export function runTimer(ctx: EngineContext, spec: TimerSpec): void {
  switch (spec.kind) {
    case 'offer': {
      const chat = ctx.chats.get(spec.chatId);
      if (chat === undefined) return;
      chat.offerTimer = null;
      ctx.sendChat(chat, { type: 'EXPIRE', at: ctx.clock.now() });
      return;
    }
    case 'cooldown':
      // The decline ran out: the task may go back to the agent who rejected or missed it.
      ctx.router.touch(spec.taskId);
      return;
    case 'reminder': {
      const chat = ctx.chats.get(spec.chatId);
      if (chat !== undefined) reminders.timerFired(ctx, chat);
      return;
    }
    case 'eligibility':
      policyEffects.eligibilityChanged(ctx, spec.chatId);
      return;
    case 'maxWait':
      policyEffects.maxWaitReached(ctx, spec.chatId);
      return;
    case 'wrapUp':
      endWrapUp(ctx, spec.agentId, spec.chatId);
      return;
    case 'agentGrace':
      presence.agentGraceEnded(ctx, spec.agentId);
      return;
    case 'agentChats':
      presence.agentChatsDue(ctx, spec.agentId);
      return;
    case 'customerGrace':
      presence.customerGraceEnded(ctx, spec.chatId);
      return;
    case 'inactivity': {
      const chat = ctx.chats.get(spec.chatId);
      if (chat !== undefined) inactivity.timerFired(ctx, chat);
      return;
    }
  }
}
