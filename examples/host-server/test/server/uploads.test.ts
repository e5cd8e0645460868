import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pngBytes, signIn, startChat, startTestServer, type TestServer } from './helpers';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

function upload(token: string | undefined, body: Buffer, type: string, query = 'name=file') {
  return fetch(`${server.url}/api/uploads?${query}`, {
    method: 'POST',
    headers: { ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': type },
    body,
  });
}

/** An agent in a chat with a customer: the usual place files are sent from. */
async function activeChat() {
  const alice = await signIn(server, 'alice');
  const eve = await startChat(server, 'Eve');
  await alice.next('desk', (f) => f.desk.offers.length === 1);
  await alice.command({ type: 'offer.accept', chatId: eve.chatId });
  const agentToken = (alice.frames.find((f) => f.type === 'welcome') as { session: { token: string } }).session.token;
  return { alice, eve, agentToken };
}

describe('upload refusals', () => {
  it('401 without a token, 403 for a chat the token does not reach', async () => {
    const { alice, eve } = await activeChat();
    expect((await upload(undefined, pngBytes, 'image/png', `chatId=${eve.chatId}`)).status).toBe(401);
    const sam = await startChat(server, 'Sam');
    expect((await upload(sam.token, pngBytes, 'image/png', `chatId=${eve.chatId}`)).status).toBe(403);
    const bob = await signIn(server, 'bob');
    const bobToken = (bob.frames.find((f) => f.type === 'welcome') as { session: { token: string } }).session.token;
    expect((await upload(bobToken, pngBytes, 'image/png', `chatId=${eve.chatId}`)).status).toBe(403);
    alice.close();
    bob.close();
  });

  it('413 over the size limit, declared or streamed', async () => {
    const { eve } = await activeChat();
    const big = Buffer.concat([pngBytes, Buffer.alloc(40 * 1024)]);
    const declared = await upload(eve.token, big, 'image/png');
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: 'file is larger than 32768 bytes' });
    // Chunked, with no Content-Length: counted as it streams, cut at the limit.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/api/uploads?name=big.png`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${eve.token}`, 'Content-Type': 'image/png', 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(i === 0 ? pngBytes : Buffer.alloc(8 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('415 for types off the allowlist, and for content that is not what it claims', async () => {
    const { eve } = await activeChat();
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expect((await upload(eve.token, html, 'text/html')).status).toBe(415);
    expect((await upload(eve.token, Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml')).status).toBe(415);
    expect((await upload(eve.token, html, 'image/png')).status).toBe(415);
    expect((await upload(eve.token, Buffer.alloc(0), 'image/png')).status).toBe(415);
  });
});

describe('serving uploads', () => {
  it('serves an image inline with an allowlisted type, nosniff and a sandboxing CSP', async () => {
    const { eve } = await activeChat();
    const created = await upload(eve.token, pngBytes, 'image/png', 'name=../../etc/photo.png');
    expect(created.status).toBe(201);
    const receipt = (await created.json()) as { uploadId: string; name: string; url: string };
    expect(receipt.name).toBe('photo.png');
    const res = await fetch(`${server.url}${receipt.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="photo.png"/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(pngBytes);
  });

  it('serves everything else as an attachment to download, text with a charset', async () => {
    const { eve } = await activeChat();
    const pdf = (await (await upload(eve.token, Buffer.from('%PDF-1.4 minimal'), 'application/pdf', 'name=report.pdf')).json()) as { url: string };
    const pdfRes = await fetch(`${server.url}${pdf.url}`);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    expect(pdfRes.headers.get('content-disposition')).toMatch(/^attachment; filename="report.pdf"/);
    const text = (await (await upload(eve.token, Buffer.from('<script>alert(1)</script>'), 'text/plain', 'name=notes.txt')).json()) as { url: string };
    const textRes = await fetch(`${server.url}${text.url}`);
    expect(textRes.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(textRes.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(textRes.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('404 for unknown ids and paths that try to leave the folders', async () => {
    for (const path of ['/uploads/AAAAAAAAAAAAAAAAAAAAAA', '/uploads/..%2f..%2fpackage.json', '/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/nothing']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });

  it('serves the pages with a CSP that allows only this origin', async () => {
    const res = await fetch(`${server.url}/desk`);
    expect([200, 503]).toContain(res.status); // 503 only when the web app is not built
    if (res.status === 200) {
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    expect(await (await fetch(`${server.url}/api/queues`)).json()).toEqual([
      { id: 'sales', name: 'Sales' },
      { id: 'support', name: 'Support' },
    ]);
  });
});
