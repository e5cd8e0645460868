import type { ContactAgent, ContactRecord } from '../../model/contact';
import type { ChatRecord, EngineState, NormalizedQueue } from '../ports';

/** The contact record of a chat that just closed or was abandoned, from its tally and its machine's context. */
export function contactRecordOf(ctx: EngineState, chat: ChatRecord): ContactRecord {
  const { context, value } = chat.actor.getSnapshot();
  const tally = chat.tally;
  const endedAt = context.endedAt ?? ctx.clock.now();
  const queue = ctx.queues.get(context.queueId) as NormalizedQueue | undefined;
  const handled = value === 'closed';
  const waitMs = (tally.answeredAt ?? endedAt) - chat.task.enqueuedAt;
  const total = tally.agents.reduce((sum, a) => sum + a.ms + (a.openSince !== null ? endedAt - a.openSince : 0), 0);
  const agents: ContactAgent[] = tally.agents.map((a) => {
    const ms = a.ms + (a.openSince !== null ? endedAt - a.openSince : 0);
    return Object.freeze({ agentId: a.agentId, via: a.via, joinedAt: a.joinedAt, leftAt: a.leftAt ?? endedAt, ms, share: total === 0 ? 0 : ms / total });
  });
  const customer = chat.customer;
  return Object.freeze({
    chatId: chat.id,
    ...(customer.contactId !== undefined ? { contactId: customer.contactId } : {}),
    customer,
    queueId: context.queueId,
    queues: Object.freeze([...tally.queues]),
    priority: chat.task.priority,
    enqueuedAt: chat.task.enqueuedAt,
    ...(tally.firstOfferedAt !== null ? { firstOfferedAt: tally.firstOfferedAt } : {}),
    ...(tally.answeredAt !== null ? { answeredAt: tally.answeredAt } : {}),
    ...(tally.answeredInQueue !== null ? { answeredInQueue: tally.answeredInQueue } : {}),
    endedAt,
    outcome: handled ? ('handled' as const) : ('abandoned' as const),
    shortAbandon: !handled && endedAt - chat.waitStartedAt <= (queue?.shortAbandonMs ?? 0),
    ...(context.abandonReason ? { abandonReason: context.abandonReason } : {}),
    waitMs,
    handleMs: tally.answeredAt === null ? 0 : endedAt - tally.answeredAt,
    withinServiceLevel: tally.answeredAt !== null && waitMs <= (queue?.serviceLevelMs ?? 0),
    agents: Object.freeze(agents),
    offers: Object.freeze({ made: tally.made, accepted: tally.accepted, rejected: tally.rejected, missed: tally.missed, withdrawn: tally.withdrawn }),
    transfers: tally.transfers,
    invitations: tally.invitations,
    ...(context.status !== null ? { status: context.status } : {}),
    ...(context.closedBy !== null ? { closedBy: context.closedBy } : {}),
    important: context.important,
    customerDisconnects: tally.customerDisconnects,
    agentDisconnects: tally.agentDisconnects,
    messages: Object.freeze({ customer: tally.customerMessages, agent: tally.agentMessages, system: tally.systemMessages }),
  });
}
