import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { chats, nth, type Model, type World } from '../world';

const openChat = (w: Parameters<typeof chats>[0], i: number) =>
  nth(chats(w).filter((c) => c.state === 'active' || c.state === 'closing'), i);

/** A participant chooses a status: one of the queue's, or (sometimes) one that is not allowed. */
export const setStatus = fc
  .tuple(fc.nat(), fc.nat(), fc.boolean().chain((b) => (b ? fc.constant(true) : fc.boolean())))
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

/** What agents do all day: a participant chooses a valid status and closes (two commands, each checked). */
class FinishChat extends DispatchCommand {
  constructor(private readonly i: number, private readonly p: number, private readonly s: number) {
    super(`finish(${i},${p},${s})`, () => undefined);
  }

  override run(model: Model, world: World): void {
    const chat = openChat(world, this.i);
    if (chat === undefined) return;
    const agentId = nth(chat.participants, this.p)?.agentId;
    const statuses = world.queues.find((q) => q.id === chat.queueId)?.closeStatuses ?? [];
    new DispatchCommand('setStatus', () => ({ type: 'chat.setStatus', chatId: chat.id, agentId, status: nth(statuses, this.s) })).run(model, world);
    new DispatchCommand('close', () => ({ type: 'chat.close', chatId: chat.id, agentId })).run(model, world);
  }
}

export const finishChat = fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([i, p, s]) => new FinishChat(i, p, s));
