import type { OfferKind, Participant, QueuedReason, WithdrawReason } from '../../engine/types';

/** An offer as the chat machine records it. */
export interface OfferRecord {
  readonly id: string;
  readonly agentId: string;
  readonly kind: OfferKind;
  readonly offeredAt: number;
  readonly expiresAt: number;
}

export interface ChatInput {
  id: string;
  queueId: string;
  priority: number;
  enqueuedAt: number;
  offerTimeoutMs: number;
}

export interface ChatContext {
  readonly id: string;
  readonly queueId: string;
  readonly priority: number;
  /** Kept through rejects, expiries and withdrawals: a requeued chat keeps its place. */
  readonly enqueuedAt: number;
  readonly offerTimeoutMs: number;
  readonly offers: readonly OfferRecord[];
  readonly participants: readonly Participant[];
  readonly owner: string | null;
  readonly status: string | null;
  readonly queuedReason: QueuedReason;
  readonly customerLeftAt: number | null;
  readonly endedAt: number | null;
  readonly closedBy: string | null;
}

/** Events the engine sends to a chat actor. Every event carries the clock time it happened at. */
export type ChatEvent =
  | { type: 'OFFER'; offers: readonly OfferRecord[] }
  | { type: 'ACCEPT'; agentId: string; at: number }
  | { type: 'REJECT'; agentId: string; at: number }
  | { type: 'WITHDRAW'; agentId: string; reason: WithdrawReason; at: number }
  | { type: 'PICK'; agentId: string; at: number }
  | { type: 'CUSTOMER_LEAVE'; at: number }
  | { type: 'SET_STATUS'; agentId: string; status: string; at: number }
  | { type: 'CLOSE'; agentId: string; at: number };

export type OfferOutcome = 'accepted' | 'rejected' | 'expired' | 'withdrawn';

/**
 * Facts a chat actor emits, in order, as it changes. The engine turns them into public events and into the
 * agents' side of the story (slots taken and freed, pauses).
 */
export type ChatFact =
  | { type: 'queued'; reason: QueuedReason }
  | { type: 'offerCreated'; offer: OfferRecord }
  | { type: 'offerEnded'; offer: OfferRecord; outcome: OfferOutcome; reason?: WithdrawReason }
  | { type: 'assigned'; agentId: string; via: 'offer' | 'pick' }
  | { type: 'customerLeft' }
  | { type: 'statusSet'; agentId: string; status: string }
  | { type: 'closed'; agentId: string; status: string }
  | { type: 'abandoned' };
