import type { Message } from './chat';
import type { Customer } from './commands';
import type { EngineEvent } from './events';

/** What an erased text reads as. */
export const ERASED = '[erased]';

/** A customer with nothing personal left: the name erased, only the host's contact id kept. */
export function erasedCustomer(customer: Customer): Customer {
  return Object.freeze({ name: ERASED, ...(customer.contactId !== undefined ? { contactId: customer.contactId } : {}) });
}

/** A message with its text and its files' names and addresses erased (who sent it, and when, stay). */
export function erasedMessage(message: Message): Message {
  if (message.notice !== undefined) return message;
  return Object.freeze({
    ...message,
    text: message.text === '' ? '' : ERASED,
    attachments: Object.freeze(message.attachments.map((a) => Object.freeze({ ...a, name: ERASED, url: '' }))),
  });
}

/**
 * An event with the personal data of the given chats erased (the customer, message texts and files); events of other
 * chats come back as they are (the same object).
 */
export function erasedEvent(event: EngineEvent, chatIds: ReadonlySet<string>): EngineEvent {
  switch (event.type) {
    case 'offer.created':
      if (!chatIds.has(event.chatId)) return event;
      return Object.freeze({ ...event, notification: Object.freeze({ ...event.notification, customer: erasedCustomer(event.notification.customer) }) });
    case 'message.sent':
    case 'note.added':
      if (!chatIds.has(event.message.chatId)) return event;
      return Object.freeze({ ...event, message: erasedMessage(event.message) });
    case 'contact.recorded':
      if (!chatIds.has(event.record.chatId)) return event;
      return Object.freeze({ ...event, record: Object.freeze({ ...event.record, customer: erasedCustomer(event.record.customer) }) });
    case 'assistance.requested':
      if (!chatIds.has(event.request.chatId) || event.request.note === undefined) return event;
      return Object.freeze({ ...event, request: Object.freeze({ ...event.request, note: ERASED }) });
    default:
      return event;
  }
}
