// Issue 17, the smaller defects: scrypt at OWASP's minimum (N = 2^17) with old hashes still signing in; file names
// without bidi or zero-width characters, stored and in Content-Disposition; no agent upload into a chat that is over.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Credentials, DEFAULT_SCRYPT_N, hashPassword, scryptNOf, verifyPassword } from '../../src/server/auth/passwords';
import { uploadHeaders } from '../../src/server/http/httpUtil';
import { cleanFileName } from '../../src/server/storage/uploadStore';
import { pngBytes, signIn, startChat, startTestServer, type TestServer } from './helpers';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('passwords', () => {
  it('hash new passwords at N = 2^17 (which needs a raised maxmem), and verify old 2^14 hashes, rehashing them', async () => {
    expect(DEFAULT_SCRYPT_N).toBe(2 ** 17);
    const stored = await hashPassword('correct horse');
    expect(stored.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse')).toBe(true);
    expect(await verifyPassword(stored, 'wrong horse')).toBe(false);

    // A data folder written before: its 2^14 hash signs in, and is stored again at the current cost.
    const db = new Database(':memory:');
    const before = new Credentials(db, 2 ** 14);
    await before.set('alice', 'alice-demo');
    const now = new Credentials(db);
    expect(await now.verify('alice', 'wrong-password')).toBe(false);
    const row = () => db.prepare('SELECT hash FROM host_credential WHERE agent_id = ?').get('alice') as { hash: string };
    expect(scryptNOf(row().hash)).toBe(2 ** 14);
    expect(await now.verify('alice', 'alice-demo')).toBe(true);
    expect(scryptNOf(row().hash)).toBe(2 ** 17);
    expect(await now.verify('alice', 'alice-demo')).toBe(true);
    // A corrupt row signs nobody in rather than throwing.
    expect(await verifyPassword('scrypt$3$8$1$AAAA$BBBB', 'x')).toBe(false);
    db.close();
  }, 60_000);
});

describe('file names', () => {
  const tricky = 'invoice\u202Egnp.exe';
  it('lose bidi controls and zero-width characters', () => {
    expect(cleanFileName(tricky)).toBe('invoicegnp.exe');
    expect(cleanFileName('a\u200Bb\u200Cc\u200Dd\uFEFFe\u2066f\u2067g\u2068h\u2069i\u202Aj\u202Bk\u202Cl\u202Dm\u200E\u200F\u2060.png')).toBe('abcdefghijklm.png');
    expect(cleanFileName('\u202E\u200B')).toBe('file');
    expect(cleanFileName('Ünïcødé résumé.pdf')).toBe('Ünïcødé résumé.pdf');
    // A name stored before the cleaning grew is cleaned on the way out too.
    const disposition = uploadHeaders('application/pdf', tricky)['Content-Disposition'];
    expect(disposition).toBe(`attachment; filename="invoicegnp.exe"; filename*=UTF-8''invoicegnp.exe`);
  });

  it('are stored clean and served clean in filename*', async () => {
    server = await startTestServer();
    const eve = await startChat(server, 'Eve');
    const name = 'scan\u200B\u2066\u202E.txt';
    const res = await fetch(`${server.url}/api/uploads?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { Authorization: `Bearer ${eve.token}`, 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as { name: string; url: string };
    expect(receipt.name).toBe('scan.txt');
    const file = await fetch(`${server.url}${receipt.url}`);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="scan.txt"; filename*=UTF-8''scan.txt`);
    eve.client.close();
  });
});

describe('uploads into a chat that is over', () => {
  it('are refused to the agent with 409 chat-closed, once the customer left and once it is closed', async () => {
    server = await startTestServer();
    const alice = await signIn(server, 'alice');
    const token = (alice.frames.find((f) => f.type === 'welcome') as { session: { token: string } }).session.token;
    const eve = await startChat(server, 'Eve');
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    await alice.command({ type: 'offer.accept', chatId: eve.chatId });
    const upload = () => fetch(`${server?.url}/api/uploads?chatId=${eve.chatId}&name=a.png`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' }, body: pngBytes });
    expect((await upload()).status).toBe(201);

    await eve.client.command({ type: 'customer.leave' });
    const left = await upload();
    expect(left.status).toBe(409);
    expect(await left.json()).toMatchObject({ code: 'chat-closed' });

    const status = server.engine.configuration().queues.find((q) => q.id === 'sales')?.closeStatuses?.[0];
    expect(await alice.command({ type: 'chat.setStatus', chatId: eve.chatId, status })).toMatchObject({ ok: true });
    expect(await alice.command({ type: 'chat.close', chatId: eve.chatId })).toMatchObject({ ok: true });
    expect(server.engine.getChat(eve.chatId)?.state).toBe('closed');
    const closed = await upload();
    expect(closed.status).toBe(409);
    expect(await closed.json()).toMatchObject({ code: 'chat-closed' });
    // Someone else's chat is still 403, not a hint that it exists.
    const bob = await signIn(server, 'bob');
    const bobToken = (bob.frames.find((f) => f.type === 'welcome') as { session: { token: string } }).session.token;
    expect((await fetch(`${server.url}/api/uploads?chatId=${eve.chatId}&name=a.png`, { method: 'POST', headers: { Authorization: `Bearer ${bobToken}`, 'Content-Type': 'image/png' }, body: pngBytes })).status).toBe(403);
    alice.close();
    bob.close();
  });
});
