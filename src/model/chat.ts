import type { Attachment, Customer, Sender, TransferTarget } from './commands';
import type { TaskPolicy } from './policies';

/** A queue as shown to agents. */
export interface QueueRef {
  readonly id: string;
  readonly name: string;
}

/** How an offer came about: a waiting chat routed, a chat transferred, or an invitation to join. */
export type OfferKind = 'route' | 'transfer' | 'invite';

/** A pending offer: it holds a slot of its agent until accepted, rejected, expired or withdrawn. */
export interface OfferView {
  readonly id: string;
  readonly chatId: string;
  readonly agentId: string;
  readonly kind: OfferKind;
  readonly offeredAt: number;
  readonly expiresAt: number;
}

/** What the offer notification shows. */
export interface OfferNotification {
  readonly customer: Customer;
  readonly queue: QueueRef;
  /** When the customer entered the queue: time in queue = now − enqueuedAt. */
  readonly enqueuedAt: number;
  /** When the offer was made: time since notification = now − offeredAt. */
  readonly offeredAt: number;
  /** Deadline to answer. */
  readonly expiresAt: number;
  /** `route`, `transfer` (someone handed this chat over) or `invite` (join a colleague in the chat). */
  readonly kind: OfferKind;
  /** Who transferred the chat or sent the invitation. */
  readonly from?: AgentRef;
  /** What they wrote for the receiver (`chat.transfer` / `chat.invite` `comment`); never shown to the customer. */
  readonly comment?: string;
}

/** An agent as shown to others. */
export interface AgentRef {
  readonly agentId: string;
  readonly name: string;
}

/** State of a chat. */
export type ChatState = 'queued' | 'offered' | 'active' | 'closing' | 'closed' | 'abandoned';

/** An agent in a chat. */
export interface Participant {
  readonly agentId: string;
  readonly joinedAt: number;
}

/** A chat as returned by `engine.getChat`: plain frozen data. */
export interface ChatView {
  readonly id: string;
  readonly state: ChatState;
  readonly queueId: string;
  readonly queue: QueueRef;
  readonly customer: Customer;
  readonly priority: number;
  readonly enqueuedAt: number;
  readonly participants: readonly Participant[];
  /** The participant responsible for the chat. */
  readonly owner?: string;
  /** The first pending offer (the only one unless the queue rings all). */
  readonly offer?: OfferView;
  /** Every pending offer (route and transfer offers while offered; the invitation's offer while active). */
  readonly offers: readonly OfferView[];
  /** While queued or offered: the queue it waits in, or the agent it was transferred to. */
  readonly waitingFor?: TransferTarget;
  /** The pending invitation of an active chat. */
  readonly invitation?: InvitationView;
  /** The close status chosen by an agent. */
  readonly status?: string;
  readonly important: boolean;
  readonly customerLeftAt?: number;
  /** Since when the customer's connection is down (`customer.disconnected`); absent while connected. */
  readonly customerAway?: number;
  /** Supervisors monitoring the chat silently (`supervisor.joinChat` with `mode: 'monitor'`): no slot, unseen by the customer. */
  readonly monitors?: readonly string[];
  /** When the chat closed or was abandoned. */
  readonly endedAt?: number;
  /** Agent who closed it. */
  readonly closedBy?: string;
  /** What the routing policies know of the chat in its (last) queue: required skills, preferred agent, reservation end. */
  readonly routing?: TaskPolicy;
  /** Set while the chat is on hold (`chat.hold`). */
  readonly hold?: HoldView;
  /** The chat's tags (`chat.tag`), in the order they were added; absent while there are none. */
  readonly tags?: readonly string[];
  /** Why the engine closed the chat itself: the customer's silence (queue option `inactivity`). */
  readonly closeReason?: 'inactivity';
}

/** A chat on hold: who put it there, when and why, and whether the holder's slot is free meanwhile (`hold.freesSlot`). */
export interface HoldView {
  readonly by: string;
  readonly since: number;
  readonly reason?: string;
  readonly freesSlot: boolean;
}

/** A pending invitation: waiting for an agent of the target queue (or the target agent), or offered to one. */
export interface InvitationView {
  readonly id: string;
  readonly by: string;
  readonly target: TransferTarget;
  readonly requestedAt: number;
  readonly state: 'waiting' | 'offered';
  /** What the inviting agent wrote for the invitee (`chat.invite` `comment`). */
  readonly comment?: string;
}

/** A chat an agent may pick from the "Waiting activities" list. */
export interface WaitingActivity {
  readonly chatId: string;
  readonly queue: QueueRef;
  readonly customer: Customer;
  readonly priority: number;
  readonly enqueuedAt: number;
  /** `offered` when it is currently offered to a colleague (picking withdraws that offer). */
  readonly state: 'queued' | 'offered';
  /** `chat`: take the chat; `invite`: join a colleague's chat that asked for help from this queue or agent. */
  readonly kind: 'chat' | 'invite';
  /** Set when the chat was transferred to one agent (or the invitation is addressed to one). */
  readonly reservedFor?: string;
  /** Affinity (`policies.affinity`): the agent the chat waits for first, and until when (clock time; compare with now). */
  readonly preferredAgentId?: string;
  readonly preferredUntil?: number;
}

/** Who wrote a message: the customer, an agent, or the engine itself (joins, leaves, transfers). */
export type MessageSender = Sender | { readonly kind: 'system' };

/** What a system message reports, for hosts that word it themselves (the `text` is plain English). */
export type Notice =
  | { readonly type: 'joined'; readonly agentId: string }
  | { readonly type: 'left'; readonly agentId: string }
  | { readonly type: 'transferred'; readonly by: string; readonly target: TransferTarget }
  /** The customer has been silent `inactivity.warnAfterMs`: the chat closes `closeAfterMs` later without a reply. */
  | { readonly type: 'inactivity-warning'; readonly closesAt: number };

/** A chat message. */
export interface Message {
  readonly id: string;
  readonly chatId: string;
  readonly from: MessageSender;
  /** May be empty when the message carries attachments. */
  readonly text: string;
  readonly attachments: readonly Attachment[];
  /** Set on system messages. */
  readonly notice?: Notice;
  /** The sender's own id for this message (`message.send` `clientMessageId`): a retry with it is not sent twice. */
  readonly clientMessageId?: string;
  /**
   * `agents`: an agent-only line (`chat.note`: an internal note, or a monitoring supervisor's whisper), kept in the
   * transcript and history but never shown to the customer. Absent: everyone in the chat sees it.
   */
  readonly audience?: 'agents';
  readonly at: number;
}

/** A request for a supervisor's help in a chat. */
export interface AssistanceRequest {
  readonly id: string;
  readonly chatId: string;
  readonly queueId: string;
  readonly agentId: string;
  readonly note?: string;
  readonly requestedAt: number;
}

