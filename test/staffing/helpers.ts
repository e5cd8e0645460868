import { expect } from 'vitest';
import { ChatrouteError } from '../../src/errors/ChatrouteError';

/** Runs `run` and asserts it threw chatroute's branded error with code 'invalid-argument'; returns the message. */
export function expectInvalidArgument(run: () => unknown): string {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(ChatrouteError.is(caught), 'expected a ChatrouteError to be thrown').toBe(true);
  const error = caught as ChatrouteError;
  expect(error.code).toBe('invalid-argument');
  return error.message;
}
