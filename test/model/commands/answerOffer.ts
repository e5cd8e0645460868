import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { chats, nth } from '../world';

/** Accepts or rejects a pending offer, as its agent or (sometimes) as somebody else. */
export const answerOffer = fc
  .tuple(fc.constantFrom('offer.accept', 'offer.accept', 'offer.accept', 'offer.reject'), fc.nat(), fc.option(fc.nat(), { freq: 5 }))
  .map(([type, i, impostor]) =>
    new DispatchCommand(`${type}(${i}${impostor === null ? '' : `,as ${impostor}`})`, (w) => {
      const offer = nth(chats(w).flatMap((c) => c.offers), i);
      if (offer === undefined) return undefined;
      return { type, chatId: offer.chatId, agentId: impostor === null ? offer.agentId : nth(w.agents, impostor)?.id };
    }),
  );

/** The invitee answers an invitation (rarer than route offers, so it gets its own command). */
export const answerInvitation = fc
  .tuple(fc.constantFrom('offer.accept', 'offer.accept', 'offer.reject'), fc.nat())
  .map(([type, i]) =>
    new DispatchCommand(`${type} invitation(${i})`, (w) => {
      const offer = nth(chats(w).flatMap((c) => c.offers.filter((o) => o.kind === 'invite')), i);
      return offer === undefined ? undefined : { type, chatId: offer.chatId, agentId: offer.agentId };
    }),
  );
