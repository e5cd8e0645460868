import type { Message } from '../model/chat';
import type { HistoryEntry, HistoryPage, HistoryStore } from './types';

/**
 * An in-memory {@link HistoryStore}: the default. Keeps, per contact, every message of its finished chats in the
 * order they were recorded; the cursor is a position, so paging is stable while newer chats are added.
 * Optionally keeps at most `maxMessagesPerContact` (the oldest are forgotten). `record` is idempotent per chat: a
 * chat recorded again (an engine replaying its journal after a crash) adds nothing.
 *
 * @example
 * ```ts
 * import { createMemoryHistory } from 'chatroute';
 * const history = createMemoryHistory({ maxMessagesPerContact: 500 });
 * ```
 */
export function createMemoryHistory(options: { maxMessagesPerContact?: number } = {}): HistoryStore {
  const max = options.maxMessagesPerContact ?? Number.POSITIVE_INFINITY;
  // Messages per contact, oldest first, with the count forgotten from the front so cursors stay valid.
  // The chats recorded per contact, kept even when their messages are forgotten, so a late re-record stays a no-op.
  const byContact = new Map<string, { forgotten: number; messages: Message[]; chats: Set<string> }>();
  return {
    record(entry: HistoryEntry): void {
      if (entry.messages.length === 0) return;
      let log = byContact.get(entry.contactId);
      if (log === undefined) {
        log = { forgotten: 0, messages: [], chats: new Set() };
        byContact.set(entry.contactId, log);
      }
      if (log.chats.has(entry.chatId)) return;
      log.chats.add(entry.chatId);
      log.messages.push(...entry.messages);
      const excess = log.messages.length - max;
      if (excess > 0) {
        log.messages.splice(0, excess);
        log.forgotten += excess;
      }
    },
    has: (contactId) => (byContact.get(contactId)?.messages.length ?? 0) > 0,
    erase(contactId) {
      const log = byContact.get(contactId);
      if (log === undefined) return;
      // The chats stay known (a replayed record of one stays a no-op); their messages go.
      log.forgotten += log.messages.length;
      log.messages = [];
    },
    prune(before) {
      for (const log of byContact.values()) {
        let old = 0;
        while (old < log.messages.length && (log.messages[old] as Message).at < before) old++;
        if (old === 0) continue;
        log.messages.splice(0, old);
        log.forgotten += old;
      }
    },
    page(contactId, { before, limit }): HistoryPage {
      const log = byContact.get(contactId);
      if (log === undefined) return { messages: [] };
      const total = log.forgotten + log.messages.length;
      const parsed = before === undefined ? total : Number.parseInt(before, 10);
      const end = Number.isFinite(parsed) ? Math.min(Math.max(parsed, log.forgotten), total) : total;
      const start = Math.max(log.forgotten, end - Math.max(0, limit));
      const messages = log.messages.slice(start - log.forgotten, end - log.forgotten).reverse();
      return start > log.forgotten ? { messages, nextCursor: String(start) } : { messages };
    },
  };
}
