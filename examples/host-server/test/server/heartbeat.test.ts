// Issue 17: a connection that dies without a FIN (here: a real TCP proxy on 127.0.0.1 that silently stops forwarding)
// no longer counts as present for ever. The server's pings go unanswered, it terminates the socket after the timeout,
// and the close goes the usual way: the agent is disconnected (no more offers, the pending one withdrawn without the
// unpaid missed-offer pause), the customer is away and then handled by the customer-disconnect policy.
import { createEngine, systemClock } from 'chatroute';
import { afterEach, describe, expect, it } from 'vitest';
import { BlackholeProxy } from './BlackholeProxy';
import { startChat, startTestServer, testConfig, TestClient, type TestServer } from './helpers';
import { parseMetrics } from './metricsText';

let server: TestServer | undefined;
let proxy: BlackholeProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await server?.close();
  server = proxy = undefined;
});

/** Pings every 100 ms; silent for 1 s means dead. Generous against a loaded machine, short for a test. */
const config = testConfig({ heartbeatMs: 100, heartbeatTimeoutMs: 1_000 });

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A client through the proxy; the Host header names the server (the Host allow-list does not know the proxy). */
async function throughProxy(s: TestServer, p: BlackholeProxy): Promise<TestClient> {
  return TestClient.connect(`ws://127.0.0.1:${p.port}/ws`, { Host: new URL(s.url).host });
}

async function heartbeatsMissed(s: TestServer, kind: string): Promise<number> {
  const samples = parseMetrics(await (await fetch(`${s.url}/metrics`)).text());
  return samples.get(`chatroute_host_ws_heartbeats_missed_total{kind="${kind}"}`) ?? 0;
}

describe('WebSocket heartbeats through a blackholing proxy', () => {
  it('disconnect a silent agent: the pending offer is withdrawn unpaused, and no further offers come', async () => {
    server = await startTestServer(config);
    proxy = await BlackholeProxy.start(Number(new URL(server.url).port));
    const alice = await throughProxy(server, proxy);
    alice.send({ type: 'hello', version: 1, auth: { role: 'agent', agentId: 'alice', password: 'alice-demo' } });
    await alice.next('welcome');
    expect(await alice.command({ type: 'agent.login' })).toMatchObject({ ok: true });
    // Quiet but alive: pings are answered, so well past the timeout she is still connected.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(server.engine.getAgent('alice')?.disconnectedSince).toBeUndefined();

    const first = await startChat(server, 'Eve');
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    proxy.blackhole();

    const { engine } = server;
    await until(() => engine.getAgent('alice')?.disconnectedSince !== undefined);
    expect(await heartbeatsMissed(server, 'agent')).toBe(1);
    // The offer went back to the queue without a missed-offer pause: still ready, not paused, not logged out.
    expect(engine.getChat(first.chatId)?.state).toBe('queued');
    expect(engine.getAgent('alice')?.state).toBe('ready');
    expect(engine.getAgent('alice')?.pause).toBeUndefined();
    // A new chat is not offered to her either.
    const second = await startChat(server, 'Sam');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(engine.getChat(second.chatId)?.state).toBe('queued');
    expect(engine.getDesk('alice')?.offers ?? []).toEqual([]);
    first.client.close();
    second.client.close();
  });

  it('take a silent customer away, and the customer-disconnect policy ends the chat', async () => {
    server = await startTestServer(config, {
      // The engine's own presence policy, short: a customer away for 1 s has left.
      openEngine: async () => createEngine({ clock: systemClock, queues: config.queues, agents: config.agents, presence: { customerGraceMs: 1_000 } }),
    });
    proxy = await BlackholeProxy.start(Number(new URL(server.url).port));
    const eve = await throughProxy(server, proxy);
    eve.send({ type: 'hello', version: 1, auth: { role: 'customer', start: { queueId: 'support', name: 'Eve' } } });
    const welcome = await eve.next('welcome');
    const chatId = (welcome.session as { chatId: string }).chatId;
    const { engine } = server;
    expect(engine.getChat(chatId)?.state).toBe('queued');
    proxy.blackhole();

    await until(() => engine.getChat(chatId)?.customerAway !== undefined);
    expect(await heartbeatsMissed(server, 'customer')).toBe(1);
    // Away past the grace: the waiting chat is abandoned, and its slot in the queue freed.
    await until(() => engine.getChat(chatId)?.state === 'abandoned');
  });
});
