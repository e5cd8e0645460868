import { assign, emit, enqueueActions, setup } from 'xstate';
import type { InvitationEndReason, WithdrawReason } from '../../model/reasons';
import { closeNeedsStatus, holdsOffer, invitesQueue, isLastParticipant, isParticipant, withoutParticipant } from './rules';
import type { ChatContext, ChatEvent, ChatFact, ChatInput, OfferRecord } from './types';

type EndInvitationParams = { reason: InvitationEndReason; withdraw: WithdrawReason };

/**
 * The life of one chat: `queued → offered → active → closing → closed`, or `abandoned` when the customer leaves
 * before an agent took it. While active, an invitation may be pending (in `context.invitation`: waiting for an
 * agent, then offered to one or several). A transfer sends the chat back to `queued`, in another queue or reserved
 * for one agent, keeping its place.
 *
 * The machine knows nothing of agents' capacity, routing or time: the engine checks those, keeps the offer
 * deadlines on its clock (sending `EXPIRE` when one passes) and reacts to the facts this machine emits
 * (`offerCreated`, `assigned`, `participantLeft`, `closed`, ...). `active` is a single state on purpose: every
 * chat event lands there, and a flat configuration keeps each transition cheap.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { chatMachine } from 'chatroute';
 * const chat = createActor(chatMachine, { input: { queueId: 'sales' } }).start();
 * chat.send({ type: 'PICK', agentId: 'alice', at: 1_000 });
 * chat.getSnapshot().matches('active'); // true
 * ```
 */
