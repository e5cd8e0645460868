import { describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryStore, Message } from 'chatroute';

/** A customer line `text` of `chatId` at time `at`. */
export function line(chatId: string, text: string, at: number): Message {
  return { id: `${chatId}:${text}`, chatId, from: { kind: 'customer' }, text, attachments: [], at };
}

/** A finished chat of `contactId` with one customer line per text. */
export function entry(contactId: string, chatId: string, texts: string[]): HistoryEntry {
  return {
    contactId,
    chatId,
    queueId: 'sales',
    enqueuedAt: 0,
    endedAt: texts.length,
    messages: texts.map((t, i) => line(chatId, t, i)),
  };
}

function texts(store: HistoryStore, contactId: string, options: { before?: string; limit: number }) {
  const page = store.page(contactId, options);
  return { texts: page.messages.map((m) => m.text), nextCursor: page.nextCursor };
}

/**
 * The behaviour every {@link HistoryStore} shares: newest-first pages with a stable position cursor, `has`, and
 * `record` idempotent per chat (an engine replaying its journal records a chat again).
 */
export function historyContract(name: string, make: () => HistoryStore): void {
  describe(`${name}: the HistoryStore contract`, () => {
    it('answers nothing for an unknown contact', () => {
      const store = make();
      expect(store.has('nobody')).toBe(false);
      expect(store.page('nobody', { limit: 10 })).toEqual({ messages: [] });
    });

    it('pages newest first, across chats, with a cursor to the older page', () => {
      const store = make();
      store.record(entry('c-1', 'chat-1', ['a1', 'a2', 'a3']));
      store.record(entry('c-2', 'chat-2', ['other']));
      store.record(entry('c-1', 'chat-3', ['b1', 'b2']));
      expect(store.has('c-1')).toBe(true);
      const first = texts(store, 'c-1', { limit: 3 });
      expect(first.texts).toEqual(['b2', 'b1', 'a3']);
      expect(first.nextCursor).toBeTypeOf('string');
      const second = texts(store, 'c-1', { limit: 3, before: first.nextCursor as string });
      expect(second).toEqual({ texts: ['a2', 'a1'], nextCursor: undefined });
      expect(texts(store, 'c-2', { limit: 3 })).toEqual({ texts: ['other'], nextCursor: undefined });
    });

    it('keeps a page stable while newer chats are recorded', () => {
      const store = make();
      store.record(entry('c-1', 'chat-1', ['1', '2', '3', '4']));
      const first = store.page('c-1', { limit: 2 });
      store.record(entry('c-1', 'chat-2', ['5', '6']));
      expect(texts(store, 'c-1', { limit: 2, before: first.nextCursor as string })).toEqual({ texts: ['2', '1'], nextCursor: undefined });
    });

    it('gives exactly a full last page without a cursor past it', () => {
      const store = make();
      store.record(entry('c-1', 'chat-1', ['1', '2']));
      expect(texts(store, 'c-1', { limit: 2 })).toEqual({ texts: ['2', '1'], nextCursor: undefined });
    });

    it('records a chat once: recording it again adds nothing', () => {
      const store = make();
      store.record(entry('c-1', 'chat-1', ['x', 'y']));
      store.record(entry('c-1', 'chat-1', ['x', 'y']));
      store.record(entry('c-1', 'chat-2', ['z']));
      store.record(entry('c-1', 'chat-1', ['x', 'y']));
      expect(texts(store, 'c-1', { limit: 10 })).toEqual({ texts: ['z', 'y', 'x'], nextCursor: undefined });
    });

    it('ignores a chat without messages', () => {
      const store = make();
      store.record(entry('c-1', 'chat-1', []));
      expect(store.has('c-1')).toBe(false);
    });
  });
}
