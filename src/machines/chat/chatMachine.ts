import { assign, enqueueActions, setup } from 'xstate';
import type { WithdrawReason } from '../../engine/types';
import type { ChatContext, ChatEvent, ChatFact, ChatInput, OfferRecord } from './types';

const holdsOffer = (context: ChatContext, agentId: string): boolean => context.offers.some((o) => o.agentId === agentId);
const isParticipant = (context: ChatContext, agentId: string): boolean =>
  context.participants.some((p) => p.agentId === agentId);

/**
 * The life of one chat: `queued → offered → active → closing → closed`, or `abandoned` when the customer leaves
 * before an agent took it. The machine knows nothing of agents' capacity or routing: the engine checks those and
 * reacts to the facts this machine emits (`offerCreated`, `offerEnded`, `assigned`, `closed`, ...).
 *
 * The offer timeout is a delayed transition on the injected clock, so expiry happens at exactly
 * `offeredAt + offerTimeoutMs` in virtual time as in real time.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { chatMachine } from 'chatroute';
 * const chat = createActor(chatMachine, {
 *   input: { id: 'c1', queueId: 'sales', priority: 0, enqueuedAt: 0, offerTimeoutMs: 20_000 },
 * }).start();
 * chat.send({ type: 'PICK', agentId: 'alice', at: 1_000 });
 * chat.getSnapshot().value; // 'active'
 * ```
 */
