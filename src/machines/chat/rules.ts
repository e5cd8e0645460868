import type { Participant } from '../../model/chat';
import type { ChatContext } from './types';

/**
 * The chat's rules as pure predicates over its context: the machine's guards and the engine's handlers both use these,
 * so a handler's precise refusal and the guard that would drop the event cannot drift apart.
 */

export const holdsOffer = (context: ChatContext, agentId: string): boolean => context.offers.some((o) => o.agentId === agentId);

export const isParticipant = (context: ChatContext, agentId: string): boolean =>
  context.participants.some((p) => p.agentId === agentId);

/** The agent is the only participant left. */
export const isLastParticipant = (context: ChatContext, agentId: string): boolean =>
  context.participants.length === 1 && isParticipant(context, agentId);

/** Closing now would end the chat, and it has no status yet: the last participant must choose one first. */
export const closeNeedsStatus = (context: ChatContext): boolean => context.participants.length === 1 && context.status === null;

export const invitesQueue = (context: ChatContext): boolean =>
  context.invitation !== null && 'queueId' in context.invitation.target;

/**
 * Removes a participant. When the owner leaves, ownership passes to the longest-present participant
 * (earliest `joinedAt`, then the earliest in the list), so a chat always has one owner while anyone is in it.
 */
export function withoutParticipant(
  context: ChatContext,
  agentId: string,
): { participants: Participant[]; owner: string | null } {
  const participants = context.participants.filter((p) => p.agentId !== agentId);
  if (context.owner !== agentId) return { participants, owner: context.owner };
  let next: Participant | undefined;
  for (const p of participants) if (next === undefined || p.joinedAt < next.joinedAt) next = p;
  return { participants, owner: next?.agentId ?? null };
}
