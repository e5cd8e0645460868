import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { chats, nth, type World } from '../world';

/*
 * Issue 21: holds (which may free a slot, per queue) and the agent-only context. Each command picks an open chat and one
 * of its participants, or sometimes someone else, so acceptances and refusals both come up.
 */

const openChat = (w: World, i: number) => nth(chats(w).filter((c) => c.state === 'active' || c.state === 'closing'), i);
const who = (w: World, chat: ReturnType<typeof openChat>, p: number, outsider: number | null) =>
  outsider === null ? nth(chat?.participants ?? [], p)?.agentId : nth(w.agents, outsider)?.id;

/** A participant puts an open chat on hold (refused when held, or after the customer left). */
export const holdChat = fc
  .tuple(fc.nat(), fc.nat(), fc.option(fc.nat(), { freq: 6 }))
  .map(([i, p, o]) =>
    new DispatchCommand(`hold(${i},${p}${o === null ? '' : `,as ${o}`})`, (w) => {
      const chat = openChat(w, i);
      return chat === undefined ? undefined : { type: 'chat.hold', chatId: chat.id, agentId: who(w, chat, p, o), reason: 'model' };
    }),
  );

/** A participant resumes a held chat (refused with capacity-exceeded when its freed slot has been taken meanwhile). */
export const resumeChat = fc
  .tuple(fc.nat(), fc.nat(), fc.option(fc.nat(), { freq: 6 }))
  .map(([i, p, o]) =>
    new DispatchCommand(`resume(${i},${p}${o === null ? '' : `,as ${o}`})`, (w) => {
      const held = nth(chats(w).filter((c) => c.hold !== undefined), i) ?? openChat(w, i);
      return held === undefined ? undefined : { type: 'chat.resume', chatId: held.id, agentId: who(w, held, p, o) };
    }),
  );

/** A participant writes a note, or tags the chat: neither may change routing or slots. */
export const agentContext = fc
  .tuple(fc.nat(), fc.nat(), fc.boolean(), fc.constantFrom('billing', 'vip'))
  .map(([i, p, asNote, tag]) =>
    new DispatchCommand(`${asNote ? 'note' : 'tag'}(${i},${p})`, (w) => {
      const chat = openChat(w, i);
      if (chat === undefined) return undefined;
      const agentId = nth(chat.participants, p)?.agentId;
      return asNote ? { type: 'chat.note', chatId: chat.id, agentId, text: 'model note' } : { type: 'chat.tag', chatId: chat.id, agentId, add: [tag] };
    }),
  );
