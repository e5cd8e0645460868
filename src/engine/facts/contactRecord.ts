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
  // Optional fields are set in the record's key order (no spread temporaries): the JSON is the same as a literal's.
  const record: Record<string, unknown> = { chatId: chat.id };
  if (customer.contactId !== undefined) record.contactId = customer.contactId;
  record.customer = customer;
  record.queueId = context.queueId;
  record.queues = Object.freeze([...tally.queues]);
  record.priority = chat.task.priority;
  record.enqueuedAt = chat.task.enqueuedAt;
  if (tally.firstOfferedAt !== null) record.firstOfferedAt = tally.firstOfferedAt;
  if (tally.answeredAt !== null) record.answeredAt = tally.answeredAt;
  if (tally.answeredInQueue !== null) record.answeredInQueue = tally.answeredInQueue;
  record.endedAt = endedAt;
  record.outcome = handled ? 'handled' : 'abandoned';
  record.shortAbandon = !handled && endedAt - chat.waitStartedAt <= (queue?.shortAbandonMs ?? 0);
  if (context.abandonReason) record.abandonReason = context.abandonReason;
  record.waitMs = waitMs;
  record.handleMs = tally.answeredAt === null ? 0 : endedAt - tally.answeredAt;
  record.withinServiceLevel = tally.answeredAt !== null && waitMs <= (queue?.serviceLevelMs ?? 0);
  record.agents = Object.freeze(agents);
  record.offers = Object.freeze({ made: tally.made, accepted: tally.accepted, rejected: tally.rejected, missed: tally.missed, withdrawn: tally.withdrawn });
  record.transfers = tally.transfers;
  record.invitations = tally.invitations;
  if (context.status !== null) record.status = context.status;
  if (context.closedBy !== null) record.closedBy = context.closedBy;
  if (context.closeReason) record.closeReason = context.closeReason;
  if (chat.tags.length > 0) record.tags = chat.tags;
  record.important = context.important;
  record.customerDisconnects = tally.customerDisconnects;
  record.agentDisconnects = tally.agentDisconnects;
  record.messages = Object.freeze({ customer: tally.customerMessages, agent: tally.agentMessages, system: tally.systemMessages });
  return Object.freeze(record) as unknown as ContactRecord;
}
