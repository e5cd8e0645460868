import { describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'chatroute';
import { entry, historyContract } from './contract';

historyContract('createMemoryHistory', () => createMemoryHistory());

describe('createMemoryHistory', () => {
  it('stays idempotent for a chat whose messages the bound has forgotten', () => {
    const history = createMemoryHistory({ maxMessagesPerContact: 2 });
    history.record(entry('c-1', 'chat-1', ['1', '2']));
    history.record(entry('c-1', 'chat-2', ['3', '4']));
    history.record(entry('c-1', 'chat-1', ['1', '2']));
    expect(history.page('c-1', { limit: 10 }).messages.map((m) => m.text)).toEqual(['4', '3']);
  });
});
