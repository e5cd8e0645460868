import type { CommandType } from './commands';

/** The closed set of error codes `dispatch` can return. */
export type ErrorCode =
  | 'invalid-command'
  | 'not-found'
  | 'forbidden'
  | 'invalid-state'
  | 'capacity-exceeded'
  | 'status-required'
  | 'conflict'
  | 'queue-full'
  | 'queue-closed'
  | 'storage-failed';

/** Why a command was refused: a stable `code` and a message saying what was wrong and what is allowed. */
export interface CommandError {
  readonly code: ErrorCode;
  readonly message: string;
  /** With `queue-closed`: when the queue opens next (clock time), if within a year. */
  readonly opensAt?: number;
}

/** What a successful command returns, per command type. */
export interface CommandOutputs {
  'chat.start': { chatId: string };
  'message.send': { messageId: string };
}

/** The result of `engine.dispatch`: never thrown, always returned. */
export type DispatchResult<T extends CommandType = CommandType> =
  | ({ readonly ok: true } & (T extends keyof CommandOutputs ? Readonly<CommandOutputs[T]> : {}))
  | { readonly ok: false; readonly error: CommandError };


/** A query that can be refused, like a command: a value or a typed error, never a throw. */
export type QueryResult<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: CommandError };

/** A refused result: what `dispatch` and the queries return instead of throwing. */
export type Refusal = { readonly ok: false; readonly error: CommandError };

/** Builds a refused result. Messages say what was wrong and what is allowed. */
export function refuse(code: ErrorCode, message: string): Refusal {
  return Object.freeze({ ok: false as const, error: Object.freeze({ code, message }) });
}

/** Whether a value is a refusal (lookups return the record they found, or why not). */
export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;

/** The plain success result. */
export const OK: DispatchResult<'agent.login'> = Object.freeze({ ok: true as const });

/** Quotes an id for a message, safely for any string. */
export const q = (id: string): string => JSON.stringify(id);
