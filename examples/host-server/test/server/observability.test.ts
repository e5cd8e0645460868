// Issue 17: the host answers /healthz, /readyz and /metrics (Prometheus text), its counters follow real traffic, and
// /metrics can be put behind a bearer token.
import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusText } from '../../src/server/observability/prometheus';
import { parseMetrics } from './metricsText';
import { hello, pngBytes, signIn, startChat, startTestServer, testConfig, type TestServer } from './helpers';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function scrape(s: TestServer, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const res = await fetch(`${s.url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return parseMetrics(await res.text());
}

const value = (samples: Map<string, number>, key: string): number => samples.get(key) ?? 0;

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('health and readiness', () => {
  it('answers /healthz and /readyz, for probes with any Host, and not the pages', async () => {
    server = await startTestServer();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, eventLoopLagMs: expect.any(Number) });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { engine: 'ok', store: 'ok' } });
    // A kubelet probes the pod's address: health answers, the pages stay behind the Host allow-list.
    const { request } = await import('node:http');
    const status = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${server?.url}${path}`, { headers: { Host: '10.1.2.3:8080' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status('/healthz')).toBe(200);
    expect(await status('/readyz')).toBe(200);
    expect(await status('/desk')).toBe(421);
    expect(await status('/metrics')).toBe(421); // no token configured: /metrics keeps the allow-list
  });

  it('is not ready, with the reason, when a check fails', async () => {
    let leaseHeld = true;
    server = await startTestServer(testConfig(), { observability: { readiness: { lease: () => (leaseHeld ? undefined : 'this node no longer owns the shard') } } });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    leaseHeld = false;
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, reason: 'this node no longer owns the shard', checks: { engine: 'ok', store: 'ok', lease: 'this node no longer owns the shard' } });
    expect(value(await scrape(server), 'chatroute_host_ready')).toBe(0);
  });
});

describe('/metrics', () => {
  it('counts real traffic: requests, sockets by kind, frames, throttles, refusals, uploads and the engine', async () => {
    server = await startTestServer(testConfig({ loginFreeFailuresPerAccount: 1, frameBurst: 10, framesPerSecond: 1 }));
    const before = await scrape(server);
    expect(value(before, 'chatroute_host_ws_connections{kind="agent"}')).toBe(0);
    expect(before.has('process_resident_memory_bytes')).toBe(true);
    expect(before.has('nodejs_eventloop_lag_seconds')).toBe(true);

    const alice = await signIn(server, 'alice');
    const eve = await startChat(server, 'Eve');
    await alice.next('desk', (f) => f.desk.offers.length === 1);
    await alice.command({ type: 'offer.accept', chatId: eve.chatId });
    const up = await fetch(`${server.url}/api/uploads?name=a.png`, { method: 'POST', headers: { Authorization: `Bearer ${eve.token}`, 'Content-Type': 'image/png' }, body: pngBytes });
    expect(up.status).toBe(201);
    // One wrong password is free, the next is refused by the back-off before any password check.
    for (let i = 0; i < 2; i++) (await hello(server, { role: 'agent', agentId: 'bob', password: 'wrong-password' })).client.close();
    // A burst past the frame rate.
    for (let i = 0; i < 15; i++) eve.client.send({ type: 'typing' });
    await eve.client.next('error', (f) => f.code === 'rate-limited');

    const after = await scrape(server);
    expect(value(after, 'chatroute_host_ws_connections{kind="agent"}')).toBe(1);
    expect(value(after, 'chatroute_host_ws_connections{kind="customer"}')).toBe(1);
    expect(value(after, 'chatroute_host_http_requests_total{route="upload",status="201"}')).toBe(1);
    expect(value(after, 'chatroute_host_http_requests_total{route="metrics",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'chatroute_host_ws_frames_total{direction="in",kind="customer"}')).toBeGreaterThanOrEqual(15);
    expect(value(after, 'chatroute_host_ws_frames_total{direction="out",kind="agent"}')).toBeGreaterThan(value(before, 'chatroute_host_ws_frames_total{direction="out",kind="agent"}'));
    expect(value(after, 'chatroute_host_login_throttled_total{door="desk"}')).toBe(1);
    expect(value(after, 'chatroute_host_rate_limited_total{limit="frames"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'chatroute_host_uploads_total{outcome="stored"}')).toBe(1);
    expect(value(after, 'chatroute_host_upload_bytes_total')).toBe(pngBytes.length);
    // engine.metrics(), as chatroute_… families.
    expect(value(after, 'chatroute_commands_total{command="chat.start",outcome="accepted"}')).toBe(1);
    expect(value(after, 'chatroute_commands_total{command="offer.accept",outcome="accepted"}')).toBe(1);
    expect(value(after, 'chatroute_agents{state="ready"}') + value(after, 'chatroute_agents{state="busy"}')).toBe(1);
    expect(value(after, 'chatroute_agents{state="offline"}')).toBe(2);
    expect(value(after, 'chatroute_chats_live')).toBe(1);
    expect(value(after, 'chatroute_journal_entries_total')).toBeGreaterThan(value(before, 'chatroute_journal_entries_total'));
    expect(value(after, 'chatroute_dispatch_duration_seconds_count')).toBeGreaterThan(value(before, 'chatroute_dispatch_duration_seconds_count'));
    expect(value(after, 'chatroute_dispatch_duration_seconds_bucket{le="+Inf"}')).toBe(value(after, 'chatroute_dispatch_duration_seconds_count'));
    expect(after.has('chatroute_queue_waiting{queue="sales"}')).toBe(true);

    // Closing the customer's socket takes it off the gauge.
    eve.client.close();
    await until(async () => value(await scrape(server as TestServer), 'chatroute_host_ws_connections{kind="customer"}') === 0);
    alice.close();
  });

  it('wants the bearer token when one is configured', async () => {
    server = await startTestServer(testConfig(), { observability: { metricsToken: 'scrape-token-of-the-test' } });
    const none = await fetch(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: 'Bearer another-token' } })).status).toBe(401);
    const samples = await scrape(server, { Authorization: 'Bearer scrape-token-of-the-test' });
    expect(value(samples, 'chatroute_host_http_requests_total{route="metrics",status="401"}')).toBe(2);
    // Health stays open to probes.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('the exposition writer', () => {
  it('escapes label values, writes cumulative buckets in seconds, and refuses a family twice', () => {
    const out = new PrometheusText()
      .counter('x_total', 'help', [[{ queue: 'a"b\\c\nd' }, 2]])
      .histogramMs('y_seconds', 'latency', [[{}, { bounds: [1, 10], counts: [2, 3, 1], sum: 40, count: 6 }]]);
    const text = out.toString();
    expect(text).toContain('x_total{queue="a\\"b\\\\c\\nd"} 2');
    expect(text).toContain('y_seconds_bucket{le="0.001"} 2');
    expect(text).toContain('y_seconds_bucket{le="0.01"} 5');
    expect(text).toContain('y_seconds_bucket{le="+Inf"} 6');
    expect(text).toContain('y_seconds_sum 0.04');
    expect(() => parseMetrics(text)).not.toThrow();
    expect(() => out.gauge('x_total', 'again', 1)).toThrow(/twice/);
  });
});
