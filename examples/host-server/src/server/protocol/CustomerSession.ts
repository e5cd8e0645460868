import type { EngineEvent } from 'chatroute';
import { PROTOCOL_VERSION, type ChatStart } from '../../shared/protocol';
import { customerCommand } from './commands';
import type { HostContext } from '../context';
import { answerCommand, clientLimits, type Peer, type Session, type SessionFrame } from './session';
import { customerChat, customerMessage } from './customerView';
import type { ClientInfo } from '../limits/guards';

/**
 * The contact a chat belongs to, only if the host can prove it: a token the embedding site signed (its name and
 * email win over the form's), else the widget's own signed visitor cookie. A typed email is shown to the agent but
 * links nothing: anyone can type anyone's address. A forged, expired or unknown-site token links nothing either.
 */
function verifiedContact(context: HostContext, start: ChatStart, client: ClientInfo): { contactId?: string; name?: string; email?: string } {
  const { identities } = context.guards;
  if (start.identity !== undefined) {
    const contact = identities.fromSite(start.identity.site, start.identity.token);
    if (typeof contact !== 'string') return contact;
  }
  return client.visitorId !== undefined ? { contactId: `visitor:${client.visitorId}` } : {};
}

/** Starts a customer's chat from the start form. The server fills what the customer must not choose: the contact id and the CRM link. */
export function startChat(context: HostContext, start: ChatStart, client: ClientInfo): { ok: true; chatId: string } | { ok: false; message: string } {
  const verified = verifiedContact(context, start, client);
  const name = verified.name ?? start.name;
  const email = verified.email ?? start.email;
  const customer = { name, ...(email !== undefined ? { email } : {}), ...(verified.contactId !== undefined ? { contactId: verified.contactId } : {}) };
  const crmUrl = context.config.crmUrl?.(customer);
  const result = context.engine.dispatch({
    type: 'chat.start',
    queueId: start.queueId,
    customer: { ...customer, ...(crmUrl !== undefined ? { crmUrl } : {}) },
  });
  return result.ok ? { ok: true, chatId: result.chatId } : { ok: false, message: result.error.message };
}

/**
 * A customer's tab: their own chat only. It sends the transcript on connect (the newest `transcriptWindow` lines),
 * then each new line, each change of the chat's progress (waiting with a place in line, with whom, ended), and the
 * agents' typing. Its connection counts as the customer being present.
 */
export class CustomerSession implements Session {
  readonly #context: HostContext;
  readonly #peer: Peer;
  readonly #chatId: string;
  readonly #stopWatching: Array<() => void> = [];
  #lastView = '';
  #lastTyping = 0;

  constructor(context: HostContext, peer: Peer, chatId: string, token: string) {
    this.#context = context;
    this.#peer = peer;
    this.#chatId = chatId;
    const { engine, presence, positions, events } = context;
    peer.send({ type: 'welcome', version: PROTOCOL_VERSION, serverTime: engine.clock.now(), session: { role: 'customer', chatId, token, limits: clientLimits(context) } });
    const all = engine.messages(chatId);
    const window = context.config.limits.transcriptWindow;
    const omitted = Math.max(0, all.length - window);
    peer.send({ type: 'chat.transcript', messages: all.slice(omitted).map((m) => customerMessage(engine, m)), ...(omitted > 0 ? { omitted } : {}) });
    this.#sendView();
    this.#stopWatching.push(
      events.watchChat(chatId, (event) => this.#onEvent(event)),
      presence.watch(chatId, (signal) => {
        if (signal.type === 'typing' && signal.from.kind === 'agent') this.#peer.send({ type: 'chat.typing', name: signal.from.name });
      }),
      positions.watch(chatId, () => this.#sendView()),
    );
    presence.customerOpened(chatId);
  }

  handle(frame: SessionFrame): void {
    const { engine, uploads, presence } = this.#context;
    if (frame.type === 'typing') {
      const now = engine.clock.now();
      if (now - this.#lastTyping < this.#context.config.limits.typingEveryMs) return;
      this.#lastTyping = now;
      presence.typing(this.#chatId, { kind: 'customer' });
      return;
    }
    if (frame.type === 'query') {
      this.#peer.send({ type: 'error', code: 'forbidden', message: 'customers have no queries', ref: frame.ref });
      return;
    }
    const mapped = customerCommand(this.#chatId, frame.command, (ids, chatId) => uploads.attachments(ids, engine.getChat(chatId), 'customer'));
    if (answerCommand(this.#context, this.#peer, frame, mapped, 'an agent will answer what is there')) this.#lastTyping = 0;
  }

  close(): void {
    for (const stop of this.#stopWatching) stop();
    this.#context.presence.customerClosed(this.#chatId);
  }

  #onEvent(event: EngineEvent): void {
    const { engine } = this.#context;
    if (event.type === 'message.sent') this.#peer.send({ type: 'chat.message', message: customerMessage(engine, event.message) });
    this.#sendView();
  }

  /** Sends the chat's progress when it changed (most events of the chat change nothing the customer sees). */
  #sendView(): void {
    const chat = this.#context.engine.getChat(this.#chatId);
    if (chat === undefined) return;
    const base = customerChat(this.#context.engine, chat);
    const place = base.state === 'waiting' ? this.#context.positions.placeOf(this.#chatId) : undefined;
    const view = place !== undefined ? { ...base, ...place } : base;
    const json = JSON.stringify(view);
    if (json === this.#lastView) return;
    this.#lastView = json;
    this.#peer.send({ type: 'chat', chat: view });
  }
}
