import type { AgentConfig, Customer, QueueConfig } from 'chatroute';
import type { AdminAccount } from './auth';

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
  /** The admin page's account; without one the admin API refuses everyone. */
  readonly admin?: AdminAccount;
  /** Paid pause reasons of the status control. */
  readonly pauseReasons: readonly string[];
  /** Where the customer's name on the offer links to; the server sets it, never the customer. */
  readonly crmUrl?: (customer: Customer) => string;
  readonly limits: HostLimits;
}

export const defaultLimits: HostLimits = {
  maxFrameBytes: 64 * 1024,
  maxUploadBytes: 5 * 1024 * 1024,
  uploadTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
  framesPerSecond: 10,
  frameBurst: 30,
  maxRefusedInARow: 50,
  helloTimeoutMs: 10_000,
};

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
