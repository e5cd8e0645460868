import { assign, setup } from 'xstate';
import type { AgentContext, AgentEvent, AgentInput } from './types';

const slotsUsed = (context: AgentContext): number => context.offers.length + context.chats.length + (context.wrapUps?.length ?? 0);
const without = (list: readonly string[], item: string): string[] => list.filter((x) => x !== item);

/** How an event changes the slots held: offers and chats each hold one. */
function slotDelta(event: AgentEvent): number {
  switch (event.type) {
    case 'OFFER_RECEIVED':
    case 'CHAT_JOINED':
    case 'WRAP_UP_STARTED':
      return 1;
    case 'OFFER_ENDED':
    case 'CHAT_LEFT':
    case 'WRAP_UP_ENDED':
      return -1;
    default:
      return 0;
  }
}

/**
 * One agent's day: `offline`, or online and `ready` (a free slot), `busy` (every slot used) or `paused`
 * (paid or unpaid, with a reason). Slots are held by pending offers and by chats; the engine reports both.
 * A paused agent keeps its chats; resuming returns to `ready`, or `busy` when full.
 *
 * Ready and busy follow the slot count through guarded transitions on each slot event (rather than eventless
 * `always` transitions, which XState would evaluate after every event of every agent).
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
    fullAfter: ({ context, event }) => slotsUsed(context) + slotDelta(event) >= (event.type === 'SET_CAPACITY' ? event.capacity : context.capacity),
    isFull: ({ context }) => slotsUsed(context) >= context.capacity,
    // Wrap-ups do not keep an agent from logging out: they end with the session.
    hasNoWork: ({ context }) => context.offers.length + context.chats.length === 0,
  },
  actions: {
    setCapacity: assign({ capacity: ({ context, event }) => (event.type === 'SET_CAPACITY' ? event.capacity : context.capacity) }),
    becomeIdle: assign({ idleSince: ({ context, event }) => ('at' in event ? event.at : context.idleSince) }),
    countSlots: assign(({ context, event }) => {
      switch (event.type) {
        case 'OFFER_RECEIVED':
          return { offers: [...context.offers, event.chatId] };
        case 'OFFER_ENDED':
          return { offers: without(context.offers, event.chatId) };
        case 'OFFER_ACCEPTED':
          return { offers: without(context.offers, event.chatId), chats: [...context.chats, event.chatId], idleSince: event.at };
        case 'CHAT_JOINED':
          return { chats: [...context.chats, event.chatId], idleSince: event.at };
        case 'CHAT_LEFT':
          return { chats: without(context.chats, event.chatId), idleSince: event.at };
        case 'WRAP_UP_STARTED':
          return { wrapUps: [...(context.wrapUps ?? []), event.chatId] };
        case 'WRAP_UP_ENDED':
          return { wrapUps: without(context.wrapUps ?? [], event.chatId), idleSince: event.at };
        default:
          return {};
      }
    }),
  },
}).createMachine({
  id: 'agent',
  context: ({ input }) => ({ id: input.id, capacity: input.capacity, offers: [], chats: [], pause: null, idleSince: 0, leftQueues: [], wrapUps: [] }),
  initial: 'offline',
  states: {
    offline: {
      on: {
        LOGIN: { target: 'online', actions: ['becomeIdle', assign({ leftQueues: [], pause: null })] },
        SET_CAPACITY: { actions: 'setCapacity' },
      },
    },
    online: {
      initial: 'ready',
      on: {
        LOGOUT: { guard: 'hasNoWork', target: 'offline', actions: assign({ pause: null, wrapUps: [] }) },
        PAUSE: {
          target: '.paused',
          actions: assign({ pause: ({ event }) => Object.freeze({ reason: event.reason, paid: event.paid, since: event.at }) }),
        },
        JOIN_QUEUE: { actions: assign({ leftQueues: ({ context, event }) => without(context.leftQueues, event.queueId) }) },
        LEAVE_QUEUE: { actions: assign({ leftQueues: ({ context, event }) => [...context.leftQueues, event.queueId] }) },
      },
      states: {
        ready: { on: slotTransitions() },
        busy: { on: slotTransitions() },
        paused: {
          on: {
            OFFER_RECEIVED: { actions: 'countSlots' },
            OFFER_ENDED: { actions: 'countSlots' },
            OFFER_ACCEPTED: { actions: 'countSlots' },
            CHAT_JOINED: { actions: 'countSlots' },
            CHAT_LEFT: { actions: 'countSlots' },
            WRAP_UP_STARTED: { actions: 'countSlots' },
            WRAP_UP_ENDED: { actions: 'countSlots' },
            SET_CAPACITY: { actions: 'setCapacity' },
            RESUME: [
              { guard: 'isFull', target: 'busy', actions: ['becomeIdle', assign({ pause: null })] },
              { target: 'ready', actions: ['becomeIdle', assign({ pause: null })] },
            ],
          },
        },
      },
    },
  },
});

/** Ready and busy both move on slot events to whichever the new slot count makes true. */
function slotTransitions() {
  const next = [
    { guard: 'fullAfter', target: 'busy', actions: 'countSlots' },
    { target: 'ready', actions: 'countSlots' },
  ] as const;
  // A changed capacity re-decides ready or busy too (lowered below the slots in use: busy until below).
  const capacity = [
    { guard: 'fullAfter', target: 'busy', actions: 'setCapacity' },
    { target: 'ready', actions: 'setCapacity' },
  ] as const;
  return { OFFER_RECEIVED: next, OFFER_ENDED: next, OFFER_ACCEPTED: next, CHAT_JOINED: next, CHAT_LEFT: next, WRAP_UP_STARTED: next, WRAP_UP_ENDED: next, SET_CAPACITY: capacity };
}
