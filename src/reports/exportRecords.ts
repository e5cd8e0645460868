import type { ContactRecord } from '../model/contact';

/**
 * Contact records as NDJSON: one record per line, as JSON, in the given order (what a data warehouse loads).
 *
 * @example
 * ```ts
 * import { toNdjson } from 'chatroute/reports';
 * writeFileSync('contacts.ndjson', toNdjson(reports.contactRecords({ from, to })));
 * ```
 */
export function toNdjson(records: readonly ContactRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + (records.length > 0 ? '\n' : '');
}

/** The CSV columns, in order: one row per record, nested parts flattened. */
export const CSV_COLUMNS = [
  'chatId', 'contactId', 'customerName', 'customerEmail', 'queueId', 'queues', 'priority', 'enqueuedAt', 'firstOfferedAt',
  'answeredAt', 'answeredInQueue', 'endedAt', 'outcome', 'shortAbandon', 'abandonReason', 'waitMs', 'handleMs', 'withinServiceLevel',
  'agents', 'offersMade', 'offersAccepted', 'offersRejected', 'offersMissed', 'offersWithdrawn', 'transfers', 'invitations',
  'status', 'closedBy', 'important', 'customerDisconnects', 'agentDisconnects', 'customerMessages', 'agentMessages', 'systemMessages',
] as const;

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  // RFC 4180 quoting; a leading =, +, - or @ is quoted with a ' so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Contact records as CSV (RFC 4180, header row first): `agents` as `agentId:ms` joined by `;`, `queues` joined by `;`,
 * times as clock milliseconds; text that a spreadsheet would run as a formula is quoted and prefixed with `'`.
 *
 * @example
 * ```ts
 * import { toCsv } from 'chatroute/reports';
 * writeFileSync('contacts.csv', toCsv(reports.contactRecords({ queueId: 'sales' })));
 * ```
 */
export function toCsv(records: readonly ContactRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of records) {
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      chatId: r.chatId,
      contactId: r.contactId,
      customerName: r.customer.name,
      customerEmail: r.customer.email,
      queueId: r.queueId,
      queues: r.queues.join(';'),
      priority: r.priority,
      enqueuedAt: r.enqueuedAt,
      firstOfferedAt: r.firstOfferedAt,
      answeredAt: r.answeredAt,
      answeredInQueue: r.answeredInQueue,
      endedAt: r.endedAt,
      outcome: r.outcome,
      shortAbandon: r.shortAbandon,
      abandonReason: r.abandonReason,
      waitMs: r.waitMs,
      handleMs: r.handleMs,
      withinServiceLevel: r.withinServiceLevel,
      agents: r.agents.map((a) => `${a.agentId}:${a.ms}`).join(';'),
      offersMade: r.offers.made,
      offersAccepted: r.offers.accepted,
      offersRejected: r.offers.rejected,
      offersMissed: r.offers.missed,
      offersWithdrawn: r.offers.withdrawn,
      transfers: r.transfers,
      invitations: r.invitations,
      status: r.status,
      closedBy: r.closedBy,
      important: r.important,
      customerDisconnects: r.customerDisconnects,
      agentDisconnects: r.agentDisconnects,
      customerMessages: r.messages.customer,
      agentMessages: r.messages.agent,
      systemMessages: r.messages.system,
    };
    lines.push(CSV_COLUMNS.map((c) => cell(row[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
