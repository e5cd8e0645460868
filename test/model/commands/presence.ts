import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { nth } from '../world';

/** An agent's connection drops or comes back (any agent: offline and repeated ones are no-ops). */
export const agentPresence = fc
  .tuple(fc.nat(), fc.boolean())
  .map(([a, connected]) =>
    new DispatchCommand(`agentPresence(${a},${connected})`, (w) => ({ type: connected ? 'agent.connected' : 'agent.disconnected', agentId: nth(w.agents, a)?.id })),
  );

/** A customer's connection drops or comes back (any chat: finished ones are refused). */
export const customerPresence = fc
  .tuple(fc.nat(), fc.boolean())
  .map(([i, connected]) =>
    new DispatchCommand(`customerPresence(${i},${connected})`, (w) => {
      const chatId = nth(w.chatIds, i);
      return chatId === undefined ? undefined : { type: connected ? 'customer.connected' : 'customer.disconnected', chatId };
    }),
  );
