import type { ChatView, Engine, Message } from 'chatroute';
import type { CustomerChat, CustomerMessage } from '../../shared/protocol';

/**
 * What a customer may see of their chat. Agent ids, offers, statuses and notes stay on the server: the customer
 * gets agent names, a three-state progress, and why it ended.
 */
export function customerChat(engine: Engine, chat: ChatView): CustomerChat {
  const agents = chat.participants.map((p) => engine.getAgent(p.agentId)?.name ?? 'An agent');
  const base = { chatId: chat.id, queue: chat.queue, agents };
  switch (chat.state) {
    case 'queued':
    case 'offered':
      return { ...base, state: 'waiting' };
    case 'active':
      return { ...base, state: 'active' };
    default:
      // closing: the customer left and the agents have yet to close; closed or abandoned: it is over.
      return { ...base, state: 'ended', ended: chat.customerLeftAt !== undefined ? 'left' : 'closed' };
  }
}

/** A transcript line for the customer: "you", an agent by name, or a system line. */
export function customerMessage(engine: Engine, message: Message): CustomerMessage {
  const base = { id: message.id, at: message.at, text: message.text, attachments: message.attachments };
  if (message.from.kind === 'customer') return { ...base, from: 'you' };
  if (message.from.kind === 'system') return { ...base, from: 'system' };
  return { ...base, from: 'agent', name: engine.getAgent(message.from.agentId)?.name ?? 'Agent' };
}
