import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopIdentity, signIn, startChat, startTestServer, testConfig, type TestClient, type TestServer } from './helpers';

// Issue 10: a customer cannot claim a contact by typing an email. Only an identity the host verifies links earlier
// chats: a token signed by an embedding site (HMAC with its secret), or the widget's own signed visitor cookie.

let server: TestServer;
let alice: TestClient;
beforeAll(async () => {
  // Alice answers many chats quickly here: more frames than the per-connection rate allows by default.
  server = await startTestServer(testConfig({ framesPerSecond: 1_000, frameBurst: 1_000 }));
  alice = await signIn(server, 'alice');
});
afterAll(async () => {
  alice.close();
  await server.close();
});

/** Starts a chat, has Alice take it and say a line, and returns the contact id the engine recorded. */
async function contactOf(...args: Parameters<typeof startChat> extends [unknown, ...infer R] ? R : never): Promise<string | undefined> {
  const chat = await startChat(server, ...args);
  await alice.next('desk', (f) => f.desk.offers.some((o) => o.chatId === chat.chatId));
  await alice.command({ type: 'offer.accept', chatId: chat.chatId });
  const contactId = server.engine.getChat(chat.chatId)?.customer.contactId;
  await alice.command({ type: 'message.send', chatId: chat.chatId, text: `Hello ${args[0]}` });
  await alice.command({ type: 'chat.setStatus', chatId: chat.chatId, status: 'sold' });
  await alice.command({ type: 'chat.close', chatId: chat.chatId });
  chat.client.close();
  return contactId;
}

describe('contact identity', () => {
  it('links a chat to a contact the site signed, namespaced by site; name and email from the token win', async () => {
    expect(await contactOf('Eve', 'sales', undefined, shopIdentity('crm-1'))).toBe('site:shop:crm-1');
    const chat = await startChat(server, 'Typed Name', 'sales', 'typed@example.com', shopIdentity('crm-1', { name: 'Eve Adams', email: 'eve@example.com' }));
    await alice.next('desk', (f) => f.desk.offers.some((o) => o.chatId === chat.chatId));
    expect(server.engine.getChat(chat.chatId)?.customer).toMatchObject({ name: 'Eve Adams', email: 'eve@example.com', contactId: 'site:shop:crm-1' });
    await alice.command({ type: 'offer.accept', chatId: chat.chatId });
    const page = await alice.request({ query: { type: 'history', chatId: chat.chatId } });
    expect(page).toMatchObject({ ok: true, messages: expect.arrayContaining([expect.objectContaining({ text: 'Hello Eve' })]) });
    await alice.command({ type: 'chat.setStatus', chatId: chat.chatId, status: 'sold' });
    await alice.command({ type: 'chat.close', chatId: chat.chatId });
    chat.client.close();
  });

  it.each([
    ['a typed email alone', undefined],
    ['a token signed with another secret (forged)', shopIdentity('crm-1', {}, 'another-secret-of-at-least-32-characters!')],
    ['an expired token', shopIdentity('crm-1', { exp: Math.floor(Date.now() / 1000) - 1 })],
    ['a token of an unknown site', { site: 'elsewhere', token: shopIdentity('crm-1').token }],
    ['a tampered token (claims changed, signature kept)', tamper(shopIdentity('crm-1'))],
    ['garbage', { site: 'shop', token: 'not.a-token' }],
  ])('links nothing for %s: no contact id, no history', async (_what, identity) => {
    const chat = await startChat(server, 'Mallory', 'sales', 'eve@example.com', identity);
    await alice.next('desk', (f) => f.desk.offers.some((o) => o.chatId === chat.chatId));
    expect(server.engine.getChat(chat.chatId)?.customer.contactId).toBeUndefined();
    await alice.command({ type: 'offer.accept', chatId: chat.chatId });
    const desk = await alice.next('desk', (f) => f.desk.chats.some((c) => c.chatId === chat.chatId));
    expect(desk.desk.chats.find((c) => c.chatId === chat.chatId)?.hasHistory).toBe(false);
    expect(await alice.request({ query: { type: 'history', chatId: chat.chatId } })).toEqual({ ok: true, messages: [] });
    await alice.command({ type: 'chat.setStatus', chatId: chat.chatId, status: 'sold' });
    await alice.command({ type: 'chat.close', chatId: chat.chatId });
    chat.client.close();
  });

  it("recognises a returning browser by the widget's signed cookie (set with /chat), and not a forged one", async () => {
    const page = await fetch(`${server.url}/chat`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^chatroute_visitor=[\w-]{22}\.[\w-]+$/);
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const first = await contactOf('Vic', 'sales', undefined, undefined, { Cookie: cookie });
    expect(first).toMatch(/^visitor:[\w-]{22}$/);
    expect(await contactOf('Vic', 'sales', undefined, undefined, { Cookie: cookie })).toBe(first);
    // The same id with a made-up signature, or another id with this signature, is nobody.
    const [id, signature] = cookie.split('=')[1]!.split('.') as [string, string];
    expect(await contactOf('Mal', 'sales', undefined, undefined, { Cookie: `chatroute_visitor=${id}.${'A'.repeat(signature.length)}` })).toBeUndefined();
    expect(await contactOf('Mal', 'sales', undefined, undefined, { Cookie: `chatroute_visitor=${'B'.repeat(22)}.${signature}` })).toBeUndefined();
    // A browser that already has a genuine cookie is not given a new one.
    expect((await fetch(`${server.url}/chat`, { headers: { Cookie: cookie } })).headers.get('set-cookie')).toBeNull();
  });
});

function tamper(identity: { site: string; token: string }): { site: string; token: string } {
  const [payload, signature] = identity.token.split('.') as [string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...claims, contactId: 'crm-2' })).toString('base64url');
  return { site: identity.site, token: `${forged}.${signature}` };
}
