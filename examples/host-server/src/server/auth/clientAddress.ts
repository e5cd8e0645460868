import { isIP } from 'node:net';

/**
 * Which peers may tell the client's address in `X-Forwarded-For`: none (the default: the socket's address counts),
 * a number of proxy hops in front of the server, or the addresses of the proxies themselves (`loopback` stands for
 * 127.0.0.1 and ::1, where a forwarder on the same machine connects from).
 */
export type TrustProxy = { readonly kind: 'none' } | { readonly kind: 'hops'; readonly hops: number } | { readonly kind: 'addresses'; readonly addresses: ReadonlySet<string>; readonly loopback: boolean };

export const trustNone: TrustProxy = { kind: 'none' };

/**
 * `::ffff:10.0.0.1` and `10.0.0.1` are one address; IPv6 is compared lowercase, without brackets.
 *
 * @example
 * ```ts
 * normalizeAddress('::FFFF:10.0.0.1'); // '10.0.0.1'
 * ```
 */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/** The addresses a local forwarder connects from. Not all of 127/8: other loopback addresses are clients too. */
const isLoopback = (address: string): boolean => address === '::1' || address === '127.0.0.1';

/**
 * Reads `TRUST_PROXY`: empty or `false` trusts nobody; a whole number trusts that many hops (`1`: one load balancer
 * in front); otherwise a comma-separated list of proxy addresses (and `loopback`). Throws on anything else, so a typo
 * does not silently trust or distrust.
 *
 * @example
 * ```ts
 * parseTrustProxy('1');                     // { kind: 'hops', hops: 1 }
 * parseTrustProxy('loopback, 10.0.0.7');    // the local forwarder and one peer
 * ```
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return trustNone;
  if (/^\d+$/.test(text)) return { kind: 'hops', hops: Number(text) };
  const addresses = new Set<string>();
  let loopback = false;
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    if (part === 'loopback') {
      loopback = true;
      continue;
    }
    const address = normalizeAddress(part);
    if (isIP(address) === 0) throw new Error(`TRUST_PROXY: ${JSON.stringify(part)} is not an IP address, a hop count or "loopback"`);
    addresses.add(address);
  }
  return { kind: 'addresses', addresses, loopback };
}

/** Whether this peer is a proxy the server trusts to name the client. */
function trusted(trust: TrustProxy, address: string): boolean {
  if (trust.kind !== 'addresses') return false;
  return trust.addresses.has(address) || (trust.loopback && isLoopback(address));
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the `X-Forwarded-For` chain is
 * read from the right (the hop nearest the server) past every trusted proxy, or past `hops` entries. A client can
 * prepend anything it likes to the header, which is why only what trusted hops appended counts.
 *
 * @example
 * ```ts
 * clientAddress('127.0.0.1', '198.51.100.7, 10.0.0.7', parseTrustProxy('loopback,10.0.0.7')); // '198.51.100.7'
 * clientAddress('203.0.113.5', '1.2.3.4', trustNone);                                         // '203.0.113.5'
 * ```
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trust: TrustProxy): string {
  const socket = normalizeAddress(peer ?? 'unknown');
  if (trust.kind === 'none' || forwardedFor === undefined) return socket;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map(normalizeAddress)
    .filter((a) => a !== '');
  if (trust.kind === 'hops') {
    // [client, proxy1, ..., proxyN-1] + the socket's peer (proxy N): the client is `hops` entries left of the peer.
    const all = [...chain, socket];
    const at = all.length - 1 - trust.hops;
    return validOr(all[Math.max(0, at)], socket);
  }
  if (!trusted(trust, socket)) return socket;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i] as string;
    if (!trusted(trust, hop)) return validOr(hop, socket);
  }
  // Every hop is one of ours: the leftmost is as far as anyone vouches.
  return validOr(chain[0], socket);
}

/** A garbled header entry falls back to the socket's address rather than becoming a key of its own. */
const validOr = (candidate: string | undefined, fallback: string): string => (candidate !== undefined && isIP(candidate) !== 0 ? candidate : fallback);
