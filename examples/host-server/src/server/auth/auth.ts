import { createHash, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { Credentials, hashPassword, verifyPassword } from './passwords';
import { Sessions, type ChatLookup, type Identity, type SessionPolicy } from './sessions';
import { TokenWatch } from './TokenWatch';

export type { Identity } from './sessions';

/** The admin account of the admin page and API. A real host asks its identity provider instead. */
export interface AdminAccount {
  readonly user: string;
  readonly password: string;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Sign-in and bearer tokens. Agents sign in with their password (scrypt-hashed in the data folder; the demo
 * configuration's passwords seed it), the admin with the configured account, and customers get a token scoped to
 * the one chat they start. Tokens persist in the data folder, expire, and are revoked at sign-out.
 *
 * @example
 * ```ts
 * const auth = await Auth.open({ db, policy: defaultSessionPolicy, now: Date.now, chat: () => undefined, passwords: { alice: 'alice-demo' } });
 * const token = await auth.signIn('alice', 'alice-demo'); // string, or undefined for a wrong password
 * auth.identify(token); // { role: 'agent', agentId: 'alice' }
 * ```
 */
export class Auth {
  readonly sessions: Sessions;
  readonly credentials: Credentials;
  /** Ends open connections when their token is revoked or expires. */
  readonly tokens: TokenWatch;
  readonly #admin: { user: Buffer; hash: Promise<string> } | undefined;

  private constructor(sessions: Sessions, credentials: Credentials, admin: { user: Buffer; hash: Promise<string> } | undefined) {
    this.sessions = sessions;
    this.credentials = credentials;
    this.tokens = new TokenWatch(sessions);
    this.#admin = admin;
  }

  static async open(options: {
    db: Database.Database;
    policy: SessionPolicy;
    now: () => number;
    chat: ChatLookup;
    passwords: Readonly<Record<string, string>>;
    admin?: AdminAccount;
    /** scrypt's N for new password hashes (default 2^17). */
    scryptN?: number;
  }): Promise<Auth> {
    const credentials = new Credentials(options.db, options.scryptN);
    await credentials.seed(options.passwords);
    // Hashed in the background: at N = 2^17 a hash takes a few hundred ms, which a start (a cluster node taking a
    // shard over) should not wait for; the first admin sign-in does.
    const admin = options.admin !== undefined ? { user: digest(options.admin.user), hash: hashPassword(options.admin.password, credentials.N) } : undefined;
    admin?.hash.catch(() => undefined);
    return new Auth(new Sessions(options.db, options.policy, options.now, options.chat), credentials, admin);
  }

  /** A token for the agent, or undefined when the agent is unknown or the password is wrong (indistinguishably). */
  async signIn(agentId: string, password: string): Promise<string | undefined> {
    if (!(await this.credentials.verify(agentId, password))) return undefined;
    return this.sessions.issue({ role: 'agent', agentId });
  }

  /** A token for the admin page, or undefined (no admin account configured, or wrong user or password). */
  async signInAdmin(user: string, password: string): Promise<string | undefined> {
    const admin = this.#admin;
    if (admin === undefined) return undefined;
    // Both checks run every time: a wrong user costs as long as a wrong password.
    const passwordOk = await verifyPassword(await admin.hash, password);
    if (!timingSafeEqual(admin.user, digest(user)) || !passwordOk) return undefined;
    return this.sessions.issue({ role: 'admin', user });
  }

  /** A token that reaches one chat only: this chat id with this start time. */
  issueCustomerToken(chatId: string, chatStartedAt: number): string {
    return this.sessions.issue({ role: 'customer', chatId }, chatStartedAt);
  }

  /** Who holds this token, or undefined (unknown, revoked or expired). */
  identify(token: string | undefined): Identity | undefined {
    return this.sessions.identify(token);
  }

  /** Reads `Authorization: Bearer <token>`. */
  identifyBearer(header: string | undefined): Identity | undefined {
    return this.identify(bearerToken(header));
  }
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer ([\w-]{1,200})$/.exec(header ?? '')?.[1];
}
