// Issue 21 on the wire: an agent's desk holds and resumes a chat, writes agent-only notes and tags it; the customer
// never receives a note, live or in the transcript, and the agent sees notes in both.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, startChat, startTestServer, type TestServer } from './helpers';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

describe('agent-only context and hold from the desk', () => {
  it('notes reach the agents and never the customer; holds, resumes and tags go through the engine', async () => {
    const alice = await signIn(server, 'alice');
    const eve = await startChat(server, 'Eve', 'sales');
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    expect(await alice.command({ type: 'offer.accept', chatId: eve.chatId })).toEqual({ ok: true });
    await alice.next('transcript', (f) => f.chatId === eve.chatId);

    expect(await alice.command({ type: 'chat.note', chatId: eve.chatId, text: 'private: refund approved by Carol' })).toMatchObject({ ok: true });
    expect(await alice.next('message', (f) => f.message.text === 'private: refund approved by Carol')).toMatchObject({ message: { chatId: eve.chatId } });
    expect(await alice.command({ type: 'message.send', chatId: eve.chatId, text: 'One moment please' })).toMatchObject({ ok: true });
    await eve.client.next('chat.message', (f) => f.message.text === 'One moment please');
    expect(eve.client.frames.some((f) => JSON.stringify(f).includes('refund approved'))).toBe(false);

    expect(await alice.command({ type: 'chat.hold', chatId: eve.chatId, reason: 'asking billing' })).toMatchObject({ ok: true });
    expect(server.engine.getChat(eve.chatId)).toMatchObject({ hold: { reason: 'asking billing' } });
    expect(await alice.command({ type: 'chat.resume', chatId: eve.chatId })).toMatchObject({ ok: true });
    expect(await alice.command({ type: 'chat.tag', chatId: eve.chatId, add: ['refund'] })).toMatchObject({ ok: true });
    expect(server.engine.getChat(eve.chatId)).toMatchObject({ tags: ['refund'] });

    // A reconnecting desk gets the agents' transcript (notes included); a reconnecting customer does not.
    alice.close();
    const again = await signIn(server, 'alice');
    const transcript = await again.next('transcript', (f) => f.chatId === eve.chatId);
    expect(transcript.messages.map((m) => m.text)).toContain('private: refund approved by Carol');
    expect(server.engine.messages(eve.chatId).map((m) => m.text)).not.toContain('private: refund approved by Carol');
    again.close();
    eve.client.close();
  });

  it('refuses a note from an agent outside the chat, with the engine\'s code', async () => {
    const bob = await signIn(server, 'bob');
    const eve = await startChat(server, 'Eve', 'sales');
    const alice = await signIn(server, 'alice');
    const offered = await Promise.race([bob.next('desk', (f) => f.desk.offers.length === 1).then(() => bob), alice.next('desk', (f) => f.desk.offers.length === 1).then(() => alice)]);
    const other = offered === bob ? alice : bob;
    expect(await offered.command({ type: 'offer.accept', chatId: eve.chatId })).toEqual({ ok: true });
    expect(await other.command({ type: 'chat.note', chatId: eve.chatId, text: 'not mine' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    bob.close();
    alice.close();
    eve.client.close();
  });
});
