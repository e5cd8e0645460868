import type { AgentState, Pause } from './agent';
import type { AssistanceRequest, Message, OfferNotification, OfferView } from './chat';
import type { TransferTarget } from './commands';
import type { ContactRecord } from './contact';
import type { InvitationEndReason, OverflowReason, QueuedReason, SupervisorAction, WithdrawReason } from './reasons';

interface EventBase {
  /** Increases by one per event, per engine. */
  readonly seq: number;
  /** Clock time of the event. */
  readonly at: number;
}

/**
 * Everything that happens, in order, on `engine.events$`.
 *
 * @example
 * ```ts
 * engine.events$.subscribe((e) => {
 *   if (e.type === 'offer.created') notify(e.agentId, e.notification);
 * });
 * ```
 */
export type EngineEvent = EventBase &
  (
    | { readonly type: 'chat.queued'; readonly chatId: string; readonly queueId: string; readonly reason: QueuedReason; readonly priority: number; readonly enqueuedAt: number }
    | { readonly type: 'offer.created'; readonly offer: OfferView; readonly chatId: string; readonly agentId: string; readonly notification: OfferNotification }
    | { readonly type: 'offer.accepted'; readonly offerId: string; readonly chatId: string; readonly agentId: string }
    | { readonly type: 'offer.rejected'; readonly offerId: string; readonly chatId: string; readonly agentId: string }
    | { readonly type: 'offer.expired'; readonly offerId: string; readonly chatId: string; readonly agentId: string }
    | { readonly type: 'offer.withdrawn'; readonly offerId: string; readonly chatId: string; readonly agentId: string; readonly reason: WithdrawReason }
    | { readonly type: 'chat.assigned'; readonly chatId: string; readonly agentId: string; readonly via: 'offer' | 'pick' }
    | { readonly type: 'message.sent'; readonly message: Message }
    | { readonly type: 'customer.left'; readonly chatId: string }
    | { readonly type: 'chat.statusSet'; readonly chatId: string; readonly agentId: string; readonly status: string }
    | {
        readonly type: 'chat.closed';
        readonly chatId: string;
        /** Who closed it; with `reason`, the owner at the time (the engine closed it for everyone). */
        readonly agentId: string;
        readonly status: string;
        /** Set when the engine closed the chat itself: `inactivity` (the queue's `inactivity` policy). */
        readonly reason?: 'inactivity';
      }
    | { readonly type: 'chat.held'; readonly chatId: string; readonly agentId: string; readonly reason?: string; readonly freesSlot: boolean }
    | {
        readonly type: 'chat.resumed';
        readonly chatId: string;
        /** Who resumed it (`resumed`), or the holder whose part in the chat ended (`holder-left`: transferred, or left it to others). */
        readonly agentId: string;
        readonly heldMs: number;
        readonly reason: 'resumed' | 'holder-left';
      }
    | { readonly type: 'chat.tagged'; readonly chatId: string; readonly agentId: string; readonly tags: readonly string[]; readonly added: readonly string[]; readonly removed: readonly string[] }
    /** An agent-only line (`chat.note`): never part of `message.sent`, so a host that forwards those never shows it to the customer. */
    | { readonly type: 'note.added'; readonly message: Message }
    | { readonly type: 'chat.abandoned'; readonly chatId: string; readonly queueId: string; readonly waitedMs: number; readonly reason?: 'max-wait' }
    | { readonly type: 'chat.overflowed'; readonly chatId: string; readonly fromQueueId: string; readonly queueId: string; readonly reason: OverflowReason }
    | { readonly type: 'agent.statusChanged'; readonly agentId: string; readonly state: AgentState; readonly previous: AgentState; readonly pause?: Pause }
    | { readonly type: 'config.changed'; readonly entity: 'queue' | 'agent'; readonly id: string; readonly change: 'created' | 'updated' | 'removed' }
    | { readonly type: 'participant.joined'; readonly chatId: string; readonly agentId: string; readonly via: 'invite' | 'pick' | 'barge' }
    | { readonly type: 'participant.left'; readonly chatId: string; readonly agentId: string; readonly reason: 'closed' | 'transferred' }
    | { readonly type: 'chat.ownerChanged'; readonly chatId: string; readonly owner: string; readonly previous: string }
    | { readonly type: 'chat.transferred'; readonly chatId: string; readonly agentId: string; readonly target: TransferTarget; readonly queueId: string }
    | { readonly type: 'chat.invited'; readonly chatId: string; readonly agentId: string; readonly invitationId: string; readonly target: TransferTarget }
    | { readonly type: 'invitation.ended'; readonly chatId: string; readonly invitationId: string; readonly reason: InvitationEndReason }
    | { readonly type: 'chat.importantChanged'; readonly chatId: string; readonly agentId: string; readonly important: boolean }
    | { readonly type: 'assistance.requested'; readonly request: AssistanceRequest }
    | { readonly type: 'assistance.resolved'; readonly requestId: string; readonly chatId: string; readonly agentId?: string; readonly reason: 'resolved' | 'chat-ended' }
    | { readonly type: 'reminder'; readonly chatId: string; readonly agentIds: readonly string[]; readonly waitingSince: number }
    | { readonly type: 'contact.recorded'; readonly record: ContactRecord }
    | { readonly type: 'contact.erased'; readonly contactId: string; readonly chatIds: readonly string[] }
    | { readonly type: 'invariant.violated'; readonly invariant: string; readonly message: string; readonly evidence: Readonly<Record<string, unknown>> }
    | { readonly type: 'agent.presenceChanged'; readonly agentId: string; readonly connected: boolean }
    | { readonly type: 'customer.presenceChanged'; readonly chatId: string; readonly connected: boolean }
    | {
        readonly type: 'supervisor.acted';
        readonly supervisorId: string;
        readonly action: SupervisorAction;
        readonly agentId?: string;
        readonly chatId?: string;
        readonly target?: TransferTarget;
        readonly mode?: 'monitor' | 'barge';
        readonly priority?: number;
      }
  );

/** The `type` of every event. */
export type EngineEventType = EngineEvent['type'];

/** The event of one `type`. */
export type EngineEventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;
