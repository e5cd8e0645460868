import type { CommandError, DispatchResult, ErrorCode } from '../model/results';

/** Builds a refused result. Messages say what was wrong and what is allowed. */
export function refuse(code: ErrorCode, message: string): { readonly ok: false; readonly error: CommandError } {
  return Object.freeze({ ok: false as const, error: Object.freeze({ code, message }) });
}

/** The plain success result. */
export const OK: DispatchResult<'agent.login'> = Object.freeze({ ok: true as const });

/** Quotes an id for a message, safely for any string. */
export const q = (id: string): string => JSON.stringify(id);
