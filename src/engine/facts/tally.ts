import type { ChatRecord } from '../ports';

/*
 * The running contact record of a chat (`ChatData.tally`): each fact adds what it says, so the record a chat's end
 * emits (`contact.recorded`) is exact, and, being chat data, survives snapshots and replay like the rest.
 */

/** An agent came into the chat (took it, picked it, joined by invitation or barging). */
export function tallyJoined(chat: ChatRecord, agentId: string, via: 'offer' | 'pick' | 'invite' | 'barge', now: number): void {
  const tally = chat.tally;
  if ((via === 'offer' || via === 'pick') && tally.answeredAt === null) {
    tally.answeredAt = now;
    tally.answeredInQueue = chat.actor.getSnapshot().context.queueId;
  }
  const known = tally.agents.find((a) => a.agentId === agentId);
  if (known !== undefined) {
    known.openSince ??= now;
    known.leftAt = null;
  } else tally.agents.push({ agentId, via, joinedAt: now, leftAt: null, ms: 0, openSince: now });
}

/** An agent left the chat (closed it for themselves, transferred it, or the chat closed with them in it). */
export function tallyLeft(chat: ChatRecord, agentId: string, now: number): void {
  const agent = chat.tally.agents.find((a) => a.agentId === agentId);
  if (agent === undefined || agent.openSince === null) return;
  agent.ms += now - agent.openSince;
  agent.openSince = null;
  agent.leftAt = now;
}

/** The chat entered a queue again (an overflow, a transfer to a queue): it is listed once per stay. */
export function tallyQueue(chat: ChatRecord, queueId: string): void {
  const queues = chat.tally.queues;
  if (queues[queues.length - 1] !== queueId) queues.push(queueId);
}