export const chatMachine = setup({
  types: {
    context: {} as ChatContext,
    input: {} as ChatInput,
    events: {} as ChatEvent,
    emitted: {} as ChatFact,
  },
  guards: {
    hasOffers: ({ context }) => context.offers.length > 0,
    hasInvitation: ({ context }) => context.invitation !== null,
    hasNoInvitation: ({ context }) => context.invitation === null,
    invitationWaits: ({ context }) => context.invitation !== null && context.offers.length === 0,
    expiresQueueInvitation: ({ context }) => context.offers.length > 0 && invitesQueue(context),
    holdsOffer: ({ context, event }) => 'agentId' in event && holdsOffer(context, event.agentId),
    holdsLastOffer: ({ context, event }) => 'agentId' in event && context.offers.length === 1 && holdsOffer(context, event.agentId),
    invitesQueue: ({ context }) => invitesQueue(context),
    holdsLastOfferOfQueueInvitation: ({ context, event }) =>
      'agentId' in event && context.offers.length === 1 && holdsOffer(context, event.agentId) && invitesQueue(context),
    isParticipant: ({ context, event }) => 'agentId' in event && isParticipant(context, event.agentId),
    closesLast: ({ context, event }) => 'agentId' in event && isLastParticipant(context, event.agentId) && !closeNeedsStatus(context),
    leavesOthers: ({ context, event }) => 'agentId' in event && isParticipant(context, event.agentId) && context.participants.length > 1,
    isSoleParticipant: ({ context, event }) => 'agentId' in event && isLastParticipant(context, event.agentId),
    canJoin: ({ context, event }) => 'agentId' in event && !isParticipant(context, event.agentId) && !holdsOffer(context, event.agentId),
    // The common cases, which plain actions serve: one offer made, the only offer accepted, no invitation at close.
    makesOneOffer: ({ event }) => event.type === 'OFFER' && event.offers.length === 1,
    acceptsOnlyOffer: ({ context, event }) => event.type === 'ACCEPT' && context.offers.length === 1 && context.offers[0]?.agentId === event.agentId,
    closesLastUninvited: ({ context, event }) =>
      'agentId' in event && context.invitation === null && isLastParticipant(context, event.agentId) && !closeNeedsStatus(context),
  },
  actions: {
    // Plain `assign` and `emit` on the hot path of every chat (measured ~20 % cheaper per transition than the
    // equivalent `enqueueActions`); `enqueueActions` where the number of facts varies (ring-all, invitations).
    announceQueued: emit(({ context }) => ({ type: 'queued', reason: context.queuedReason }) as const),
    recordOneOffer: assign({ offers: ({ event }) => (event.type === 'OFFER' ? event.offers : []) }),
    announceOneOffer: emit(({ context }) => ({ type: 'offerCreated', offer: context.offers[0] as OfferRecord }) as const),
    /** Accepting the only offer: these three run in this order, the same facts `assignFirst` emits in this case. */
    endAcceptedOffer: emit(({ context }) => ({ type: 'offerEnded', offer: context.offers[0] as OfferRecord, outcome: 'accepted' }) as const),
    takeOnlyOffer: assign(({ event }) => {
      const { agentId, at } = event as Extract<ChatEvent, { type: 'ACCEPT' }>;
      return { offers: [], participants: [{ agentId, joinedAt: at }], owner: agentId, reservedFor: null, transfer: null };
    }),
    announceAssignedByOffer: emit(({ event }) => ({ type: 'assigned', agentId: (event as Extract<ChatEvent, { type: 'ACCEPT' }>).agentId, via: 'offer' }) as const),
    recordOffers: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'OFFER') return;
      enqueue.assign({ offers: event.offers });
      for (const offer of event.offers) enqueue.emit({ type: 'offerCreated', offer });
    }),
    recordInviteOffers: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'INVITE_OFFER') return;
      enqueue.assign({ offers: event.offers });
      for (const offer of event.offers) enqueue.emit({ type: 'offerCreated', offer });
    }),
    /** Ends one agent's offer (reject or withdrawal), leaving the others of a ring-all pending. */
    endOneOffer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'REJECT' && event.type !== 'WITHDRAW') return;
      const offer = context.offers.find((o) => o.agentId === event.agentId) as OfferRecord;
      enqueue.assign({ offers: context.offers.filter((o) => o !== offer), queuedReason: event.type === 'REJECT' ? 'rejected' : 'withdrawn' });
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
    /** Withdraws every pending offer with one reason. */
    withdrawOffers: enqueueActions(({ context, enqueue }, params: { reason: WithdrawReason }) => {
      for (const offer of context.offers) enqueue.emit({ type: 'offerEnded', offer, outcome: 'withdrawn', reason: params.reason });
      enqueue.assign({ offers: [] });
    }),
    /** The first agent takes the chat: by accepting its offer (others withdrawn) or by picking it. */
    assignFirst: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'ACCEPT' && event.type !== 'PICK') return;
      const accepted = event.type === 'ACCEPT' ? context.offers.find((o) => o.agentId === event.agentId) : undefined;
      if (accepted !== undefined) enqueue.emit({ type: 'offerEnded', offer: accepted, outcome: 'accepted' });
      for (const offer of context.offers) {
        if (offer !== accepted) {
          enqueue.emit({ type: 'offerEnded', offer, outcome: 'withdrawn', reason: accepted ? 'accepted-elsewhere' : 'picked' });
        }
      }
      enqueue.assign({
        offers: [],
        participants: [{ agentId: event.agentId, joinedAt: event.at }],
        owner: event.agentId,
        reservedFor: null,
        transfer: null,
      });
      enqueue.emit({ type: 'assigned', agentId: event.agentId, via: accepted ? 'offer' : 'pick' });
    }),
    recordInvitation: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'INVITE') return;
      enqueue.assign({ invitation: event.invitation });
      enqueue.emit({ type: 'invited', invitation: event.invitation });
    }),
    /** An invitation's offer ended without a join: the invitation waits for the next agent. */
    reopenInvitation: enqueueActions(({ context, event, enqueue }, params: { outcome: 'rejected' | 'expired' | 'withdrawn' }) => {
      for (const offer of context.offers) {
        enqueue.emit(
          params.outcome === 'withdrawn'
            ? { type: 'offerEnded', offer, outcome: 'withdrawn', reason: event.type === 'WITHDRAW' ? event.reason : 'cancelled' }
            : { type: 'offerEnded', offer, outcome: params.outcome },
        );
      }
      enqueue.assign({ offers: [] });
      if (context.invitation !== null) enqueue.emit({ type: 'invitationWaiting', invitation: context.invitation });
    }),
    /** Ends the pending invitation, if any, withdrawing its offer. */
    endInvitation: enqueueActions(({ context, enqueue }, params: EndInvitationParams) => {
      if (context.invitation === null) return;
      for (const offer of context.offers) {
        enqueue.emit(
          params.reason === 'rejected' || params.reason === 'expired'
            ? { type: 'offerEnded', offer, outcome: params.reason }
            : { type: 'offerEnded', offer, outcome: 'withdrawn', reason: params.withdraw },
        );
      }
      enqueue.emit({ type: 'invitationEnded', invitation: context.invitation, reason: params.reason });
      enqueue.assign({ offers: [], invitation: null });
    }),
    /** An invited agent joins: by accepting the invitation's offer, or by picking the invitation. */
    joinInvited: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'ACCEPT' && event.type !== 'PICK') return;
      const invitation = context.invitation;
      if (invitation === null) return;
      for (const offer of context.offers) {
        enqueue.emit(
          offer.agentId === event.agentId && event.type === 'ACCEPT'
            ? { type: 'offerEnded', offer, outcome: 'accepted' }
            : { type: 'offerEnded', offer, outcome: 'withdrawn', reason: event.type === 'ACCEPT' ? 'accepted-elsewhere' : 'picked' },
        );
      }
      enqueue.assign({ offers: [], invitation: null, participants: [...context.participants, { agentId: event.agentId, joinedAt: event.at }] });
      enqueue.emit({ type: 'participantJoined', agentId: event.agentId, via: event.type === 'ACCEPT' ? 'invite' : 'pick' });
      enqueue.emit({ type: 'invitationEnded', invitation, reason: event.type === 'ACCEPT' ? 'accepted' : 'picked' });
    }),
    /** A participant who is not the last one leaves; the customer goes on with the others. */
    leave: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'CLOSE') return;
      const next = withoutParticipant(context, event.agentId);
      enqueue.assign(next);
      enqueue.emit({ type: 'participantLeft', agentId: event.agentId, reason: 'closed' });
      if (next.owner !== context.owner && next.owner !== null && context.owner !== null) {
        enqueue.emit({ type: 'ownerChanged', owner: next.owner, previous: context.owner });
      }
    }),
    transfer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'TRANSFER') return;
      enqueue.assign({
        participants: [],
        owner: null,
        status: null,
        queueId: event.queueId,
        reservedFor: 'agentId' in event.target ? event.target.agentId : null,
        transfer: event.comment !== undefined ? { by: event.agentId, target: event.target, comment: event.comment } : { by: event.agentId, target: event.target },
        queuedReason: 'transferred',
      });
      enqueue.emit({ type: 'participantLeft', agentId: event.agentId, reason: 'transferred' });
      enqueue.emit({ type: 'transferred', agentId: event.agentId, target: event.target, fromQueueId: context.queueId });
    }),
    setStatus: assign({ status: ({ context, event }) => (event.type === 'SET_STATUS' ? event.status : context.status) }),
    announceStatus: emit(({ event }) => {
      const { agentId, status } = event as Extract<ChatEvent, { type: 'SET_STATUS' }>;
      return { type: 'statusSet', agentId, status } as const;
    }),
    markImportant: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'MARK_IMPORTANT') return;
      enqueue.assign({ important: event.important });
      enqueue.emit({ type: 'importantChanged', agentId: event.agentId, important: event.important });
    }),
    close: assign(({ event }) => {
      const { agentId, at } = event as Extract<ChatEvent, { type: 'CLOSE' }>;
      return { endedAt: at, closedBy: agentId };
    }),
    announceClosed: emit(({ context }) =>
      context.closeReason
        ? ({ type: 'closed', agentId: context.closedBy as string, status: context.status as string, reason: context.closeReason } as const)
        : ({ type: 'closed', agentId: context.closedBy as string, status: context.status as string } as const),
    ),
    /** The engine closes a silent customer's chat for everyone: the owner is recorded as closing it, with the policy's status. */
    closeInactive: assign(({ context, event }) => {
      const { status, at } = event as Extract<ChatEvent, { type: 'INACTIVE' }>;
      return { status, endedAt: at, closedBy: context.owner, closeReason: 'inactivity' as const };
    }),
    /** A supervisor barges in: a participant at once, like a pick of an invitation but without one. */
    joinDirect: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'JOIN') return;
      enqueue.assign({ participants: [...context.participants, { agentId: event.agentId, joinedAt: event.at }] });
      enqueue.emit({ type: 'participantJoined', agentId: event.agentId, via: 'barge' });
    }),
    /** Overflow: the chat waits in another queue from now on (its offers were withdrawn first). */
    move: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'MOVE') return;
      enqueue.assign({ queueId: event.queueId, queuedReason: 'overflowed' });
      enqueue.emit({ type: 'moved', fromQueueId: context.queueId, reason: event.reason });
    }),
    markGivenUp: assign({ abandonReason: ({ event }) => (event.type === 'GIVE_UP' ? event.reason : null) }),
    markEnded: assign({ endedAt: ({ event }) => ('at' in event ? event.at : null) }),
    markCustomerLeft: assign({ customerLeftAt: ({ event }) => ('at' in event ? event.at : null) }),
    customerLeft: enqueueActions(({ event, enqueue }) => {
      enqueue.assign({ customerLeftAt: 'at' in event ? event.at : null });
      enqueue.emit({ type: 'customerLeft' });
    }),
  },
}).createMachine({
  id: 'chat',
  context: ({ input }) => ({
    queueId: input.queueId,
    offers: [],
    participants: [],
    owner: null,
    status: null,
    important: false,
    queuedReason: 'started',
    reservedFor: null,
    transfer: null,
    invitation: null,
    customerLeftAt: null,
    endedAt: null,
    closedBy: null,
  }),
  initial: 'queued',
  states: {
    queued: {
      entry: 'announceQueued',
      on: {
        OFFER: [
          { guard: 'makesOneOffer', target: 'offered', actions: ['recordOneOffer', 'announceOneOffer'] },
          { target: 'offered', actions: 'recordOffers' },
        ],
        PICK: { target: 'active', actions: 'assignFirst' },
        CUSTOMER_LEAVE: { target: 'abandoned', actions: ['markCustomerLeft', 'markEnded'] },
        MOVE: { target: 'queued', reenter: true, actions: 'move' },
        GIVE_UP: { target: 'abandoned', actions: ['markGivenUp', 'markEnded'] },
      },
    },
    offered: {
      on: {
        EXPIRE: { guard: 'hasOffers', target: 'queued', actions: 'expireOffers' },
        ACCEPT: [
          { guard: 'acceptsOnlyOffer', target: 'active', actions: ['endAcceptedOffer', 'takeOnlyOffer', 'announceAssignedByOffer'] },
          { guard: 'holdsOffer', target: 'active', actions: 'assignFirst' },
        ],
        REJECT: [
          { guard: 'holdsLastOffer', target: 'queued', actions: 'endOneOffer' },
          { guard: 'holdsOffer', actions: 'endOneOffer' },
        ],
        WITHDRAW: [
          { guard: 'holdsLastOffer', target: 'queued', actions: 'endOneOffer' },
          { guard: 'holdsOffer', actions: 'endOneOffer' },
        ],
        PICK: { target: 'active', actions: 'assignFirst' },
        CUSTOMER_LEAVE: {
          target: 'abandoned',
          actions: [{ type: 'withdrawOffers', params: { reason: 'customer-left' } }, 'markCustomerLeft', 'markEnded'],
        },
        MOVE: { target: 'queued', actions: [{ type: 'withdrawOffers', params: { reason: 'max-wait' } }, 'move'] },
        GIVE_UP: { target: 'abandoned', actions: [{ type: 'withdrawOffers', params: { reason: 'max-wait' } }, 'markGivenUp', 'markEnded'] },
      },
    },
    active: {
      on: {
        SET_STATUS: { guard: 'isParticipant', actions: ['setStatus', 'announceStatus'] },
        MARK_IMPORTANT: { guard: 'isParticipant', actions: 'markImportant' },
        CLOSE: [
          { guard: 'closesLastUninvited', target: 'closed', actions: ['close', 'announceClosed'] },
          { guard: 'closesLast', target: 'closed', actions: [{ type: 'endInvitation', params: { reason: 'closed', withdraw: 'chat-ended' } }, 'close', 'announceClosed'] },
          { guard: 'leavesOthers', actions: 'leave' },
        ],
        TRANSFER: {
          guard: 'isSoleParticipant',
          target: 'queued',
          actions: [{ type: 'endInvitation', params: { reason: 'transferred', withdraw: 'chat-ended' } }, 'transfer'],
        },
        CUSTOMER_LEAVE: {
          target: 'closing',
          actions: [{ type: 'endInvitation', params: { reason: 'customer-left', withdraw: 'customer-left' } }, 'customerLeft'],
        },
        INACTIVE: {
          target: 'closed',
          actions: [{ type: 'endInvitation', params: { reason: 'closed', withdraw: 'chat-ended' } }, 'closeInactive', 'announceClosed'],
        },
        // The invitation: none → waiting for an agent → offered to one (or several, for a ring-all queue).
        INVITE: { guard: 'hasNoInvitation', actions: 'recordInvitation' },
        INVITE_OFFER: { guard: 'invitationWaits', actions: 'recordInviteOffers' },
        ACCEPT: { guard: 'holdsOffer', actions: 'joinInvited' },
        PICK: { guard: 'hasInvitation', actions: 'joinInvited' },
        CANCEL_INVITE: { guard: 'hasInvitation', actions: { type: 'endInvitation', params: { reason: 'cancelled', withdraw: 'cancelled' } } },
        JOIN: { guard: 'canJoin', actions: 'joinDirect' },
        // One answer ends one offer until the last; then a queue invitation waits again, a personal one ends.
        REJECT: [
          { guard: 'holdsLastOfferOfQueueInvitation', actions: { type: 'reopenInvitation', params: { outcome: 'rejected' } } },
          { guard: 'holdsLastOffer', actions: { type: 'endInvitation', params: { reason: 'rejected', withdraw: 'chat-ended' } } },
          { guard: 'holdsOffer', actions: 'endOneOffer' },
        ],
        WITHDRAW: [
          { guard: 'holdsLastOffer', actions: { type: 'reopenInvitation', params: { outcome: 'withdrawn' } } },
          { guard: 'holdsOffer', actions: 'endOneOffer' },
        ],
        EXPIRE: [
          { guard: 'expiresQueueInvitation', actions: { type: 'reopenInvitation', params: { outcome: 'expired' } } },
          { guard: 'hasOffers', actions: { type: 'endInvitation', params: { reason: 'expired', withdraw: 'chat-ended' } } },
        ],
      },
    },
    closing: {
      on: {
        SET_STATUS: { guard: 'isParticipant', actions: ['setStatus', 'announceStatus'] },
        MARK_IMPORTANT: { guard: 'isParticipant', actions: 'markImportant' },
        CLOSE: [
          { guard: 'closesLast', target: 'closed', actions: ['close', 'announceClosed'] },
          { guard: 'leavesOthers', actions: 'leave' },
        ],
      },
    },
    closed: { type: 'final' },
    abandoned: {
      type: 'final',
      entry: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'abandoned' })),
    },
  },
});
