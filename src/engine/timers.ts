import type { EngineCore, TimerSpec } from './EngineCore';
import * as presence from './presence';
import * as policyEffects from './policyEffects';
import * as reminders from './reminders';

/**
 * What each engine timer does when it fires, inside a transaction. Timers are data ({@link TimerSpec}), so they
 * survive in snapshots and replay from the journal; this is the one place that gives them meaning.
 */
export function runTimer(core: EngineCore, spec: TimerSpec): void {
  switch (spec.kind) {
    case 'offer': {
      const chat = core.chats.get(spec.chatId);
      if (chat === undefined) return;
      chat.offerTimer = undefined;
      core.sendChat(chat, { type: 'EXPIRE', at: core.clock.now() });
      return;
    }
    case 'cooldown':
      // The decline ran out: the task may go back to the agent who rejected or missed it.
      core.router.touch(spec.taskId);
      return;
    case 'reminder': {
      const chat = core.chats.get(spec.chatId);
      if (chat !== undefined) reminders.timerFired(core, chat);
      return;
    }
    case 'eligibility':
      policyEffects.eligibilityChanged(core, spec.chatId);
      return;
    case 'maxWait':
      policyEffects.maxWaitReached(core, spec.chatId);
      return;
    case 'wrapUp':
      policyEffects.endWrapUp(core, spec.agentId, spec.chatId);
      return;
    case 'agentGrace':
      presence.agentGraceEnded(core, spec.agentId);
      return;
    case 'agentChats':
      presence.agentChatsDue(core, spec.agentId);
      return;
    case 'customerGrace':
      presence.customerGraceEnded(core, spec.chatId);
      return;
  }
}
