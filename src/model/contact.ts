import type { Customer } from './commands';

/** One agent's part in a chat: when they were in it, and their share of the time agents spent in it. */
export interface ContactAgent {
  readonly agentId: string;
  /** How they came in: the offer they accepted, a pick, an invitation, a barge. */
  readonly via: 'offer' | 'pick' | 'invite' | 'barge';
  readonly joinedAt: number;
  readonly leftAt: number;
  /** Milliseconds in the chat (summed over every time they were in it). */
  readonly ms: number;
  /** `ms` ÷ the time all agents spent in the chat (1 for a chat one agent handled alone; 0 when nobody spent any). */
  readonly share: number;
}

/**
 * One chat, from start to end, as contact centers report on it (Amazon Connect's contact record, TaskRouter's completed
 * task): emitted as `contact.recorded` when the chat closes or is abandoned, and kept by a `ContactRecordStore`.
 * Times are engine clock times; `waitMs` runs from entering the first queue to the first answer (or to abandoning).
 *
 * @example
 * ```ts
 * engine.events$.subscribe((e) => {
 *   if (e.type === 'contact.recorded') crm.save(e.record.chatId, e.record);
 * });
 * ```
 */
export interface ContactRecord {
  readonly chatId: string;
  readonly contactId?: string;
  readonly customer: Customer;
  /** The queue it ended in, and every queue it was in, in order (start, overflows, transfers). */
  readonly queueId: string;
  readonly queues: readonly string[];
  readonly priority: number;
  readonly enqueuedAt: number;
  readonly firstOfferedAt?: number;
  /** When an agent first took it (accepted, picked), and the queue it was taken from. */
  readonly answeredAt?: number;
  readonly answeredInQueue?: string;
  readonly endedAt: number;
  /** `handled`: an agent took it; `abandoned`: the customer left (or the engine gave up, `abandonReason`) before. */
  readonly outcome: 'handled' | 'abandoned';
  /** Abandoned within the queue's `shortAbandonMs`: kept out of the service level. */
  readonly shortAbandon: boolean;
  readonly abandonReason?: 'max-wait';
  readonly waitMs: number;
  /** From the first answer to the end (0 when abandoned). */
  readonly handleMs: number;
  /** Whether it was answered within its queue's `serviceLevelMs`. */
  readonly withinServiceLevel: boolean;
  readonly agents: readonly ContactAgent[];
  readonly offers: { readonly made: number; readonly accepted: number; readonly rejected: number; readonly missed: number; readonly withdrawn: number };
  readonly transfers: number;
  readonly invitations: number;
  readonly status?: string;
  readonly closedBy?: string;
  /** Set when the engine closed the chat itself (`inactivity`). */
  readonly closeReason?: 'inactivity';
  /** The chat's tags when it ended (`chat.tag`); absent when it had none. */
  readonly tags?: readonly string[];
  readonly important: boolean;
  /** Times the customer's connection dropped, and the agents' connections while they were in the chat. */
  readonly customerDisconnects: number;
  readonly agentDisconnects: number;
  readonly messages: { readonly customer: number; readonly agent: number; readonly system: number };
}
