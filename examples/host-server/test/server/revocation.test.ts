// Issue 17: when a sign-in ends, every socket opened with it closes (4001), desks and inspectors alike, quiet or not:
// at once on sign-out, a password reset or the agent's removal, and within a tick (250 ms) of the token's expiry.
// The waits below are generous for a loaded machine; the mechanism is immediate (revocation) or one tick (expiry).
import { afterEach, describe, expect, it } from 'vitest';
import { connectInspector } from './inspectorClient';
import { startTestServer, testConfig, TestClient, type TestServer } from './helpers';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CLOSE_WITHIN_MS = 5_000;

/** The close code, or 'open' if the socket is still open after `ms`. */
function closedWithin(closed: Promise<number | { code: number }>, ms = CLOSE_WITHIN_MS): Promise<number | 'open'> {
  return Promise.race([closed.then((c) => (typeof c === 'number' ? c : c.code)), new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), ms))]);
}

async function desk(s: TestServer, auth: Record<string, unknown>): Promise<{ client: TestClient; token: string }> {
  const client = await TestClient.connect(s.wsUrl);
  client.send({ type: 'hello', version: 1, auth: { role: 'agent', ...auth } });
  const welcome = await client.next('welcome');
  return { client, token: (welcome.session as { token: string }).token };
}

async function adminToken(s: TestServer): Promise<string> {
  const res = await fetch(`${s.url}/api/admin/sign-in`, { method: 'POST', body: JSON.stringify({ user: 'admin', password: 'admin-demo' }) });
  return ((await res.json()) as { token: string }).token;
}

const admin = (s: TestServer, token: string, method: string, path: string, body?: unknown) =>
  fetch(`${s.url}/api/admin/${path}`, { method, headers: { Authorization: `Bearer ${token}` }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

describe('revocation closes every socket of the sign-in', () => {
  it('sign-out at one desk closes the other desk and the inspector opened with the same token', async () => {
    server = await startTestServer();
    const first = await desk(server, { agentId: 'carol', password: 'carol-demo' });
    const second = await desk(server, { token: first.token });
    const page = await connectInspector(server, { token: first.token });
    await page.waitFor((f): f is never => f.type === 'welcome');
    first.client.send({ type: 'signOut' });
    expect((await first.client.closed).code).toBe(1000);
    expect(await closedWithin(second.client.closed)).toBe(4001);
    expect(await closedWithin(page.closed)).toBe(4001);
  });

  it('the admin\'s sign-out closes an inspector opened with the admin token', async () => {
    server = await startTestServer();
    const token = await adminToken(server);
    const page = await connectInspector(server, { token });
    await page.waitFor((f): f is never => f.type === 'welcome');
    expect((await admin(server, token, 'POST', 'sign-out')).status).toBe(200);
    expect(await closedWithin(page.closed)).toBe(4001);
  });

  it('a password reset closes the agent\'s desk and inspector; removing an agent closes their desk', async () => {
    server = await startTestServer();
    const token = await adminToken(server);
    const carol = await desk(server, { agentId: 'carol', password: 'carol-demo' });
    const page = await connectInspector(server, { token: carol.token });
    await page.waitFor((f): f is never => f.type === 'welcome');
    const carolConfig = server.engine.configuration().agents.find((a) => a.id === 'carol');
    expect((await admin(server, token, 'POST', 'agents', { agent: carolConfig, password: 'carol-new-password' })).status).toBe(200);
    expect(await closedWithin(carol.client.closed)).toBe(4001);
    expect(await closedWithin(page.closed)).toBe(4001);

    // Bob's desk is open (signed in, not logged in to his queues), quiet; the admin removes him.
    const bob = await desk(server, { agentId: 'bob', password: 'bob-demo' });
    expect((await admin(server, token, 'DELETE', 'agents/bob')).status).toBe(200);
    expect(await closedWithin(bob.client.closed)).toBe(4001);
  });
});

describe('expiry closes quiet sockets', () => {
  it('an agent\'s desk and an admin\'s inspector close once their tokens lapse, without a frame from them', async () => {
    let now = Date.now();
    server = await startTestServer(testConfig(), { now: () => now, sessions: { agentIdleMs: 60_000, adminIdleMs: 120_000 } });
    const alice = await desk(server, { agentId: 'alice', password: 'alice-demo' });
    const page = await connectInspector(server, { token: await adminToken(server) });
    await page.waitFor((f): f is never => f.type === 'welcome');
    // Quiet and still valid: both stay open.
    now += 59_000;
    expect(await closedWithin(alice.client.closed, 600)).toBe('open');
    now += 2_000;
    expect(await closedWithin(alice.client.closed)).toBe(4001);
    expect(alice.client.frames.some((f) => f.type === 'error' && f.code === 'unauthorized')).toBe(true);
    expect(await closedWithin(page.closed, 600)).toBe('open');
    now += 60_000;
    expect(await closedWithin(page.closed)).toBe(4001);
  });
});
