// Issue 17: the host logs JSON lines, and nothing a customer typed (chat text, name, email, file names) nor any
// password or token ever reaches them.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, logLevelOf, redact, REDACTED } from '../../src/server/observability/logger';
import { hello, pngBytes, signIn, startChat, startTestServer, type TestServer } from './helpers';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the logger', () => {
  it('writes one JSON object per line with time, level, msg and the fields, from LOG_LEVEL up', () => {
    const lines: string[] = [];
    const log = createLogger({ level: logLevelOf('warn'), write: (l) => void lines.push(l), now: () => 0 }).child({ node: 'node-a' });
    log.info('not written');
    log.warn('slow', { ms: 12 });
    expect(lines).toEqual(['{"time":"1970-01-01T00:00:00.000Z","level":"warn","msg":"slow","node":"node-a","ms":12}\n']);
    expect(() => logLevelOf('loud')).toThrow(/LOG_LEVEL/);
    expect(logLevelOf(undefined)).toBe('info');
  });

  it('redacts by field name at any depth, and keeps an error\'s name, code and frames but not its message', () => {
    const error = Object.assign(new Error('Unexpected token in "my card is 4111 1111"'), { code: 'E_PARSE' });
    const safe = redact({ chatId: 'c-1', text: 'hi', customer: { email: 'e@x' }, nested: { fileName: 'a.png', Password: 'p', access_token: 'ok-name' }, error }) as Record<string, unknown>;
    expect(safe).toMatchObject({ chatId: 'c-1', text: REDACTED, customer: REDACTED, nested: { fileName: REDACTED, Password: REDACTED } });
    expect(JSON.stringify(safe.error)).not.toContain('4111');
    expect(safe.error).toMatchObject({ name: 'Error', code: 'E_PARSE', stack: expect.any(Array) });
  });
});

describe('the server\'s logs', () => {
  it('hold none of what a customer typed, nor passwords or tokens, after a whole chat', async () => {
    server = await startTestServer();
    const secrets = {
      name: 'Zyxwvuts Quarrelsome',
      email: 'zyxwvuts.quarrel@example.test',
      text: 'my secret phrase PLUM-AARDVARK-42',
      agentText: 'the answer is MANGO-OCELOT-17',
      file: 'passport-KUMQUAT-scan.png',
      wrongPassword: 'hunter2-WRONG-pw',
    };
    const alice = await signIn(server, 'alice');
    const agentToken = (alice.frames.find((f) => f.type === 'welcome') as { session: { token: string } }).session.token;
    const eve = await startChat(server, secrets.name, 'sales', secrets.email);
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    await alice.command({ type: 'offer.accept', chatId: eve.chatId });
    await eve.client.command({ type: 'message.send', text: secrets.text });
    const up = await fetch(`${server.url}/api/uploads?name=${encodeURIComponent(secrets.file)}`, { method: 'POST', headers: { Authorization: `Bearer ${eve.token}`, 'Content-Type': 'image/png' }, body: pngBytes });
    const { uploadId } = (await up.json()) as { uploadId: string };
    await eve.client.command({ type: 'message.send', uploads: [uploadId] });
    await alice.command({ type: 'message.send', chatId: eve.chatId, text: secrets.agentText });
    await alice.next('message', (f) => f.message.attachments.length === 1);
    // A refused frame, a bad frame, a wrong password, and a sign-out: the paths that log.
    eve.client.send(`{"type":"command","ref":"r1","command":{"type":"message.send","text":"${secrets.text}","sudo":true}}`);
    eve.client.send(`{"not json ${secrets.text}`);
    await eve.client.next('error', (f) => f.code === 'bad-frame');
    const wrong = await hello(server, { role: 'agent', agentId: 'bob', password: secrets.wrongPassword });
    wrong.client.close();
    alice.send({ type: 'signOut' });
    await alice.closed;
    eve.client.close();
    await eve.client.closed;

    const logs = server.logs.join('');
    // The logs are there (so the check below is not vacuous) and are JSON lines.
    expect(server.logs.length).toBeGreaterThanOrEqual(3);
    for (const line of server.logs) expect(() => JSON.parse(line)).not.toThrow();
    expect(logs).toContain('"msg":"listening"');
    expect(logs).toContain('"msg":"connection closed"');
    for (const secret of [...Object.values(secrets), agentToken, eve.token, 'PLUM', 'KUMQUAT', 'Zyxwvuts', 'alice-demo']) expect(logs).not.toContain(secret);
  });
});
