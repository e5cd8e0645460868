// Issue 17: behind chatroute's own forwarder every client arrived with the node's address, so per-IP limits counted
// the whole cluster as one client. With TRUST_PROXY (cluster nodes: their forwarder and peers) the host reads the
// client's address from X-Forwarded-For, past trusted hops only, so limits count real clients and a forged header
// changes nothing. Clients come from other loopback addresses (127.0.0.2, ...).
import { afterEach, describe, expect, it } from 'vitest';
import { clusterTrust } from '../../src/cluster/nodeOps';
import { Forwarder } from '../../src/cluster/Forwarder';
import { clientAddress, parseTrustProxy, trustNone } from '../../src/server/auth/clientAddress';
import { freePort } from '../../src/cluster/postgres';
import { startTestServer, testConfig, TestClient, type TestServer } from '../server/helpers';

let server: TestServer | undefined;
let front: Forwarder | undefined;
afterEach(async () => {
  await front?.close();
  await server?.close();
  server = front = undefined;
});

/** A server that allows 2 chat starts per client address (and refills slowly), behind a forwarder. */
async function behindForwarder(trustProxy: ReturnType<typeof parseTrustProxy> | undefined) {
  server = await startTestServer({ ...testConfig({ chatStartBurstPerIp: 2, chatStartsPerMinutePerIp: 0.001 }), ...(trustProxy !== undefined ? { trustProxy } : {}) });
  front = new Forwarder('node-test');
  const port = await freePort();
  await front.listen(port, '127.0.0.1');
  front.setRoute({ kind: 'serve', address: new URL(server.url).host });
  return { url: `ws://127.0.0.1:${port}/ws`, host: new URL(server.url).host };
}

/** Starts a chat through the forwarder from `from`; resolves with 'started' or the refusal's code. */
async function startFrom(target: { url: string; host: string }, from: string, headers: Record<string, string> = {}): Promise<string> {
  const client = await TestClient.connect(target.url, { Host: target.host, ...headers }, { localAddress: from });
  client.send({ type: 'hello', version: 1, auth: { role: 'customer', start: { queueId: 'sales', name: 'Eve' } } });
  const first = await client.waitFor((f) => f.type === 'welcome' || f.type === 'error', 10_000);
  client.close();
  return first.type === 'welcome' ? 'started' : (first as { code: string }).code;
}

describe('per-IP limits behind the forwarder', () => {
  it('count each real client when the forwarder is trusted, and ignore what a client forges', async () => {
    const target = await behindForwarder(clusterTrust([]));
    expect(await startFrom(target, '127.0.0.2')).toBe('started');
    expect(await startFrom(target, '127.0.0.2', { 'X-Forwarded-For': '198.51.100.1' })).toBe('started');
    // Its third is refused: a forged X-Forwarded-For is left of the hop the forwarder appended, so it is not believed.
    expect(await startFrom(target, '127.0.0.2', { 'X-Forwarded-For': '198.51.100.2' })).toBe('rate-limited');
    // Another client behind the same node is its own address.
    expect(await startFrom(target, '127.0.0.3')).toBe('started');
    expect(await startFrom(target, '127.0.0.4')).toBe('started');
  });

  it('collapse to the node\'s address without it (what issue 17 found)', async () => {
    const target = await behindForwarder(undefined);
    expect(await startFrom(target, '127.0.0.2')).toBe('started');
    expect(await startFrom(target, '127.0.0.3')).toBe('started');
    expect(await startFrom(target, '127.0.0.4')).toBe('rate-limited');
  });
});

describe('TRUST_PROXY', () => {
  it('reads hop counts and address lists, and refuses anything else', () => {
    expect(parseTrustProxy(undefined)).toEqual(trustNone);
    expect(parseTrustProxy('')).toEqual(trustNone);
    expect(parseTrustProxy('2')).toEqual({ kind: 'hops', hops: 2 });
    expect(parseTrustProxy('loopback, 10.0.0.7, ::FFFF:10.0.0.8')).toEqual({ kind: 'addresses', addresses: new Set(['10.0.0.7', '10.0.0.8']), loopback: true });
    expect(() => parseTrustProxy('proxy.internal')).toThrow(/TRUST_PROXY/);
  });

  it('takes the client from the right of X-Forwarded-For, past trusted hops only', () => {
    const trust = parseTrustProxy('10.0.0.7,10.0.0.8');
    expect(clientAddress('10.0.0.7', '1.1.1.1, 203.0.113.9, 10.0.0.8', trust)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.5', '1.1.1.1', trust)).toBe('203.0.113.5'); // an untrusted peer's header is ignored
    expect(clientAddress('::ffff:10.0.0.7', 'garbage', trust)).toBe('10.0.0.7');
    expect(clientAddress('10.0.0.1', '1.1.1.1, 203.0.113.9', parseTrustProxy('1'))).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', '203.0.113.9', trustNone)).toBe('10.0.0.1');
  });

  it('trusts a cluster node\'s forwarder and its peers by address', () => {
    expect(clusterTrust(['10.0.0.7:3101', '[fd00::8]:3101', 'node-c.internal:3101'])).toEqual({ kind: 'addresses', addresses: new Set(['10.0.0.7', 'fd00::8']), loopback: true });
    expect(clusterTrust(['10.0.0.7:3101'], parseTrustProxy('2'))).toEqual({ kind: 'hops', hops: 2 });
    expect(clusterTrust([], parseTrustProxy('192.0.2.10'))).toEqual({ kind: 'addresses', addresses: new Set(['192.0.2.10']), loopback: true });
  });
});
