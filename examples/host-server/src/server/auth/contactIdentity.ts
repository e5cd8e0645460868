import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * Sites that embed the customer widget and vouch for who their visitor is (see README, "Contact identity"): each
 * signs `{ contactId, name?, email?, exp }` with its own secret. Only such a verified identity, or the widget's own
 * signed visitor cookie, links a chat to earlier chats; an email typed into the form never does.
 */
export interface IdentityConfig {
  /** siteId → shared secret (at least 32 characters) of HMAC-SHA256. */
  readonly sites: Readonly<Record<string, string>>;
  /**
   * The secret of the widget's visitor cookie. Default: a random one kept in the data folder (so returning visitors
   * are recognised across restarts).
   */
  readonly visitorSecret?: string;
  /** How long the visitor cookie lasts. Default 180 days. */
  readonly visitorMaxAgeMs?: number;
}

/** Who the customer is, as far as the host can prove it. Only `contactId` links earlier chats. */
export interface VerifiedContact {
  readonly contactId: string;
  readonly name?: string;
  readonly email?: string;
}

/** What an embedding site signs: its own contact id, optionally the name and email it knows, and an expiry (Unix seconds). */
export interface IdentityClaims {
  readonly contactId: string;
  readonly name?: string;
  readonly email?: string;
  readonly exp: number;
}

const sign = (secret: string, payload: string): Buffer => createHmac('sha256', secret).update(payload, 'utf8').digest();

/**
 * A token an embedding site gives its signed-in visitor: `base64url(JSON claims) + "." + base64url(HMAC-SHA256)`.
 * Sites do this on their own server with the secret they share with the host (see README, "Contact identity").
 *
 * @example
 * ```ts
 * const token = signIdentityToken(secret, { contactId: 'crm-42', email: 'eve@example.com', exp: Math.floor(Date.now() / 1000) + 600 });
 * ```
 */
export function signIdentityToken(secret: string, claims: IdentityClaims): string {
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/** The claims of a site's token, or why not (unknown site, bad signature, expired, malformed). */
export function verifyIdentityToken(secret: string, token: string, nowMs: number): IdentityClaims | string {
  const [payload, signature, extra] = token.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return 'malformed';
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad signature';
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return 'malformed';
  }
  if (typeof claims !== 'object' || claims === null) return 'malformed';
  const { contactId, name, email, exp } = claims as Record<string, unknown>;
  if (typeof contactId !== 'string' || contactId === '' || contactId.length > 200) return 'contactId must be a string of 1..200 characters';
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'exp must be a number (Unix seconds)';
  if (exp * 1000 <= nowMs) return 'expired';
  if (name !== undefined && (typeof name !== 'string' || name.length > 200)) return 'name must be a string';
  if (email !== undefined && (typeof email !== 'string' || email.length > 320)) return 'email must be a string';
  return { contactId, exp, ...(name !== undefined ? { name: name as string } : {}), ...(email !== undefined ? { email: email as string } : {}) };
}

export const VISITOR_COOKIE = 'chatroute_visitor';

/**
 * Verified contact identities. A site's token gives `site:<siteId>:<contactId>` (namespaced, so one site cannot
 * claim another's contacts); the widget's own cookie gives `visitor:<random id>` to a browser that comes back. Both
 * are checked with HMAC; nothing a customer types (an email) becomes a contact id.
 *
 * @example
 * ```ts
 * const identities = ContactIdentities.open(db, config.identity, Date.now);
 * identities.fromSite('shop', token);          // VerifiedContact | string (why not)
 * identities.visitorCookie(cookieHeader);      // the id of a returning browser, or undefined
 * ```
 */
export class ContactIdentities {
  readonly #sites: Readonly<Record<string, string>>;
  readonly #visitorSecret: string;
  readonly #now: () => number;
  readonly visitorMaxAgeMs: number;

  private constructor(sites: Readonly<Record<string, string>>, visitorSecret: string, maxAgeMs: number, now: () => number) {
    this.#sites = sites;
    this.#visitorSecret = visitorSecret;
    this.visitorMaxAgeMs = maxAgeMs;
    this.#now = now;
  }

  /** Reads (or creates once) the visitor secret in the data folder, so cookies outlive restarts. */
  static open(db: Database.Database, config: IdentityConfig | undefined, now: () => number): ContactIdentities {
    for (const [site, secret] of Object.entries(config?.sites ?? {})) {
      if (secret.length < 32) throw new Error(`identity.sites.${site}: the secret must have at least 32 characters`);
    }
    let secret = config?.visitorSecret;
    if (secret === undefined) {
      db.exec('CREATE TABLE IF NOT EXISTS host_secret (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
      db.prepare("INSERT OR IGNORE INTO host_secret (name, value) VALUES ('visitor', ?)").run(randomBytes(32).toString('base64url'));
      secret = (db.prepare("SELECT value FROM host_secret WHERE name = 'visitor'").get() as { value: string }).value;
    }
    return new ContactIdentities(config?.sites ?? {}, secret, config?.visitorMaxAgeMs ?? 180 * 86_400_000, now);
  }

  /** The contact a site vouches for, or why the token is refused. */
  fromSite(siteId: string, token: string): VerifiedContact | string {
    const secret = Object.hasOwn(this.#sites, siteId) ? this.#sites[siteId] : undefined;
    if (secret === undefined) return 'unknown site';
    const claims = verifyIdentityToken(secret, token, this.#now());
    if (typeof claims === 'string') return claims;
    return { contactId: `site:${siteId}:${claims.contactId}`, ...(claims.name !== undefined ? { name: claims.name } : {}), ...(claims.email !== undefined ? { email: claims.email } : {}) };
  }

  /** A new visitor cookie value: a random id and its signature. */
  newVisitor(): string {
    const id = randomBytes(16).toString('base64url');
    return `${id}.${sign(this.#visitorSecret, `visitor:${id}`).toString('base64url')}`;
  }

  /** The visitor id of a `Cookie` header whose visitor cookie is genuine, or undefined. */
  visitorOf(cookieHeader: string | undefined): string | undefined {
    const value = cookieValue(cookieHeader, VISITOR_COOKIE);
    const [id, signature] = value?.split('.') ?? [];
    if (id === undefined || signature === undefined || !/^[\w-]{22}$/.test(id)) return undefined;
    const expected = sign(this.#visitorSecret, `visitor:${id}`);
    const given = Buffer.from(signature, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
  }

  /** `Set-Cookie` for a new visitor: HttpOnly (scripts never see it), SameSite=Strict, the whole site. */
  setCookieHeader(secure: boolean): string {
    const maxAge = Math.floor(this.visitorMaxAgeMs / 1000);
    return `${VISITOR_COOKIE}=${this.newVisitor()}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
