// Issue 17: failed guesses from rotating addresses must not lock an account's owner out. The back-off is keyed by
// (account, address) with a budget per address, at the desk and at the inspector; an admin's password reset lifts it.
// Clients come from other loopback addresses (127.0.0.2, ...), which Linux routes to the server on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/server/limits/LoginThrottle';
import { connectInspector } from './inspectorClient';
import { startTestServer, testConfig, TestClient, type TestFrame, type TestServer } from './helpers';
import type { InspectorServerFrame } from '../../src/shared/inspector';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const attackers = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];

async function desk(s: TestServer, agentId: string, password: string, from = '127.0.0.1'): Promise<TestFrame> {
  const client = await TestClient.connect(s.wsUrl, {}, { localAddress: from });
  client.send({ type: 'hello', version: 1, auth: { role: 'agent', agentId, password } });
  const first = await client.waitFor((f) => f.type === 'welcome' || f.type === 'error', 10_000);
  client.close();
  return first;
}

async function inspector(s: TestServer, user: string, password: string, from = '127.0.0.1'): Promise<InspectorServerFrame> {
  const client = await connectInspector(s, { user, password }, { localAddress: from });
  const first = await client.waitFor((f): f is InspectorServerFrame => f.type === 'welcome' || f.type === 'error', 10_000);
  client.ws.close();
  return first;
}

/** The admin gives `agentId` a new password through the admin API. */
async function resetPassword(s: TestServer, agentId: string, password: string): Promise<void> {
  const signIn = await fetch(`${s.url}/api/admin/sign-in`, { method: 'POST', body: JSON.stringify({ user: 'admin', password: 'admin-demo' }) });
  const { token } = (await signIn.json()) as { token: string };
  const agent = s.engine.configuration().agents.find((a) => a.id === agentId);
  const res = await fetch(`${s.url}/api/admin/agents`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify({ agent, password }) });
  expect(res.status).toBe(200);
}

describe('sign-in back-off per account and address', () => {
  it('at the desk: rotating attackers are blocked at their addresses, the owner signs in at hers; a reset lifts it', async () => {
    server = await startTestServer(testConfig({ loginFreeFailuresPerAccount: 3, loginFreeFailuresPerIp: 50 }));
    for (const from of attackers) {
      for (let i = 0; i < 3; i++) expect(await desk(server, 'alice', `guess-${i}`, from)).toMatchObject({ code: 'unauthorized' });
      // That address is now in back-off for alice: even the right password is refused there, without a check.
      expect(await desk(server, 'alice', 'alice-demo', from)).toMatchObject({ code: 'rate-limited', retryAfterMs: expect.any(Number) });
    }
    // Sixteen failures against alice, none from her address: her correct password works, at once.
    expect(await desk(server, 'alice', 'alice-demo', '127.0.0.1')).toMatchObject({ type: 'welcome' });
    // The admin gives her a new password: every address's back-off against her account is gone.
    await resetPassword(server, 'alice', 'alice-new-password');
    expect(await desk(server, 'alice', 'alice-new-password', attackers[0])).toMatchObject({ type: 'welcome' });
  });

  it('at the desk: one address still has a budget across accounts', async () => {
    server = await startTestServer(testConfig({ loginFreeFailuresPerAccount: 100, loginFreeFailuresPerIp: 3 }));
    for (const agentId of ['alice', 'bob', 'carol']) expect(await desk(server, agentId, 'wrong', '127.0.0.7')).toMatchObject({ code: 'unauthorized' });
    expect(await desk(server, 'dave', 'whatever', '127.0.0.7')).toMatchObject({ code: 'rate-limited' });
    // Other addresses are not affected.
    expect(await desk(server, 'bob', 'bob-demo', '127.0.0.8')).toMatchObject({ type: 'welcome' });
  });

  it('at the inspector: the same, for a supervisor and for the admin', async () => {
    server = await startTestServer(testConfig({ loginFreeFailuresPerAccount: 2, loginFreeFailuresPerIp: 50 }));
    for (const from of attackers) {
      for (let i = 0; i < 2; i++) expect(await inspector(server, 'carol', `guess-${i}`, from)).toMatchObject({ code: 'unauthorized' });
      expect(await inspector(server, 'carol', 'carol-demo', from)).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('too many failed sign-ins') });
      for (let i = 0; i < 2; i++) await inspector(server, 'admin', `guess-${i}`, from);
    }
    expect(await inspector(server, 'carol', 'carol-demo', '127.0.0.1')).toMatchObject({ type: 'welcome', who: 'carol' });
    expect(await inspector(server, 'admin', 'admin-demo', '127.0.0.1')).toMatchObject({ type: 'welcome', who: 'admin' });
    // The inspector and the desk share carol's back-off at an address, and a reset lifts both.
    expect(await desk(server, 'carol', 'carol-demo', attackers[1])).toMatchObject({ code: 'rate-limited' });
    await resetPassword(server, 'carol', 'carol-new-password');
    expect(await inspector(server, 'carol', 'carol-new-password', attackers[1])).toMatchObject({ type: 'welcome', who: 'carol' });
  });
});

describe('LoginThrottle', () => {
  it('keys the back-off by pair, keeps a budget per address, and forgets an account on reset', () => {
    let now = 0;
    const throttle = new LoginThrottle({ freePerAccount: 2, freePerIp: 5, maxBackoffMs: 60_000 }, () => now);
    throttle.failed('alice', 'a');
    throttle.failed('alice', 'a');
    expect(throttle.wait('alice', 'a')).toBe(1_000);
    expect(throttle.wait('alice', 'b')).toBe(0);
    throttle.failed('alice', 'a');
    expect(throttle.wait('alice', 'a')).toBe(2_000);
    throttle.reset('alice');
    expect(throttle.wait('alice', 'a')).toBe(0);
    for (const account of ['b1', 'b2', 'b3', 'b4', 'b5']) throttle.failed(account, 'z');
    expect(throttle.wait('someone-else', 'z')).toBe(1_000);
    now += 1_000;
    expect(throttle.wait('someone-else', 'z')).toBe(0);
  });
});
