import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { nth } from '../world';

/** A customer starts a chat with routing needs (issue 9): required skills, a preferred agent, a returning contact. */
export const startPolicyChat = fc
  .tuple(fc.nat(), fc.option(fc.dictionary(fc.constantFrom('de', 'fr'), fc.nat(3), { maxKeys: 2 }), { nil: undefined }), fc.option(fc.nat(), { nil: undefined }), fc.option(fc.nat(2), { nil: undefined }), fc.constantFrom(undefined, 0, 2))
  .map(([q, skills, preferred, contact, priority]) =>
    new DispatchCommand(`startPolicy(${q},${JSON.stringify(skills)},${preferred},${contact},${priority})`, (w) => ({
      type: 'chat.start',
      queueId: nth(w.queues, q)?.id,
      customer: { name: `customer ${w.chatIds.length}`, ...(contact !== undefined ? { contactId: `contact-${contact}` } : {}) },
      ...(skills !== undefined ? { skills } : {}),
      ...(preferred !== undefined ? { preferredAgentId: nth(w.agents, preferred)?.id } : {}),
      ...(priority !== undefined ? { priority } : {}),
    })),
  );

/** An agent says their after-chat work is done (one wrap-up, all of them, or none to end: refused). */
export const wrapUpDone = fc.tuple(fc.nat(), fc.boolean()).map(([a, one]) =>
  new DispatchCommand(`wrapUpDone(${a},${one})`, (w) => {
    const agent = nth(w.agents, a);
    const chatId = one ? w.engine.getAgent(agent?.id ?? '')?.wrapUps?.[0]?.chatId : undefined;
    return { type: 'agent.wrapUpDone', agentId: agent?.id, ...(chatId !== undefined ? { chatId } : {}) };
  }),
);

/** Policy commands, weighted like the starts and answers they stand beside. */
export const policyCommands = [startPolicyChat, startPolicyChat, startPolicyChat, wrapUpDone];
