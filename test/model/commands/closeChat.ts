import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { chats, nth } from '../world';

const openChat = (w: Parameters<typeof chats>[0], i: number) =>
  nth(chats(w).filter((c) => c.state === 'active' || c.state === 'closing'), i);

/** A participant chooses a status: one of the queue's, or (sometimes) one that is not allowed. */
export const setStatus = fc
  .tuple(fc.nat(), fc.nat(), fc.boolean())
  .map(([i, s, valid]) =>
    new DispatchCommand(`setStatus(${i},${s},${valid})`, (w) => {
      const chat = openChat(w, i);
      if (chat === undefined) return undefined;
      const statuses = w.queues.find((q) => q.id === chat.queueId)?.closeStatuses ?? [];
      return { type: 'chat.setStatus', chatId: chat.id, agentId: chat.owner, status: valid ? nth(statuses, s) : 'not-a-status' };
    }),
  );

/** A participant (or sometimes another agent) closes an open chat. */
export const closeChat = fc
  .tuple(fc.nat(), fc.option(fc.nat(), { freq: 5 }))
  .map(([i, other]) =>
    new DispatchCommand(`close(${i}${other === null ? '' : `,as ${other}`})`, (w) => {
      const chat = openChat(w, i);
      if (chat === undefined) return undefined;
      return { type: 'chat.close', chatId: chat.id, agentId: other === null ? chat.owner : nth(w.agents, other)?.id };
    }),
  );
