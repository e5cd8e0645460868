import { describe, expect, it } from 'vitest';
import type { Message } from 'chatroute';
import { glance } from '../../src/web/desk/openChats';
import { nameChats } from '../../src/web/desk/people';

const customers: Record<string, string> = { 'c-12': 'Eve', 'c-"x"': 'Zoe' };
const customerOf = (chatId: string) => customers[chatId];

describe('nameChats: messages to people name chats by customer (issue 21)', () => {
  it('replaces every quoted chat id with its customer, or "that chat" when the desk does not know it', () => {
    expect(nameChats('agent "bob" is not a participant of chat "c-12"', customerOf)).toBe('agent "bob" is not a participant of the chat with Eve');
    expect(nameChats('chat "c-12" is closed; chat "c-99" too', customerOf)).toBe('the chat with Eve is closed; that chat too');
    expect(nameChats('no chat "c-99"', customerOf)).toBe('no such chat');
    expect(nameChats('no chat "c-12"', customerOf)).toBe('no chat with Eve');
    // Ids are JSON-quoted by the engine: escapes are read back.
    expect(nameChats(`chat ${JSON.stringify('c-"x"')} is closed`, customerOf)).toBe('the chat with Zoe is closed');
    expect(nameChats('the queue "sales" is closed', customerOf)).toBe('the queue "sales" is closed');
  });
});

const message = (at: number, from: Message['from'], text: string, audience?: 'agents'): Message => ({ id: `m${at}`, chatId: 'c-12', from, text, attachments: [], at, ...(audience ? { audience } : {}) });

describe('glance: the open-chats list', () => {
  it("waits from the customer's first line after an agent's answer; notes and system lines answer nobody", () => {
    const eve = { kind: 'customer' } as const;
    const bob = { kind: 'agent', agentId: 'bob' } as const;
    expect(glance([])).toEqual({});
    expect(glance([message(1, eve, 'hi'), message(2, eve, 'there?')])).toMatchObject({ waitingSince: 1, lastLine: { author: 'customer', text: 'there?' } });
    expect(glance([message(1, eve, 'hi'), message(2, bob, 'hello')])).toEqual({ lastLine: { author: 'agent', agentId: 'bob', text: 'hello', at: 2 } });
    const noted = glance([message(1, eve, 'hi'), message(2, bob, 'hello'), message(3, eve, 'price?'), message(4, bob, 'VIP', 'agents'), message(5, { kind: 'system' }, 'Alice joined the chat')]);
    expect(noted).toEqual({ waitingSince: 3, lastLine: { author: 'system', text: 'Alice joined the chat', at: 5 } });
  });
});
