import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { nth } from '../world';

/** The customer of some chat (live or not) leaves. */
export const customerLeave = fc.nat().map((i) => new DispatchCommand(`leave chat(${i})`, (w) => {
  const chatId = nth(w.chatIds, i);
  return chatId === undefined ? undefined : { type: 'customer.leave', chatId };
}));

/** The customer, or an agent (participant or not), writes in some chat. */
export const sendMessage = fc
  .tuple(fc.nat(), fc.option(fc.nat(), { freq: 2 }))
  .map(([i, agent]) =>
    new DispatchCommand(`message(${i},${agent ?? 'customer'})`, (w) => {
      const chatId = nth(w.chatIds, i);
      if (chatId === undefined) return undefined;
      const from = agent === null ? { kind: 'customer' } : { kind: 'agent', agentId: nth(w.agents, agent)?.id };
      return { type: 'message.send', chatId, from, text: 'hello' };
    }),
  );
