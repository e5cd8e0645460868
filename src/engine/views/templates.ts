import type { Customer } from '../../model/commands';
import type { AgentRecord, ChatRecord, NormalizedQueue } from '../ports';

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** What placeholders can refer to. */
export interface PlaceholderValues {
  readonly customer: Customer;
  readonly agent: { readonly id: string; readonly name: string };
  readonly queue: { readonly id: string; readonly name: string };
  readonly chat: { readonly id: string };
}

function lookup(values: PlaceholderValues, path: string): string | undefined {
  const [root, key, sub] = path.split('.');
  if (root === 'customer' && key === 'details' && sub !== undefined) {
    const details = values.customer.details;
    return details !== undefined && Object.prototype.hasOwnProperty.call(details, sub) ? details[sub] : undefined;
  }
  if (sub !== undefined || key === undefined) return undefined;
  const record: Record<string, unknown> | undefined =
    root === 'customer' ? values.customer : root === 'agent' ? values.agent : root === 'queue' ? values.queue : root === 'chat' ? values.chat : undefined;
  if (record === undefined || !Object.prototype.hasOwnProperty.call(record, key)) return undefined;
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

/** What the placeholders of one chat, seen by one agent, refer to. */
export function placeholderValues(
  chat: { readonly id: string; readonly customer: Customer },
  agent: { readonly config: { readonly id: string; readonly name: string } },
  queue: { readonly id: string; readonly name: string },
): PlaceholderValues {
  return { customer: chat.customer, agent: { id: agent.config.id, name: agent.config.name }, queue: { id: queue.id, name: queue.name }, chat: { id: chat.id } };
}

/**
 * Fills `{{customer.name}}`-style placeholders. Unknown or empty placeholders are left visible as written, so an
 * admin sees the typo rather than a blank; `encode` URL-encodes each value (for the external URL).
 */
export function fillPlaceholders(text: string, values: PlaceholderValues, encode = false): string {
  return text.replace(PLACEHOLDER, (whole, path: string) => {
    const value = lookup(values, path);
    if (value === undefined) return whole;
    return encode ? encodeURIComponent(value) : value;
  });
}

/** The admin URL of a chat's queue, filled for one agent; undefined when the queue has none. */
export function renderExternalUrl(chat: ChatRecord, queue: NormalizedQueue, agent: AgentRecord): string | undefined {
  if (queue.externalUrl === undefined) return undefined;
  return fillPlaceholders(queue.externalUrl, placeholderValues(chat, agent, queue), true);
}
