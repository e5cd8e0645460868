const brand = Symbol.for('chatroute.error');

/**
 * The codes a {@link ChatrouteError} carries: programmer misuse at construction time, never bad commands
 * (those come back from `engine.dispatch` as values).
 *
 * - `invalid-config`: the engine or simulation configuration is malformed.
 * - `invalid-argument`: a function was called with arguments outside its domain.
 * - `engine-stopped`: the engine was used after `engine.stop()`.
 * - `store-corrupt`: the store's journal or snapshot fails its checksum or does not replay (the message names the
 *   last good entry).
 * - `store-version`: the store was written by a journal format this version does not read.
 * - `fenced`: a store write was refused because this process no longer holds the shard's lease (another node owns
 *   the journal now); the store has stepped down. Not misuse: a rejection reason a host reacts to by stepping down.
 * - `storage-failed`: the database failed or could not be reached (a restart, a failover, a dropped connection); the
 *   message says which operation and why, `cause` holds the driver's error. Not misuse either: reopen the engine from
 *   the store once the database is back.
 * - `missing-peer`: a storage entry (`chatroute/sqlite`, `chatroute/postgres`) needs an optional peer dependency that
 *   is not installed, or not usable by this Node.js (a native addon built for another version); the message names
 *   the `npm install` to run.
 */
export type ChatrouteErrorCode =
  | 'invalid-config'
  | 'invalid-argument'
  | 'engine-stopped'
  | 'store-corrupt'
  | 'store-version'
  | 'fenced'
  | 'storage-failed'
  | 'missing-peer';

/**
 * The one error class chatroute throws, for misuse only (a broken configuration, an argument outside its domain).
 * Bad commands never throw: `engine.dispatch` returns them as `{ ok: false, error }`.
 *
 * Branded with `Symbol.for('chatroute.error')` so {@link ChatrouteError.is} recognises instances across duplicate
 * ESM/CJS copies of the package, where `instanceof` would fail.
 *
 * @example
 * ```ts
 * import { createEngine, ChatrouteError } from 'chatroute';
 * try {
 *   createEngine({ queues: [], agents: [{ id: 'a', name: 'A', capacity: 0, queues: [] }] });
 * } catch (error) {
 *   if (ChatrouteError.is(error)) console.log(error.code); // 'invalid-config'
 * }
 * ```
 */
export class ChatrouteError extends Error {
  /** Stable machine-readable code. */
  readonly code: ChatrouteErrorCode;
  readonly [brand] = true;

  constructor(code: ChatrouteErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'ChatrouteError';
    this.code = code;
  }

  /**
   * True for any chatroute error, even one thrown by another copy of the package.
   *
   * @example
   * ```ts
   * if (ChatrouteError.is(error) && error.code === 'invalid-config') showConfigProblem(error.message);
   * ```
   */
  static is(value: unknown): value is ChatrouteError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
