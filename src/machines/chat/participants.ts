import type { Participant } from '../../model/chat';
import type { ChatContext } from './types';

/** Pure helpers over a chat's context, shared by the machine's guards and actions. */

export const holdsOffer = (context: ChatContext, agentId: string): boolean => context.offers.some((o) => o.agentId === agentId);

export const isParticipant = (context: ChatContext, agentId: string): boolean =>
  context.participants.some((p) => p.agentId === agentId);

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