export const chatMachine = setup({
  types: {
    context: {} as ChatContext,
    input: {} as ChatInput,
    events: {} as ChatEvent,
    emitted: {} as ChatFact,
  },
  delays: {
    offerTimeout: ({ context }) => context.offerTimeoutMs,
  },
  guards: {
    holdsOffer: ({ context, event }) => 'agentId' in event && holdsOffer(context, event.agentId),
    holdsLastOffer: ({ context, event }) =>
      'agentId' in event && context.offers.length === 1 && holdsOffer(context, event.agentId),
    canSetStatus: ({ context, event }) => 'agentId' in event && isParticipant(context, event.agentId),
    canClose: ({ context, event }) =>
      'agentId' in event && isParticipant(context, event.agentId) && context.status !== null,
  },
  actions: {
    recordOffers: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'OFFER') return;
      enqueue.assign({ offers: event.offers });
      for (const offer of event.offers) enqueue.emit({ type: 'offerCreated', offer });
    }),
    /** Ends one agent's offer (reject or withdrawal), leaving the others of a ring-all pending. */
    endOneOffer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'REJECT' && event.type !== 'WITHDRAW') return;
      const offer = context.offers.find((o) => o.agentId === event.agentId) as OfferRecord;
      enqueue.assign({
        offers: context.offers.filter((o) => o !== offer),
        queuedReason: event.type === 'REJECT' ? 'rejected' : 'withdrawn',
      });
      enqueue.emit(
        event.type === 'REJECT'
          ? { type: 'offerEnded', offer, outcome: 'rejected' }
          : { type: 'offerEnded', offer, outcome: 'withdrawn', reason: event.reason },
      );
    }),
    expireOffers: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ offers: [], queuedReason: 'expired' });
      for (const offer of context.offers) enqueue.emit({ type: 'offerEnded', offer, outcome: 'expired' });
    }),
    acceptOffer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'ACCEPT') return;
      const accepted = context.offers.find((o) => o.agentId === event.agentId) as OfferRecord;
      enqueue.emit({ type: 'offerEnded', offer: accepted, outcome: 'accepted' });
      for (const offer of context.offers) {
        if (offer !== accepted) enqueue.emit({ type: 'offerEnded', offer, outcome: 'withdrawn', reason: 'accepted-elsewhere' });
      }
      enqueue.assign({
        offers: [],
        participants: [{ agentId: event.agentId, joinedAt: event.at }],
        owner: event.agentId,
      });
      enqueue.emit({ type: 'assigned', agentId: event.agentId, via: 'offer' });
    }),
    assignPicker: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'PICK') return;
      const reason: WithdrawReason = 'picked';
      for (const offer of context.offers) enqueue.emit({ type: 'offerEnded', offer, outcome: 'withdrawn', reason });
      enqueue.assign({
        offers: [],
        participants: [{ agentId: event.agentId, joinedAt: event.at }],
        owner: event.agentId,
      });
      enqueue.emit({ type: 'assigned', agentId: event.agentId, via: 'pick' });
    }),
    withdrawAllForLeave: enqueueActions(({ context, enqueue }) => {
      for (const offer of context.offers) {
        enqueue.emit({ type: 'offerEnded', offer, outcome: 'withdrawn', reason: 'customer-left' });
      }
      enqueue.assign({ offers: [] });
    }),
    markEnded: assign({ endedAt: ({ event }) => ('at' in event ? event.at : null) }),
    markCustomerLeft: assign({ customerLeftAt: ({ event }) => ('at' in event ? event.at : null) }),
    setStatus: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'SET_STATUS') return;
      enqueue.assign({ status: event.status });
      enqueue.emit({ type: 'statusSet', agentId: event.agentId, status: event.status });
    }),
    close: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'CLOSE') return;
      enqueue.assign({ endedAt: event.at, closedBy: event.agentId });
      enqueue.emit({ type: 'closed', agentId: event.agentId, status: context.status as string });
    }),
  },
}).createMachine({
  id: 'chat',
  context: ({ input }) => ({
    id: input.id,
    queueId: input.queueId,
    priority: input.priority,
    enqueuedAt: input.enqueuedAt,
    offerTimeoutMs: input.offerTimeoutMs,
    offers: [],
    participants: [],
    owner: null,
    status: null,
    queuedReason: 'started',
    customerLeftAt: null,
    endedAt: null,
    closedBy: null,
  }),
  initial: 'queued',
  states: {
    queued: {
      entry: enqueueActions(({ context, enqueue }) => enqueue.emit({ type: 'queued', reason: context.queuedReason })),
      on: {
        OFFER: { target: 'offered', actions: 'recordOffers' },
        PICK: { target: 'active', actions: 'assignPicker' },
        CUSTOMER_LEAVE: { target: 'abandoned', actions: ['markCustomerLeft', 'markEnded'] },
      },
    },
    offered: {
      after: { offerTimeout: { target: 'queued', actions: 'expireOffers' } },
      on: {
        ACCEPT: { guard: 'holdsOffer', target: 'active', actions: 'acceptOffer' },
        REJECT: [
          { guard: 'holdsLastOffer', target: 'queued', actions: 'endOneOffer' },
          { guard: 'holdsOffer', actions: 'endOneOffer' },
        ],
        WITHDRAW: [
          { guard: 'holdsLastOffer', target: 'queued', actions: 'endOneOffer' },
          { guard: 'holdsOffer', actions: 'endOneOffer' },
        ],
        PICK: { target: 'active', actions: 'assignPicker' },
        CUSTOMER_LEAVE: { target: 'abandoned', actions: ['withdrawAllForLeave', 'markCustomerLeft', 'markEnded'] },
      },
    },
    active: {
      on: {
        SET_STATUS: { guard: 'canSetStatus', actions: 'setStatus' },
        CLOSE: { guard: 'canClose', target: 'closed', actions: 'close' },
        CUSTOMER_LEAVE: {
          target: 'closing',
          actions: ['markCustomerLeft', enqueueActions(({ enqueue }) => enqueue.emit({ type: 'customerLeft' }))],
        },
      },
    },
    closing: {
      on: {
        SET_STATUS: { guard: 'canSetStatus', actions: 'setStatus' },
        CLOSE: { guard: 'canClose', target: 'closed', actions: 'close' },
      },
    },
    closed: { type: 'final' },
    abandoned: {
      type: 'final',
      entry: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'abandoned' })),
    },
  },
});
