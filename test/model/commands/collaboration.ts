import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { chats, nth, type World } from '../world';

const openChat = (w: World, i: number) => nth(chats(w).filter((c) => c.state === 'active' || c.state === 'closing'), i);

/** Where an invitation or a transfer goes: an agent (maybe already in the chat, maybe offline) or a queue. */
const target = fc.oneof(fc.nat().map((a) => ({ agent: a })), fc.nat().map((q) => ({ queue: q })));
const resolve = (w: World, t: { agent: number } | { queue: number }) =>
  'agent' in t ? { agentId: nth(w.agents, t.agent)?.id } : { queueId: nth(w.queues, t.queue)?.id };

/** A participant (the owner or another one) invites an agent or a queue. */
export const invite = fc
  .tuple(fc.nat(), fc.nat(), target)
  .map(([i, p, t]) =>
    new DispatchCommand(`invite(${i},${p},${JSON.stringify(t)})`, (w) => {
      const chat = openChat(w, i);
      if (chat === undefined) return undefined;
      return { type: 'chat.invite', chatId: chat.id, agentId: nth(chat.participants, p)?.agentId, target: resolve(w, t) };
    }),
  );

export const cancelInvite = fc.nat().map((i) =>
  new DispatchCommand(`cancelInvite(${i})`, (w) => {
    const chat = nth(chats(w).filter((c) => c.invitation !== undefined), i);
    return chat === undefined ? undefined : { type: 'chat.cancelInvite', chatId: chat.id, agentId: chat.owner };
  }),
);

/** A participant transfers to an agent or a queue (refused while others participate). */
export const transfer = fc
  .tuple(fc.nat(), fc.nat(), target)
  .map(([i, p, t]) =>
    new DispatchCommand(`transfer(${i},${p},${JSON.stringify(t)})`, (w) => {
      const chat = openChat(w, i);
      if (chat === undefined) return undefined;
      return { type: 'chat.transfer', chatId: chat.id, agentId: nth(chat.participants, p)?.agentId, target: resolve(w, t) };
    }),
  );

/** The rest of the widget: important, assistance, read. */
export const widget = fc
  .tuple(fc.constantFrom('chat.markImportant', 'chat.requestAssistance', 'chat.read'), fc.nat(), fc.boolean())
  .map(([type, i, flag]) =>
    new DispatchCommand(`${type}(${i},${flag})`, (w) => {
      const chat = openChat(w, i);
      if (chat === undefined) return undefined;
      const base = { type, chatId: chat.id, agentId: chat.owner };
      return type === 'chat.markImportant' ? { ...base, important: flag } : base;
    }),
  );
