import type { Message } from '../model/chat';

/** One finished chat's transcript, as the engine hands it to a {@link HistoryStore}. */
export interface HistoryEntry {
  readonly contactId: string;
  readonly chatId: string;
  readonly queueId: string;
  readonly enqueuedAt: number;
  readonly endedAt: number;
  readonly messages: readonly Message[];
}

/** A page of older messages, newest first, and the cursor of the next (older) page if there is one. */
export interface HistoryPage {
  readonly messages: readonly Message[];
  readonly nextCursor?: string;
}

/**
 * Where transcripts of finished chats go, for the "Load older messages" button. The engine records each chat when it
 * closes or is abandoned, and pages through a contact's earlier chats, newest first. Calls are synchronous, like
 * the engine; back it with your database through a cache, or serve pages from your own API with the same cursor.
 *
 * @example
 * ```ts
 * import { createEngine, createMemoryHistory } from 'chatroute';
 * const history = createMemoryHistory();
 * const engine = createEngine({ history, queues, agents });
 * ```
 */
export interface HistoryStore {
  /** Stores a finished chat's transcript under its contact. */
  record(entry: HistoryEntry): void;
  /** Whether the contact has any stored message (the button appears only then). */
  has(contactId: string): boolean;
  /** Up to `limit` messages older than `before` (a cursor from an earlier page), newest first. */
  page(contactId: string, options: { before?: string; limit: number }): HistoryPage;
  /** Forgets every transcript of the contact (`contact.erase`). A store without it keeps them: implement it. */
  erase?(contactId: string): void;
  /** Forgets the transcripts of chats that ended before `before` (clock time): retention. */
  prune?(before: number): void;
}
