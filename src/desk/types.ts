import type { Desk, DeskChat, DeskOffer } from './deskTypes';
import type { AgentRef, AssistanceRequest, QueueRef, WaitingActivity } from '../model/chat';

/**
 * One entry of a queue's waiting list as the shared channel carries it: the waiting activity every member sees, with
 * its identity (`key`, the routing task's id) and the last tie-break of the serving order (`seq`), so a client can
 * insert it in place. Order: higher `priority` first, then earlier `enqueuedAt`, then lower `seq`.
 */
export interface WaitingEntry {
  readonly key: string;
  readonly seq: number;
  readonly activity: WaitingActivity;
}

/** What a desk holds of one member queue: the first entries of its waiting list in serving order, and how many wait. */
export interface QueueWindow {
  readonly count: number;
  readonly entries: readonly WaitingEntry[];
}

/**
 * The incremental desk: what a host or a browser keeps to rebuild an agent's {@link Desk} from changes.
 * `desk` is what to render; the other fields are what `desk.waiting` is derived from (see {@link waitingOf}).
 */
export interface DeskState {
  readonly agentId: string;
  /** At most this many waiting entries are carried in `desk.waiting.items`. */
  readonly limit: number;
  readonly desk: Desk;
  /** Per member queue: its shared window (from `engine.queueChanges$()`). */
  readonly queues: Readonly<Record<string, QueueWindow>>;
  /** Waiting for this agent alone and in no member queue's list (invitations to the agent, transfers from other queues). */
  readonly targeted: readonly WaitingEntry[];
  /** Keys of member-queue entries this agent does not see: chats offered to it, invitations of its own chats. */
  readonly hidden: readonly string[];
}

/** A change to one agent's own part of the desk (`engine.deskChanges$(agentId)`). */
export type PersonalDeskChange =
  /** The whole state (first value of every subscription, and after a membership change). */
  | { readonly type: 'desk.init'; readonly state: DeskState }
  | { readonly type: 'agent.changed'; readonly agent: Desk['agent'] }
  | { readonly type: 'offer.added'; readonly index: number; readonly offer: DeskOffer }
  | { readonly type: 'offer.removed'; readonly offerId: string }
  | { readonly type: 'chat.added'; readonly index: number; readonly chat: DeskChat }
  | { readonly type: 'chat.removed'; readonly chatId: string }
  /** Fields of an open chat that changed (`set`) or went away (`unset`). */
  | { readonly type: 'chat.changed'; readonly chatId: string; readonly set: Partial<DeskChat>; readonly unset: ReadonlyArray<keyof DeskChat> }
  /** A message was appended to an open chat: its last message and unread count. */
  | { readonly type: 'chat.message'; readonly chatId: string; readonly lastMessage: NonNullable<DeskChat['lastMessage']>; readonly unread: number }
  | { readonly type: 'assistance.added'; readonly index: number; readonly request: AssistanceRequest }
  | { readonly type: 'assistance.removed'; readonly requestId: string }
  | { readonly type: 'targeted.added'; readonly entry: WaitingEntry }
  | { readonly type: 'targeted.removed'; readonly key: string }
  | { readonly type: 'hidden.changed'; readonly hidden: readonly string[] };

/**
 * A change to one queue's waiting list (`engine.queueChanges$()`): published once per change, whoever watches. Every
 * change carries the queue's new `count`; `added` and `removed` concern the window (the first entries), so an entry
 * entering the window is `added` and one pushed out of it is `removed`. Changes are absolute, so applying one twice
 * is harmless.
 */
export type QueueChange =
  | { readonly type: 'waiting.added'; readonly queueId: string; readonly count: number; readonly entry: WaitingEntry }
  | { readonly type: 'waiting.removed'; readonly queueId: string; readonly count: number; readonly key: string }
  /** Same place, new content (`queued` became `offered` and back). */
  | { readonly type: 'waiting.changed'; readonly queueId: string; readonly count: number; readonly entry: WaitingEntry }
  | { readonly type: 'waiting.count'; readonly queueId: string; readonly count: number }
  /** The whole window, after a configuration change (queue renamed or added, memberships changed). */
  | { readonly type: 'waiting.reset'; readonly queueId: string; readonly count: number; readonly entries: readonly WaitingEntry[] };

/**
 * A change to the directory of queues and colleagues (`engine.directoryChanges$()`), published once per change for
 * every desk. `version` is the directory's version after the change (one step per configuration change). A desk holds
 * the queues and the version; colleagues are fetched by page (`engine.directory`), and a holder of a page re-reads it
 * (or patches it) when a change moves past the page's `version`.
 */
export type DirectoryChange =
  | { readonly type: 'directory.queue'; readonly queue: QueueRef; readonly version: number }
  | { readonly type: 'directory.queueRemoved'; readonly queueId: string; readonly version: number }
  | { readonly type: 'directory.agent'; readonly agent: AgentRef; readonly version: number }
  | { readonly type: 'directory.agentRemoved'; readonly agentId: string; readonly version: number };

/** Anything {@link applyDeskChange} applies. */
export type DeskChange = PersonalDeskChange | QueueChange | DirectoryChange;

/** Options of the desk (`createEngine({ desk })`). */
export interface DeskOptions {
  /** How many waiting activities a desk carries (most urgent first); the count is always exact. Default 50. */
  readonly waitingLimit?: number;
}
