// Issue 18: a webhook receiver sees every event after a kill -9 of the host mid-delivery. The host runs as a real
// child process (`npm start`'s main.ts) on a data folder; the receiver holds one delivery unanswered and the parent
// kills the host with SIGKILL while it waits; the host starts again on the same folder and goes on from its stored
// cursor. Checked against the engine's own event log: every event delivered, in order, byte for byte, and the only
// event the receiver saw twice is the one that was in flight at the kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebhookCreated } from '../../src/shared/webhooks';
import type { WebhookStats } from '../../src/server/webhooks/Webhooks';
import { startChat, startTestServer, tempDir, testConfig } from './helpers';
import { until, WebhookReceiver } from './webhookReceiver';

const MAIN = fileURLToPath(new URL('../../src/server/main.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'crash-test-webhook-secret-0123456789';
const ADMIN_PASSWORD = 'crash-test-admin';

interface Host {
  readonly child: ChildProcess;
  readonly output: string[];
  url: string;
}

const children: ChildProcess[] = [];
let dataDir: string | undefined;
let receiver: WebhookReceiver | undefined;
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await receiver?.close();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

/** `npm start`'s entry on the data folder and a free port; resolves once it logs its URLs (a JSON line). */
async function startHost(dir: string): Promise<Host> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: PACKAGE_DIR,
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_PASSWORD,
      // Long enough that the held delivery is still in flight when the kill comes, whatever the machine's load.
      WEBHOOK_TIMEOUT_MS: '120000',
      WEBHOOK_BACKOFF_MS: '50',
      WEBHOOK_BACKOFF_CAP_MS: '500',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const host: Host = { child, output: [], url: '' };
  child.stdout?.on('data', (chunk: Buffer) => host.output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => host.output.push(`stderr: ${chunk.toString()}`));
  await until(() => {
    const match = /"desk":"(http:\/\/[\d.]+:\d+)\/desk"/.exec(host.output.join(''));
    if (match !== null) host.url = match[1] as string;
    return match !== null || child.exitCode !== null;
  }, 'the host to start', 90_000);
  if (host.url === '') throw new Error(`the host did not start:\n${host.output.join('')}`);
  return host;
}

async function admin<T>(host: Host, method: string, path: string, body?: unknown): Promise<T> {
  const signIn = await fetch(`${host.url}/api/admin/sign-in`, { method: 'POST', body: JSON.stringify({ user: 'admin', password: ADMIN_PASSWORD }) });
  const { token } = (await signIn.json()) as { token: string };
  const response = await fetch(`${host.url}/api/admin/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return (await response.json()) as T;
}

/** Configuration changes over the admin API: each one is an event (`config.changed`). */
async function changes(host: Host, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i += 1) {
    await admin(host, 'POST', 'queues', { id: 'billing', name: `Billing ${i}`, closeStatuses: ['paid'], offerTimeoutMs: 10_000 + i });
  }
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('webhooks across a kill -9 of the host', () => {
  it('deliver every event after the restart, in order; only the event in flight at the kill arrives twice', async () => {
    dataDir = await tempDir();
    receiver = await WebhookReceiver.start();
    receiver.secret = SECRET;
    const HELD = 6;
    receiver.behaviour = (_r, index) => (index === HELD ? 'hang' : 200);

    let host = await startHost(dataDir);
    const created = await admin<WebhookCreated & { ok: boolean }>(host, 'POST', 'webhooks', { url: receiver.url, secret: SECRET });
    expect(created.ok).toBe(true);
    const cursor = created.webhooks[0]?.cursor ?? -1;
    await changes(host, 0, 10);
    await startChat({ wsUrl: `${host.url.replace('http', 'ws')}/ws` }, 'Eve', 'sales');
    await until(() => receiver!.requests.length > HELD, 'the held delivery', 60_000);
    const inFlight = receiver.requests[HELD]?.seq as number;

    // Mid-delivery: the receiver has the event but has not answered; events after it wait in the log.
    host.child.kill('SIGKILL');
    await exited(host.child);
    expect(host.child.signalCode).toBe('SIGKILL');
    receiver.behaviour = () => 200;

    host = await startHost(dataDir);
    await changes(host, 10, 5);
    await until(() => receiver!.requests.filter((r) => r.seq === inFlight).length >= 2, 'the in-flight event sent again', 60_000);
    let stats: WebhookStats | undefined;
    await until(
      () => {
        void admin<WebhookStats>(host, 'GET', 'webhooks/stats').then((s) => (stats = s), () => {});
        const mine = stats?.subscriptions[0];
        return mine !== undefined && mine.lag === 0 && mine.inFlightSeq === null && stats!.lastEventSeq > inFlight + 5;
      },
      'the subscription caught up',
      60_000,
    );
    host.child.kill('SIGTERM');
    await exited(host.child);

    // The truth: the event log of the folder, read by an engine of its own.
    const reader = await startTestServer(testConfig(), { dataDir });
    const page = await reader.engine.eventsAfter(cursor, { limit: 10_000 });
    await reader.close();
    if (!page.ok) throw new Error(page.error.message);
    const log = page.events.filter((e) => e.seq <= (stats?.subscriptions[0]?.cursor ?? 0));
    expect(log.length).toBeGreaterThan(15);

    const seen = receiver.requests.map((r) => r.seq);
    const acknowledged = receiver.delivered;
    // Every event, once acknowledged, in order, exactly as the log holds it; every signature checks out.
    expect(acknowledged.map((r) => r.seq)).toEqual(log.map((e) => e.seq));
    expect(acknowledged.map((r) => r.body)).toEqual(log.map((e) => JSON.stringify(e)));
    expect(receiver.requests.every((r) => r.signatureOk)).toBe(true);
    // Never out of order; the one duplicate is the event in flight at the kill, sent twice with the same bytes.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const twice = [...new Set(seen.filter((seq, i) => seen.indexOf(seq) !== i))];
    expect(twice).toEqual([inFlight]);
    expect(seen.filter((s) => s === inFlight).length).toBe(2);
    const copies = receiver.requests.filter((r) => r.seq === inFlight).map((r) => r.body);
    expect(copies[0]).toBe(copies[1]);
  }, 240_000);
});
