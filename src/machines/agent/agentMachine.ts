import { assign, setup } from 'xstate';
import type { AgentContext, AgentEvent, AgentInput } from './types';

const without = (list: readonly string[], item: string): string[] => list.filter((x) => x !== item);

/**
 * One agent's day: `offline`, or online and `ready` (a free slot), `busy` (every slot used) or `paused`
 * (paid or unpaid, with a reason). A paused agent keeps its chats; resuming returns to `ready`, or `busy` when full.
 *
 * The engine counts the slots (pending offers, chats, wrap-ups) as its own data and tells a ready or busy agent's
 * machine only when they fill up (`SLOTS_FULL`) or free (`SLOTS_FREE`), and a paused one whether they are full as it
 * resumes: the machine steps on real changes of the agent's state, not on every chat that comes and goes. Logging
 * out is for an agent without chats or offers; the engine checks that.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { agentMachine } from 'chatroute';
 * const alice = createActor(agentMachine, { input: { id: 'alice' } }).start();
 * alice.send({ type: 'LOGIN', at: 0 });
 * alice.send({ type: 'SLOTS_FULL' });
 * alice.getSnapshot().value; // { online: 'busy' }
 * ```
 */
export const agentMachine = setup({
  types: {
    context: {} as AgentContext,
    input: {} as AgentInput,
    events: {} as AgentEvent,
  },
  guards: {
    resumesFull: ({ event }) => event.type === 'RESUME' && event.full,
  },
}).createMachine({
  id: 'agent',
  context: ({ input }) => ({ id: input.id, pause: null, leftQueues: [] }),
  initial: 'offline',
  states: {
    offline: {
      on: {
        LOGIN: { target: 'online', actions: assign({ leftQueues: [], pause: null }) },
      },
    },
    online: {
      initial: 'ready',
      on: {
        LOGOUT: { target: 'offline', actions: assign({ pause: null }) },
        PAUSE: {
          target: '.paused',
          actions: assign({ pause: ({ event }) => Object.freeze({ reason: event.reason, paid: event.paid, since: event.at }) }),
        },
        JOIN_QUEUE: { actions: assign({ leftQueues: ({ context, event }) => without(context.leftQueues, event.queueId) }) },
        LEAVE_QUEUE: { actions: assign({ leftQueues: ({ context, event }) => [...context.leftQueues, event.queueId] }) },
      },
      states: {
        ready: { on: { SLOTS_FULL: 'busy' } },
        busy: { on: { SLOTS_FREE: 'ready' } },
        paused: {
          on: {
            RESUME: [
              { guard: 'resumesFull', target: 'busy', actions: assign({ pause: null }) },
              { target: 'ready', actions: assign({ pause: null }) },
            ],
          },
        },
      },
    },
  },
});
