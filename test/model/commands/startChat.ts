import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { nth } from '../world';

/** A customer starts a chat in some queue, sometimes with a priority. */
export const startChat = fc
  .tuple(fc.nat(), fc.constantFrom(undefined, 0, 1, 5))
  .map(([q, priority]) =>
    new DispatchCommand(`start(${q},${priority})`, (w) => ({
      type: 'chat.start',
      queueId: nth(w.queues, q)?.id,
      customer: { name: `customer ${w.chatIds.length}` },
      ...(priority !== undefined ? { priority } : {}),
    })),
  );
