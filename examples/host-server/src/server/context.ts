import type { Engine } from 'chatroute';
import type { Limits, ServerFrame } from '../shared/protocol';
import type { Auth } from './auth';
import type { HostConfig } from './config';
import type { IncomingFrame } from './parseFrame';
import type { UploadStore } from './uploadStore';

/** What every connection and HTTP handler shares: one engine, one token registry, one upload store. */
export interface HostContext {
  readonly engine: Engine;
  readonly auth: Auth;
  readonly uploads: UploadStore;
  readonly config: HostConfig;
}

/** The sending half of a connection. */
export interface Peer {
  send(frame: ServerFrame): void;
}

/** What a signed-in connection receives: every frame but hello. */
export type SessionFrame = Exclude<IncomingFrame, { type: 'hello' }>;

/** A signed-in connection: it answers command and query frames and cleans up its subscriptions on close. */
export interface Session {
  handle(frame: SessionFrame): void;
  close(): void;
}

/** The limits a client is told about in `welcome`. */
export function clientLimits(context: HostContext): Limits {
  const { maxFrameBytes, maxUploadBytes } = context.config.limits;
  return { maxFrameBytes, maxUploadBytes, uploadTypes: context.uploads.types };
}
