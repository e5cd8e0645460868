/**
 * The admin API's shapes, shared by the server (`src/server/http/adminRoutes.ts`) and the admin page (`src/web/admin`).
 * Configuration itself is the engine's own `QueueConfig` and `AgentConfig`.
 */
import type { AgentConfig, AgentState, CommandError, QueueConfig } from 'chatroute';

/** An agent on the admin page: its configuration, whether it is signed in now, and whether it has a password. */
export interface AdminAgent {
  readonly config: AgentConfig;
  readonly state: AgentState;
  readonly hasPassword: boolean;
}

/** `GET /api/admin/configuration`, and the answer to every accepted change. */
export interface AdminConfiguration {
  /** With the number the desk's chat header shows (host configuration, not the engine's). */
  readonly queues: ReadonlyArray<QueueConfig & { readonly number?: number }>;
  readonly agents: readonly AdminAgent[];
}

/** A refusal: the engine's own (`invalid-command`, `invalid-state`, `storage-failed`, ...) or the API's. */
export type AdminError = CommandError | { readonly code: 'unauthorized' | 'bad-request' | 'not-found' | 'unavailable' | 'rate-limited'; readonly message: string };

/** Every admin answer: `{ ok: true, ...T }` or `{ ok: false, error }`. */
export type AdminResult<T extends object = object> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: AdminError };

/** `POST /api/admin/agents`: a new agent needs a password; an existing one keeps its password unless one is given. */
export interface AgentUpsert {
  readonly agent: AgentConfig;
  readonly password?: string;
}
