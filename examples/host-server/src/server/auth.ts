import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Who a connection or an HTTP request is, once authenticated. The server derives every `agentId` from this. */
export type Identity = { readonly role: 'agent'; readonly agentId: string } | { readonly role: 'customer'; readonly chatId: string };

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** 256 random bits: unguessable, so a token is the capability itself. */
const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * Sign-in and bearer tokens. Agents sign in with the password of the demo configuration (a real host asks its
 * identity provider instead); customers get a token scoped to the one chat they start. Tokens live in memory,
 * like the engine, so a server restart signs everyone out.
 *
 * @example
 * ```ts
 * const auth = new Auth({ alice: 'alice-demo' });
 * const token = auth.signIn('alice', 'alice-demo'); // string, or undefined for a wrong password
 * auth.identify(token); // { role: 'agent', agentId: 'alice' }
 * ```
 */
export class Auth {
  readonly #passwords: ReadonlyMap<string, Buffer>;
  readonly #tokens = new Map<string, Identity>();

  constructor(passwords: Readonly<Record<string, string>>) {
    // Compare digests, not the strings: equal lengths for timingSafeEqual, and no early exit on the first byte.
    this.#passwords = new Map(Object.entries(passwords).map(([agentId, password]) => [agentId, digest(password)]));
  }

  /** A token for the agent, or undefined when the agent is unknown or the password is wrong (indistinguishably). */
  signIn(agentId: string, password: string): string | undefined {
    const expected = this.#passwords.get(agentId) ?? digest(randomBytes(16).toString('hex'));
    const matches = timingSafeEqual(expected, digest(password)) && this.#passwords.has(agentId);
    if (!matches) return undefined;
    return this.#issue({ role: 'agent', agentId });
  }

  /** A token that reaches one chat only. */
  issueCustomerToken(chatId: string): string {
    return this.#issue({ role: 'customer', chatId });
  }

  /** Who holds this token, or undefined. */
  identify(token: string | undefined): Identity | undefined {
    return token === undefined ? undefined : this.#tokens.get(token);
  }

  /** Reads `Authorization: Bearer <token>`. */
  identifyBearer(header: string | undefined): Identity | undefined {
    const match = /^Bearer ([\w-]{1,200})$/.exec(header ?? '');
    return this.identify(match?.[1]);
  }

  #issue(identity: Identity): string {
    const token = newToken();
    this.#tokens.set(token, Object.freeze(identity));
    return token;
  }
}
