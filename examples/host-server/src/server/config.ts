import type { AgentConfig, Customer, QueueConfig } from 'chatroute';
import type { AdminAccount } from './auth/auth';
import type { IdentityConfig } from './auth/contactIdentity';
import type { WaitForecastConfig } from './engine/waitForecast';
import type { WebhookPolicy } from './webhooks/deliver';
import type { TrustProxy } from './auth/clientAddress';

/** The server's limits: each one is a refusal the tests prove. */
export interface HostLimits {
  /** Largest WebSocket frame; a bigger one closes the connection (1009). */
  readonly maxFrameBytes: number;
  /** Largest upload body; a bigger one is cut off with 413. */
  readonly maxUploadBytes: number;
  /** Allowed upload types (a subset of what UploadStore can verify by content). */
  readonly uploadTypes: readonly string[];
  /** Sustained frames per second per connection, and the burst allowed above it. */
  readonly framesPerSecond: number;
  readonly frameBurst: number;
  /** A client refused this many frames in a row for the rate is disconnected (4008). */
  readonly maxRefusedInARow: number;
  /** Time to send `hello` after connecting (4003). */
  readonly helloTimeoutMs: number;
  /**
   * WebSocket heartbeats: every socket is pinged this often (`HEARTBEAT_MS`), and one not heard from (pong or frame)
   * for `heartbeatTimeoutMs` (`HEARTBEAT_TIMEOUT_MS`) is terminated, which reports the disconnect to the engine.
   */
  readonly heartbeatMs: number;
  readonly heartbeatTimeoutMs: number;
  /** New WebSocket connections per client IP: a sustained rate per minute and the burst above it (then 4008). */
  readonly connectionsPerMinutePerIp: number;
  readonly connectionBurstPerIp: number;
  /** Chats a client IP may start: per minute, and the burst above it (then `rate-limited`). */
  readonly chatStartsPerMinutePerIp: number;
  readonly chatStartBurstPerIp: number;
  /** Uploads one chat may hold, by number and by total bytes (then 429 `quota-exceeded`). */
  readonly uploadsPerChat: number;
  readonly uploadBytesPerChat: number;
  /** Uploads one client IP may send per hour, by number and by total bytes (then 429 `quota-exceeded`). */
  readonly uploadsPerHourPerIp: number;
  readonly uploadBytesPerHourPerIp: number;
  /** An upload no message names within this long is deleted (as is an unattached upload of a chat that ended). */
  readonly orphanUploadMs: number;
  /**
   * Messages one open chat may hold: further messages are refused (`transcript-full`), so one chat cannot grow the
   * engine's memory without bound. A transcript frame carries at most `transcriptWindow` of the newest lines.
   */
  readonly maxMessagesPerChat: number;
  readonly transcriptWindow: number;
  /** Failed sign-ins before back-off starts, per account and per IP; then 1 s, 2 s, 4 s, ... up to the cap (429). */
  readonly loginFreeFailuresPerAccount: number;
  readonly loginFreeFailuresPerIp: number;
  readonly loginMaxBackoffMs: number;
  /** Typing indicators per connection are sent at most this often. */
  readonly typingEveryMs: number;
}

/** Everything a host server needs besides the port: the engine's configuration and the host's own. */
export interface HostConfig {
  readonly queues: QueueConfig[];
  readonly agents: AgentConfig[];
  /**
   * agentId → password, seeding agents that have no password in the data folder yet (the admin page sets them
   * after that). A real host delegates sign-in to its identity provider.
   */
  readonly passwords: Readonly<Record<string, string>>;
  /**
   * scrypt's cost N for new password hashes (default 2^17, OWASP's minimum: 128 MiB and a few hundred ms per hash).
   * Stored hashes are verified with their own parameters. Tests pass a lower one to stay fast.
   */
  readonly scryptN?: number;
  /** The admin page's account; without one the admin API refuses everyone. */
  readonly admin?: AdminAccount;
  /** Paid pause reasons of the status control. */
  readonly pauseReasons: readonly string[];
  /** Where the customer's name on the offer links to; the server sets it, never the customer. */
  readonly crmUrl?: (customer: Customer) => string;
  readonly limits: HostLimits;
  /** Verified contact identities (signed tokens of embedding sites, the visitor cookie). */
  readonly identity?: IdentityConfig;
  /**
   * The `Host` headers the server answers (`host:port`, lowercase). Default: the address it listens on and
   * `localhost` / `127.0.0.1` / `[::1]` on its port. Anything else gets 421 (DNS rebinding, stray virtual hosts).
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Customers' estimated waits from chatroute's forecast (a fork of the live engine run ahead, every few seconds while
   * someone waits). Without it, from the engine's `stats().estimatedWaitMs`.
   */
  readonly waitForecast?: WaitForecastConfig;
  /**
   * Which peers may name the client in `X-Forwarded-For` (`TRUST_PROXY`): the per-IP limits count that address then.
   * Default: nobody (the socket's address counts). Cluster nodes trust their own forwarder and their peers.
   */
  readonly trustProxy?: TrustProxy;
  /** The number of each queue as the manual shows it in the chat header (queueId → number). */
  readonly queueNumbers?: Readonly<Record<string, number>>;
  /** How webhook deliveries are retried and timed out (defaults: `defaultWebhookPolicy`). */
  readonly webhooks?: Partial<WebhookPolicy>;
  /**
   * Days transcripts, contact records, interval reports and uploaded files are kept (`RETENTION_DAYS`); pruned daily.
   * Unset: kept until erased.
   */
  readonly retentionDays?: number;
  /**
   * `REPORT_FLUSH_MS`: the report follower waits this long after an event before saving, so a burst (a reconnect
   * storm) is one SQLite transaction (default 1 000 ms on the engine clock; 0 saves at once).
   */
  readonly reportFlushMs?: number;
}

export const defaultLimits: HostLimits = {
  maxFrameBytes: 64 * 1024,
  maxUploadBytes: 5 * 1024 * 1024,
  uploadTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
  framesPerSecond: 10,
  frameBurst: 30,
  maxRefusedInARow: 50,
  helloTimeoutMs: 10_000,
  heartbeatMs: 15_000,
  heartbeatTimeoutMs: 30_000,
  connectionsPerMinutePerIp: 60,
  connectionBurstPerIp: 30,
  chatStartsPerMinutePerIp: 6,
  chatStartBurstPerIp: 5,
  uploadsPerChat: 20,
  uploadBytesPerChat: 25 * 1024 * 1024,
  uploadsPerHourPerIp: 60,
  uploadBytesPerHourPerIp: 100 * 1024 * 1024,
  orphanUploadMs: 30 * 60_000,
  maxMessagesPerChat: 2_000,
  transcriptWindow: 200,
  loginFreeFailuresPerAccount: 5,
  loginFreeFailuresPerIp: 20,
  loginMaxBackoffMs: 15 * 60_000,
  typingEveryMs: 2_000,
};

/** No limit: for load tests (`npm run bench:host`), which drive thousands of people from one address. */
export const unlimited = Number.MAX_SAFE_INTEGER;

/**
 * A configuration with some queue settings replaced, for tests: e.g. a short `offerTimeoutMs` so that a missed
 * offer happens in seconds.
 *
 * @example
 * ```ts
 * const config = withQueueSettings(demoConfig(), { support: { offerTimeoutMs: 2_000 } });
 * ```
 */
export function withQueueSettings(config: HostConfig, settings: Readonly<Record<string, Partial<QueueConfig>>>): HostConfig {
  return { ...config, queues: config.queues.map((q) => ({ ...q, ...settings[q.id] })) };
}
