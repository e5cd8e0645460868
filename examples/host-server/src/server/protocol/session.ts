import type { Limits, ServerFrame } from '../../shared/protocol';
import type { HostContext } from '../context';
import type { IncomingFrame } from './parseFrame';

// What a connection and the session it opens agree on. Here rather than beside HostContext: they are the protocol's
// own contract, and HostContext (which every part reads) must not depend on the protocol.

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
