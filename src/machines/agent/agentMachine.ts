import { assign, setup } from 'xstate';
import type { AgentContext, AgentEvent, AgentInput } from './types';

const slotsUsed = (context: AgentContext): number => context.offers.length + context.chats.length;
const without = (list: readonly string[], item: string): string[] => list.filter((x) => x !== item);

/**
 * One agent's day: `offline`, or online and `ready` (a free slot), `busy` (every slot used) or `paused`
 * (paid or unpaid, with a reason). Slots are held by pending offers and by chats; the engine reports both.
 * A paused agent keeps its chats; resuming returns to `ready`, or `busy` when full.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { agentMachine } from 'chatroute';
 * const alice = createActor(agentMachine, { input: { id: 'alice', capacity: 1 } }).start();
 * alice.send({ type: 'LOGIN', at: 0 });
 * alice.send({ type: 'CHAT_JOINED', chatId: 'c1', at: 10 });
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
    isFull: ({ context }) => slotsUsed(context) >= context.capacity,
    hasFreeSlot: ({ context }) => slotsUsed(context) < context.capacity,
    hasNoWork: ({ context }) => slotsUsed(context) === 0,
  },
  actions: {
    becomeIdle: assign({ idleSince: ({ context, event }) => ('at' in event ? event.at : context.idleSince) }),
  },
}).createMachine({
  id: 'agent',
  context: ({ input }) => ({
    id: input.id,
    capacity: input.capacity,
    offers: [],
    chats: [],
    pause: null,
    idleSince: 0,
    leftQueues: [],
  }),
  initial: 'offline',
  states: {
    offline: {
      on: {
        LOGIN: { target: 'online', actions: ['becomeIdle', assign({ leftQueues: [], pause: null })] },
      },
    },
    online: {
      initial: 'ready',
      on: {
        LOGOUT: { guard: 'hasNoWork', target: 'offline', actions: assign({ pause: null }) },
        PAUSE: {
          target: '.paused',
          actions: assign({ pause: ({ event }) => ({ reason: event.reason, paid: event.paid, since: event.at }) }),
        },
        JOIN_QUEUE: { actions: assign({ leftQueues: ({ context, event }) => without(context.leftQueues, event.queueId) }) },
        LEAVE_QUEUE: { actions: assign({ leftQueues: ({ context, event }) => [...context.leftQueues, event.queueId] }) },
        OFFER_RECEIVED: { actions: assign({ offers: ({ context, event }) => [...context.offers, event.chatId] }) },
        OFFER_ENDED: { actions: assign({ offers: ({ context, event }) => without(context.offers, event.chatId) }) },
        OFFER_ACCEPTED: {
          actions: [
            assign({
              offers: ({ context, event }) => without(context.offers, event.chatId),
              chats: ({ context, event }) => [...context.chats, event.chatId],
            }),
            'becomeIdle',
          ],
        },
        CHAT_JOINED: { actions: [assign({ chats: ({ context, event }) => [...context.chats, event.chatId] }), 'becomeIdle'] },
        CHAT_LEFT: { actions: [assign({ chats: ({ context, event }) => without(context.chats, event.chatId) }), 'becomeIdle'] },
      },
      states: {
        ready: { always: { guard: 'isFull', target: 'busy' } },
        busy: { always: { guard: 'hasFreeSlot', target: 'ready' } },
        paused: {
          on: { RESUME: { target: 'ready', actions: ['becomeIdle', assign({ pause: null })] } },
        },
      },
    },
  },
});
