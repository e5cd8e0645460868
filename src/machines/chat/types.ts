import type { TransferTarget } from '../../model/commands';
import type { InvitationEndReason, QueuedReason, WithdrawReason } from '../../model/reasons';
import type { OfferKind, Participant } from '../../model/chat';

/** An offer as the chat machine records it. */
export interface OfferRecord {
  readonly id: string;
  readonly agentId: string;
  readonly kind: OfferKind;
  readonly offeredAt: number;
  readonly expiresAt: number;
  /** The queue whose missed-offer policy and reject cooldown apply to this offer. */
  readonly policyQueueId: string;
}

/** A request for another agent to join: addressed to one agent, or to whoever a queue's strategy picks. */
export interface InvitationRecord {
  readonly id: string;
  readonly by: string;
  readonly target: TransferTarget;
  readonly requestedAt: number;
  /** The queue whose offer timeout and missed-offer policy apply (the target queue, else the chat's queue). */
  readonly policyQueueId: string;
  /** What the inviting agent wrote for the invitee. */
  readonly comment?: string;
}

export interface ChatInput {
  queueId: string;
}

/**
 * What the chat machine tracks. Its place in the queue (priority, enqueue time) and its offer timeout live with the
 * engine, which routes and keeps the timers; the context holds only what the transitions decide on.
 */
export interface ChatContext {
  readonly queueId: string;
  /** Route or transfer offers while offered; the invitation's offer while active. */
  readonly offers: readonly OfferRecord[];
  readonly participants: readonly Participant[];
  readonly owner: string | null;
  readonly status: string | null;
  readonly important: boolean;
  readonly queuedReason: QueuedReason;
  /** The agent a transferred chat waits for (null: it waits in its queue). */
  readonly reservedFor: string | null;
  /** The transfer that put the chat back in waiting, until someone takes it. */
  readonly transfer: { readonly by: string; readonly target: TransferTarget; readonly comment?: string } | null;
  readonly invitation: InvitationRecord | null;
  readonly customerLeftAt: number | null;
  readonly endedAt: number | null;
  readonly closedBy: string | null;
  /** Set when the engine abandoned the waiting chat by policy (absent: the customer left). */
  readonly abandonReason?: 'max-wait' | null;
  /** Set when the engine closed the chat itself (absent: an agent closed it). Absent in snapshots taken before. */
  readonly closeReason?: 'inactivity' | null;
}

/** Events the engine sends to a chat actor. Every event carries the clock time it happened at. */
export type ChatEvent =
  | { type: 'OFFER'; offers: readonly OfferRecord[] }
  | { type: 'INVITE_OFFER'; offers: readonly OfferRecord[] }
  | { type: 'EXPIRE'; at: number }
  | { type: 'ACCEPT'; agentId: string; at: number }
  | { type: 'REJECT'; agentId: string; at: number }
  | { type: 'WITHDRAW'; agentId: string; reason: WithdrawReason; at: number }
  | { type: 'PICK'; agentId: string; at: number }
  | { type: 'CUSTOMER_LEAVE'; at: number }
  | { type: 'SET_STATUS'; agentId: string; status: string; at: number }
  | { type: 'CLOSE'; agentId: string; at: number }
  | { type: 'INVITE'; invitation: InvitationRecord }
  | { type: 'CANCEL_INVITE'; agentId: string; at: number }
  | { type: 'TRANSFER'; agentId: string; target: TransferTarget; queueId: string; at: number; comment?: string }
  /** The customer stayed silent (queue option `inactivity`): the chat closes for everyone, with this status. */
  | { type: 'INACTIVE'; status: string; at: number }
  | { type: 'MARK_IMPORTANT'; agentId: string; important: boolean }
  /** Overflow: a waiting chat moves to another queue (pending offers withdrawn), keeping its place by age. */
  | { type: 'MOVE'; queueId: string; reason: 'max-wait' | 'nobody-logged-in'; at: number }
  /** Overflow without a target: the engine abandons a waiting chat (pending offers withdrawn). */
  | { type: 'GIVE_UP'; reason: 'max-wait'; at: number }
  /** Someone joins an active chat directly (a supervisor barging in): no invitation, no offer. */
  | { type: 'JOIN'; agentId: string; at: number };

export type OfferOutcome = 'accepted' | 'rejected' | 'expired' | 'withdrawn';

/**
 * Facts a chat actor emits, in order, as it changes. The engine turns them into public events and into the
 * agents' side of the story (slots taken and freed, pauses) and the router's (tasks added and removed).
 */
export type ChatFact =
  | { type: 'queued'; reason: QueuedReason }
  | { type: 'moved'; fromQueueId: string; reason: 'max-wait' | 'nobody-logged-in' }
  | { type: 'offerCreated'; offer: OfferRecord }
  | { type: 'offerEnded'; offer: OfferRecord; outcome: OfferOutcome; reason?: WithdrawReason }
  | { type: 'assigned'; agentId: string; via: 'offer' | 'pick' }
  | { type: 'participantJoined'; agentId: string; via: 'invite' | 'pick' | 'barge' }
  | { type: 'participantLeft'; agentId: string; reason: 'closed' | 'transferred' }
  | { type: 'ownerChanged'; owner: string; previous: string }
  | { type: 'transferred'; agentId: string; target: TransferTarget; fromQueueId: string }
  | { type: 'invited'; invitation: InvitationRecord }
  | { type: 'invitationWaiting'; invitation: InvitationRecord }
  | { type: 'invitationEnded'; invitation: InvitationRecord; reason: InvitationEndReason }
  | { type: 'importantChanged'; agentId: string; important: boolean }
  | { type: 'customerLeft' }
  | { type: 'statusSet'; agentId: string; status: string }
  | { type: 'closed'; agentId: string; status: string; reason?: 'inactivity' }
  | { type: 'abandoned' };
