import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { chats, nth } from '../world';

/** Accepts or rejects a pending offer, as its agent or (sometimes) as somebody else. */
export const answerOffer = fc
  .tuple(fc.constantFrom('offer.accept', 'offer.reject'), fc.nat(), fc.option(fc.nat(), { freq: 5 }))
  .map(([type, i, impostor]) =>
    new DispatchCommand(`${type}(${i}${impostor === null ? '' : `,as ${impostor}`})`, (w) => {
      const offer = nth(chats(w).flatMap((c) => c.offers), i);
      if (offer === undefined) return undefined;
      return { type, chatId: offer.chatId, agentId: impostor === null ? offer.agentId : nth(w.agents, impostor)?.id };
    }),
  );
