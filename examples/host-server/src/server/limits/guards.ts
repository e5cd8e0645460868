import type { IncomingMessage } from 'node:http';
import type { Engine, EngineEvent } from 'chatroute';
import type { HostLimits } from '../config';
import type { ContactIdentities } from '../auth/contactIdentity';
import { KeyedRateLimiter } from './KeyedRateLimiter';
import { LoginThrottle } from './LoginThrottle';
import { UploadQuota } from './UploadQuota';
import { clientAddress, trustNone, type TrustProxy } from '../auth/clientAddress';

/** Who is at the other end of a connection or request, as far as the host can tell. */
export interface ClientInfo {
  /** The client's address: the socket's, or what trusted proxies say in `X-Forwarded-For` (`TRUST_PROXY`). */
  readonly ip: string;
  /** The id of the widget's signed visitor cookie, when the browser sent a genuine one. */
  readonly visitorId?: string;
}

export function clientInfo(req: IncomingMessage, guards: Pick<Guards, 'identities' | 'ipOf'>): ClientInfo {
  const visitorId = guards.identities.visitorOf(req.headers.cookie);
  return { ip: guards.ipOf(req), ...(visitorId !== undefined ? { visitorId } : {}) };
}

/**
 * The host's abuse limits in one place: per-IP connection and chat-start rates, sign-in back-off, upload quotas,
 * and the number of messages an open chat may hold. Each refusal is typed (see the protocol's error codes).
 *
 * @example
 * ```ts
 * const guards = new Guards(engine, limits, identities, Date.now);
 * if (guards.chatStarts.take(ip) > 0) refuse('rate-limited');
 * ```
 */
export class Guards {
  readonly connections: KeyedRateLimiter;
  readonly chatStarts: KeyedRateLimiter;
  readonly logins: LoginThrottle;
  readonly uploads: UploadQuota;
  readonly identities: ContactIdentities;
  /** Which peers may name the client in `X-Forwarded-For`. */
  readonly trust: TrustProxy;
  readonly #engine: Engine;
  readonly #limits: HostLimits;
  /** Messages per open chat, counted from events (a chat not seen yet is counted once from the engine). */
  readonly #messages = new Map<string, number>();
  readonly #subscription: { unsubscribe(): void };

  constructor(engine: Engine, limits: HostLimits, identities: ContactIdentities, now: () => number, trust: TrustProxy = trustNone) {
    this.#engine = engine;
    this.trust = trust;
    this.#limits = limits;
    this.identities = identities;
    this.connections = new KeyedRateLimiter({ perMinute: limits.connectionsPerMinutePerIp, burst: limits.connectionBurstPerIp }, now);
    this.chatStarts = new KeyedRateLimiter({ perMinute: limits.chatStartsPerMinutePerIp, burst: limits.chatStartBurstPerIp }, now);
    this.logins = new LoginThrottle(
      { freePerAccount: limits.loginFreeFailuresPerAccount, freePerIp: limits.loginFreeFailuresPerIp, maxBackoffMs: limits.loginMaxBackoffMs },
      now,
    );
    this.uploads = new UploadQuota(limits, now);
    this.#subscription = engine.events$.subscribe((event) => this.#onEvent(event));
  }

  /** The address every per-IP limit counts for this request or upgrade. */
  ipOf(req: IncomingMessage): string {
    return clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.trust);
  }

  /**
   * Whether one more message fits in this open chat. The engine keeps every message of an open chat in memory;
   * refusing past `maxMessagesPerChat` bounds that per chat (a flood of short lines is the cheap attack).
   */
  messageFits(chatId: string): boolean {
    let count = this.#messages.get(chatId);
    if (count === undefined) {
      count = this.#engine.messages(chatId).length;
      this.#messages.set(chatId, count);
    }
    return count < this.#limits.maxMessagesPerChat;
  }

  close(): void {
    this.#subscription.unsubscribe();
  }

  #onEvent(event: EngineEvent): void {
    if (event.type === 'message.sent') {
      const count = this.#messages.get(event.message.chatId);
      if (count !== undefined) this.#messages.set(event.message.chatId, count + 1);
    } else if (event.type === 'chat.closed' || event.type === 'chat.abandoned') {
      this.#messages.delete(event.chatId);
      this.uploads.forgetChat(event.chatId);
    }
  }
}
