import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';

/** Malformed input from a careless host: must be refused with no change (invariant 9 in dispatch). */
export const garbage = fc
  .oneof(
    fc.anything(),
    fc.record({ type: fc.constantFrom('offer.accept', 'chat.start', 'agent.login'), agentId: fc.anything(), chatId: fc.anything() }),
  )
  .map((input) => new DispatchCommand(`garbage(${JSON.stringify(input)?.slice(0, 40)})`, () => input ?? null));
