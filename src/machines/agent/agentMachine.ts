import { assign, setup } from 'xstate';
import type { AgentContext, AgentEvent, AgentInput } from './types';

const without = (list: readonly string[], item: string): string[] => list.filter((x) => x !== item);

/**
 * One agent's day: `offline`, or online and `ready` (a free slot), `busy` (every slot used) or `paused`
 * (paid or unpaid, with a reason). A paused agent keeps its chats; resuming returns to `ready`, or `busy` when full.
 *
 * The engine counts the slots (pending offers, chats, wrap-ups) as its own data and tells the machine only when they
 * fill up (`SLOTS_FULL`) or free (`SLOTS_FREE`): the machine steps on real changes of the agent's state, not on
 * every chat that comes and goes. Logging out is for an agent without chats or offers; the engine checks that.
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
    isFull: ({ context }) => context.full,
  },
  actions: {
    fill: assign({ full: true }),
    free: assign({ full: false }),
  },
}).createMachine({
  id: 'agent',
  context: ({ input }) => ({ id: input.id, full: false, pause: null, leftQueues: [] }),
  initial: 'offline',
  states: {
    offline: {
      on: {
        LOGIN: [
          { guard: 'isFull', target: 'online.busy', actions: assign({ leftQueues: [], pause: null }) },
          { target: 'online', actions: assign({ leftQueues: [], pause: null }) },
        ],
        SLOTS_FULL: { actions: 'fill' },
        SLOTS_FREE: { actions: 'free' },
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
        // Paused: the slots are noted for the resume.
        SLOTS_FULL: { actions: 'fill' },
        SLOTS_FREE: { actions: 'free' },
      },
      states: {
        ready: { on: { SLOTS_FULL: { target: 'busy', actions: 'fill' } } },
        busy: { on: { SLOTS_FREE: { target: 'ready', actions: 'free' } } },
        paused: {
          on: {
            RESUME: [
              { guard: 'isFull', target: 'busy', actions: assign({ pause: null }) },
              { target: 'ready', actions: assign({ pause: null }) },
            ],
          },
        },
      },
    },
  },
});
