import type { EngineEvent, QueueConfig } from 'chatroute';

/**
 * What the event log says, replayed event by event: which routing task each offer belonged to (a chat's place, new
 * after each transfer; or one invitation), which (task, agent) pairs are cooling down after a reject or a missed
 * offer, and which chats were waiting when. The invariants judge each offer against the moment it was made.
 */
export class Ledger {
  readonly #queues: ReadonlyMap<string, QueueConfig>;
  readonly #transfers = new Map<string, number>();
  readonly #chatQueue = new Map<string, string>();
  readonly #invitation = new Map<string, { id: string; policyQueueId: string }>();
  readonly #offers = new Map<string, { key: string; policyQueueId: string }>();
  readonly cooling = new Map<string, number>();
  /** Chats waiting in their queue (not reserved for one agent). */
  readonly waitingInQueue = new Set<string>();

  constructor(queues: readonly QueueConfig[]) {
    this.#queues = new Map(queues.map((q) => [q.id, q]));
  }

  chatTaskKey(chatId: string): string {
    return `chat:${chatId}:${this.#transfers.get(chatId) ?? 0}`;
  }

  inviteTaskKey(chatId: string): string | undefined {
    const invitation = this.#invitation.get(chatId);
    return invitation === undefined ? undefined : `invite:${invitation.id}`;
  }

  coolingUntil(taskKey: string, agentId: string): number {
    return this.cooling.get(`${taskKey}\u0000${agentId}`) ?? Number.NEGATIVE_INFINITY;
  }

  /** Applies one event; `before` is called for offers before the ledger moves past them. */
  apply(e: EngineEvent, onOffer?: (e: Extract<EngineEvent, { type: 'offer.created' }>, taskKey: string) => void): void {
    switch (e.type) {
      case 'chat.queued':
        this.#chatQueue.set(e.chatId, e.queueId);
        if (!this.#reserved.has(e.chatId)) this.waitingInQueue.add(e.chatId);
        return;
      case 'chat.overflowed':
        // A new place in the overflow queue: its declines start afresh, like after a transfer.
        this.#transfers.set(e.chatId, (this.#transfers.get(e.chatId) ?? 0) + 1);
        return;
      case 'chat.transferred':
        this.#transfers.set(e.chatId, (this.#transfers.get(e.chatId) ?? 0) + 1);
        if ('agentId' in e.target) this.#reserved.add(e.chatId);
        else this.#reserved.delete(e.chatId);
        return;
      case 'chat.invited': {
        const policyQueueId = 'queueId' in e.target ? e.target.queueId : (this.#chatQueue.get(e.chatId) as string);
        this.#invitation.set(e.chatId, { id: e.invitationId, policyQueueId });
        return;
      }
      case 'invitation.ended':
        this.#invitation.delete(e.chatId);
        return;
      case 'offer.created': {
        const invite = e.offer.kind === 'invite';
        const key = invite ? (this.inviteTaskKey(e.chatId) as string) : this.chatTaskKey(e.chatId);
        const policyQueueId = invite ? (this.#invitation.get(e.chatId)?.policyQueueId as string) : (this.#chatQueue.get(e.chatId) as string);
        this.#offers.set(e.offer.id, { key, policyQueueId });
        onOffer?.(e, key);
        if (!invite) this.waitingInQueue.delete(e.chatId);
        return;
      }
      case 'offer.rejected':
      case 'offer.expired': {
        const offer = this.#offers.get(e.offerId);
        if (offer === undefined) return;
        const cooldown = this.#queues.get(offer.policyQueueId)?.rejectCooldownMs ?? 30_000;
        this.cooling.set(`${offer.key}\u0000${e.agentId}`, e.at + cooldown);
        return;
      }
      case 'chat.assigned':
      case 'chat.abandoned':
        this.waitingInQueue.delete(e.chatId);
        this.#reserved.delete(e.chatId);
        return;
      default:
        return;
    }
  }

  readonly #reserved = new Set<string>();
}
