import type { EngineEvent } from 'chatroute';
import { PROTOCOL_VERSION, type Credentials } from '../shared/protocol';
import { customerCommand } from './commands';
import { clientLimits, type HostContext, type Peer, type Session, type SessionFrame } from './context';
import { customerChat, customerMessage } from './customerView';

type Start = Extract<Credentials, { start: unknown }>['start'];

/**
 * Starts a customer's chat from the start form. The server fills what the customer must not choose: the contact
 * id (from the email, so "Load older messages" finds earlier chats of the same address) and the CRM link.
 */
export function startChat(context: HostContext, start: Start): { ok: true; chatId: string } | { ok: false; message: string } {
  const contactId = start.email !== undefined ? `email:${start.email.toLowerCase()}` : undefined;
  const customer = { name: start.name, ...(start.email !== undefined ? { email: start.email } : {}), ...(contactId !== undefined ? { contactId } : {}) };
  const crmUrl = context.config.crmUrl?.(customer);
  const result = context.engine.dispatch({
    type: 'chat.start',
    queueId: start.queueId,
    customer: { ...customer, ...(crmUrl !== undefined ? { crmUrl } : {}) },
  });
  return result.ok ? { ok: true, chatId: result.chatId } : { ok: false, message: result.error.message };
}

/**
 * A customer's tab: their own chat only. It sends the transcript on connect, then each new line and each change
 * of the chat's progress (waiting, with whom, ended).
 */
export class CustomerSession implements Session {
  readonly #context: HostContext;
  readonly #peer: Peer;
  readonly #chatId: string;
  readonly #subscription: { unsubscribe(): void };
  #lastView = '';

  constructor(context: HostContext, peer: Peer, chatId: string, token: string) {
    this.#context = context;
    this.#peer = peer;
    this.#chatId = chatId;
    const { engine } = context;
    peer.send({ type: 'welcome', version: PROTOCOL_VERSION, serverTime: engine.clock.now(), session: { role: 'customer', chatId, token, limits: clientLimits(context) } });
    peer.send({ type: 'chat.transcript', messages: engine.messages(chatId).map((m) => customerMessage(engine, m)) });
    this.#sendView();
    this.#subscription = engine.events$.subscribe((event) => this.#onEvent(event));
  }

  handle(frame: SessionFrame): void {
    if (frame.type === 'query') {
      this.#peer.send({ type: 'error', code: 'forbidden', message: 'customers have no queries', ref: frame.ref });
      return;
    }
    const { engine, uploads } = this.#context;
    const mapped = customerCommand(this.#chatId, frame.command, (ids, chatId) => uploads.attachments(ids, engine.getChat(chatId), 'customer'));
    if (!mapped.ok) {
      this.#peer.send({ type: 'error', code: mapped.code, message: mapped.message, ref: frame.ref });
      return;
    }
    this.#peer.send({ type: 'result', ref: frame.ref, result: engine.dispatch(mapped.command) });
  }

  close(): void {
    this.#subscription.unsubscribe();
  }

  #onEvent(event: EngineEvent): void {
    const chatId = event.type === 'message.sent' ? event.message.chatId : 'chatId' in event ? event.chatId : undefined;
    if (chatId !== this.#chatId) return;
    const { engine } = this.#context;
    if (event.type === 'message.sent') this.#peer.send({ type: 'chat.message', message: customerMessage(engine, event.message) });
    this.#sendView();
  }

  /** Sends the chat's progress when it changed (most events of the chat change nothing the customer sees). */
  #sendView(): void {
    const chat = this.#context.engine.getChat(this.#chatId);
    if (chat === undefined) return;
    const view = customerChat(this.#context.engine, chat);
    const json = JSON.stringify(view);
    if (json === this.#lastView) return;
    this.#lastView = json;
    this.#peer.send({ type: 'chat', chat: view });
  }
}
