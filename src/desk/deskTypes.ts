import type { Attachment, Customer, TransferTarget } from '../model/commands';
import type { AgentQueueView, AgentState, Pause, WrapUpView } from '../model/agent';
import type { AgentRef, AssistanceRequest, ChatState, HoldView, InvitationView, OfferKind, QueueRef, WaitingActivity } from '../model/chat';

/** A pending offer as the notification box shows it. Times are timestamps: the host ticks them against its clock. */
export interface DeskOffer {
  readonly offerId: string;
  readonly chatId: string;
  readonly kind: OfferKind;
  readonly customer: Customer;
  readonly queue: QueueRef;
  /** Time in queue = now − enqueuedAt. */
  readonly enqueuedAt: number;
  /** Time since the notification = now − offeredAt. */
  readonly offeredAt: number;
  readonly expiresAt: number;
  /** Who transferred the chat or sent the invitation. */
  readonly from?: AgentRef;
  /** What they wrote for this agent (`chat.transfer` / `chat.invite` `comment`). */
  readonly comment?: string;
  /** The admin URL button, filled for this chat and agent. */
  readonly externalUrl?: string;
}

/** An open chat tab of the agent. */
export interface DeskChat {
  readonly chatId: string;
  readonly state: Extract<ChatState, 'active' | 'closing'>;
  readonly customer: Customer;
  readonly queue: QueueRef;
  readonly participants: ReadonlyArray<AgentRef & { readonly joinedAt: number }>;
  readonly owner?: string;
  readonly important: boolean;
  readonly status?: string;
  /** What the status select offers. */
  readonly closeStatuses: readonly string[];
  /** The customer's lines since this agent last read (`chat.read`); colleagues', notes and system lines do not count. */
  readonly unread: number;
  readonly lastMessage?: { readonly text: string; readonly at: number; readonly attachments: readonly Attachment[] };
  /** A reminder that fired and is not answered yet. */
  readonly reminder?: { readonly waitingSince: number; readonly at: number };
  readonly invitation?: InvitationView;
  /** Show "Load older messages": the contact has earlier chats. */
  readonly hasHistory: boolean;
  readonly templates: ReadonlyArray<{ readonly id: string; readonly title: string }>;
  readonly externalUrl?: string;
  /** The customer left: choose a status and close. */
  readonly customerLeft: boolean;
  /** Since when the customer's connection is down: show them as away (they leave after the presence grace). */
  readonly customerAway?: number;
  /** A chat this supervisor monitors silently (`supervisor.joinChat` `monitor`): read along; no slot, not a participant. */
  readonly monitoring?: true;

  /** The open assistance request of this chat. */
  readonly assistance?: AssistanceRequest;
  /** Set while the chat is on hold (`chat.hold`). */
  readonly hold?: HoldView;
  /** The chat's tags (`chat.tag`). */
  readonly tags?: readonly string[];
}

/**
 * Everything an agent's screen shows, as one value: a host renders this and nothing else. `engine.desk$(agentId)`
 * emits it on subscription and again whenever it changes (and only then).
 */
export interface Desk {
  readonly agent: {
    readonly id: string;
    readonly name: string;
    readonly state: AgentState;
    readonly pause?: Pause;
    readonly capacity: number;
    readonly slotsUsed: number;
    readonly queues: readonly AgentQueueView[];
    /** After-chat work in progress (`policies.wrapUp`), when there is any. */
    readonly wrapUps?: readonly WrapUpView[];
  };
  readonly offers: readonly DeskOffer[];
  /** The "Waiting activities" list and its badge count. */
  readonly waiting: { readonly count: number; readonly items: readonly WaitingActivity[] };
  readonly chats: readonly DeskChat[];
  /** Open assistance requests of the queues this agent supervises. */
  readonly assistance: readonly AssistanceRequest[];
  /**
   * The queues (for their names), and the directory's version. Colleagues are not carried: a desk at 2,000 agents
   * would hold them all in every `desk.init`. The invite and transfer pickers ask `engine.directory(agentId, query)`
   * for a page of them, with their availability; `version` moves past a page's when colleagues are added, renamed or
   * removed.
   */
  readonly directory: { readonly version: number; readonly queues: readonly QueueRef[] };
}

export type { TransferTarget };
