import type { Desk, EngineEvent } from 'chatroute';
import { PROTOCOL_VERSION, type AgentQuery, type Result } from '../shared/protocol';
import { agentCommand } from './commands';
import { clientLimits, type HostContext, type Peer, type Session, type SessionFrame } from './context';

const HISTORY_PAGE = 20;

/**
 * One agent's tab. It pushes the agent's `desk$` as it changes, the transcript of each chat as it appears on the
 * desk, then that chat's new messages and reminders; and it turns the tab's frames into engine commands acting
 * as this agent only.
 */
export class AgentSession implements Session {
  readonly #context: HostContext;
  readonly #peer: Peer;
  readonly #agentId: string;
  /** Chats on the desk now: the only ones whose messages this tab receives. */
  #chats = new Set<string>();
  readonly #subscriptions: Array<{ unsubscribe(): void }> = [];

  constructor(context: HostContext, peer: Peer, agentId: string, token: string) {
    this.#context = context;
    this.#peer = peer;
    this.#agentId = agentId;
    const name = context.engine.getAgent(agentId)?.name ?? agentId;
    peer.send({
      type: 'welcome',
      version: PROTOCOL_VERSION,
      serverTime: context.engine.clock.now(),
      session: { role: 'agent', agentId, name, token, pauseReasons: context.config.pauseReasons, limits: clientLimits(context) },
    });
    // The engine publishes a transaction's events, then its desks. A message sent in the transaction that brings
    // a chat onto the desk is not forwarded (the chat is not on the desk yet) but is in the transcript sent with
    // that desk. Clients keep messages by id anyway, so no ordering can show a message twice.
    this.#subscriptions.push(context.engine.events$.subscribe((event) => this.#onEvent(event)));
    this.#subscriptions.push(context.engine.desk$(agentId).subscribe((desk) => this.#onDesk(desk)));
  }

  handle(frame: SessionFrame): void {
    const { engine, uploads } = this.#context;
    if (frame.type === 'query') {
      this.#peer.send({ type: 'result', ref: frame.ref, result: this.#query(frame.query) });
      return;
    }
    const owner = `agent:${this.#agentId}`;
    const mapped = agentCommand(this.#agentId, frame.command, (ids, chatId) => uploads.attachments(ids, engine.getChat(chatId), owner));
    if (!mapped.ok) {
      this.#peer.send({ type: 'error', code: mapped.code, message: mapped.message, ref: frame.ref });
      return;
    }
    this.#peer.send({ type: 'result', ref: frame.ref, result: engine.dispatch(mapped.command) });
  }

  close(): void {
    for (const s of this.#subscriptions) s.unsubscribe();
  }

  #onEvent(event: EngineEvent): void {
    if (event.type === 'message.sent' && this.#chats.has(event.message.chatId)) {
      this.#peer.send({ type: 'message', message: event.message });
    } else if (event.type === 'reminder' && event.agentIds.includes(this.#agentId)) {
      this.#peer.send({ type: 'reminder', chatId: event.chatId, waitingSince: event.waitingSince });
    }
  }

  #onDesk(desk: Desk): void {
    const chats = new Set(desk.chats.map((c) => c.chatId));
    this.#peer.send({ type: 'desk', desk });
    for (const chatId of chats) {
      if (!this.#chats.has(chatId)) this.#peer.send({ type: 'transcript', chatId, messages: this.#context.engine.messages(chatId) });
    }
    this.#chats = chats;
  }

  #query(query: AgentQuery): Result {
    const { engine } = this.#context;
    if (query.type === 'template') return engine.renderTemplate(query.chatId, query.templateId, this.#agentId);
    // "Load older messages": only for a chat this agent is in, and only its own customer's history.
    const chat = engine.getChat(query.chatId);
    if (chat === undefined || !chat.participants.some((p) => p.agentId === this.#agentId)) {
      return { ok: false as const, error: { code: 'forbidden' as const, message: `you are not in chat ${JSON.stringify(query.chatId)}` } };
    }
    const contactId = chat.customer.contactId;
    if (contactId === undefined) return { ok: true as const, messages: [] };
    return { ok: true as const, ...engine.history(contactId, { limit: HISTORY_PAGE, ...(query.before !== undefined ? { before: query.before } : {}) }) };
  }
}
