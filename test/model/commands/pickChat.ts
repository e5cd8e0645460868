import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { nth } from '../world';

/** An agent picks a chat from their waiting activities, or any chat at all (refusals exercised). */
export const pickChat = fc
  .tuple(fc.nat(), fc.nat(), fc.boolean())
  .map(([a, i, fromList]) =>
    new DispatchCommand(`pick(${a},${i},${fromList ? 'list' : 'any'})`, (w) => {
      const agentId = nth(w.agents, a)?.id as string;
      const chatId = fromList ? nth(w.engine.waitingActivities(agentId), i)?.chatId : nth(w.chatIds, i);
      return chatId === undefined ? undefined : { type: 'chat.pick', agentId, chatId };
    }),
  );
