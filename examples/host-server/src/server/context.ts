import type { Engine } from 'chatroute';
import type { Limits, ServerFrame } from '../shared/protocol';
import type { Auth } from './auth/auth';
import type { HostConfig } from './config';
import type { IncomingFrame } from './protocol/parseFrame';
import type { Configuration } from './storage/configuration';
import type { DeskChannels } from './engine/DeskChannels';
import type { EventRouter } from './engine/EventRouter';
import type { Guards } from './limits/guards';
import type { Presence } from './engine/Presence';
import type { QueuePositions } from './engine/QueuePositions';
import type { UploadStore } from './storage/uploadStore';
import type { SupervisorForecasts } from './engine/SupervisorForecasts';

/** What every connection and HTTP handler shares: one engine, sign-ins, uploads, and the configuration copy. */
export interface HostContext {
  readonly engine: Engine;
  readonly auth: Auth;
  readonly uploads: UploadStore;
  readonly config: HostConfig;
  readonly configuration: Configuration;
  readonly guards: Guards;
  /** Engine events by chat and by agent (one subscription for all tabs). */
  readonly events: EventRouter;
  /** Queue and directory desk changes, serialized once per change and sent to each member. */
  readonly channels: DeskChannels;
  /** Who has a tab open now (customers per chat), and typing. */
  readonly presence: Presence;
  /** Waiting customers' places in line and estimated waits. */
  readonly positions: QueuePositions;
  /** The next half hour of each queue, for supervisors' desks. */
  readonly forecasts: SupervisorForecasts;
  /** Deletes orphaned uploads now (it also runs every minute); resolves with how many. */
  readonly sweepUploads: () => Promise<number>;
}

/** The sending half of a connection. */
export interface Peer {
  send(frame: ServerFrame): void;
  /** Sends a frame serialized once for many tabs (a shared desk change). */
  sendRaw(raw: string): void;
}

/** What a signed-in connection's session handles: commands and queries (hello and signOut are the connection's). */
export type SessionFrame = Exclude<IncomingFrame, { type: 'hello' } | { type: 'signOut' }>;

/** A signed-in connection: it answers command and query frames and cleans up its subscriptions on close. */
export interface Session {
  handle(frame: SessionFrame): void;
  close(): void;
}

/** The limits a client is told about in `welcome`. */
export function clientLimits(context: HostContext): Limits {
  const { maxFrameBytes, maxUploadBytes } = context.config.limits;
  // The engine's default; a queue may allow less, and the engine refuses past it either way.
  return { maxFrameBytes, maxUploadBytes, uploadTypes: context.uploads.types, maxTextLength: 10_000 };
}
