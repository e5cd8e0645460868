import type { EngineCore, TimerSpec } from './EngineCore';
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
  }
}
