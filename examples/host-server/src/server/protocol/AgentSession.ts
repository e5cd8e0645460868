import type { EngineEvent, PersonalDeskChange } from 'chatroute';
import { DIRECTORY_PAGE_MAX, PROTOCOL_VERSION, type AgentQuery, type Result, type TeamMember } from '../../shared/protocol';
import { agentCommand } from './commands';
import type { HostContext } from '../context';
import { answerCommand, clientLimits, type Peer, type Session, type SessionFrame } from './session';

const HISTORY_PAGE = 20;

/**
 * One agent's tab. It pushes the agent's `desk$` as it changes, the transcript of each chat as it appears on the
 * desk (the newest `transcriptWindow` lines), then that chat's new messages, its customer's presence and typing,
 * and reminders; and it turns the tab's frames into engine commands acting as this agent only.
 */
export class AgentSession implements Session {
  readonly #context: HostContext;
  readonly #peer: Peer;
  readonly #agentId: string;
  readonly #name: string;
  /** Chats on the desk now, each with what stops watching it: the only chats whose messages this tab receives. */
  #chats = new Map<string, () => void>();
  readonly #subscriptions: Array<{ unsubscribe(): void }> = [];
  readonly #stopReminders: () => void;
  #leaveChannels: () => void = () => {};
  /** Set once the tab loaded a page of colleagues: it hears their changes from then on. */
  #stopDirectory: (() => void) | undefined;
  #lastTyping = 0;

  constructor(context: HostContext, peer: Peer, agentId: string, token: string) {
    this.#context = context;
    this.#peer = peer;
    this.#agentId = agentId;
    this.#name = context.engine.getAgent(agentId)?.name ?? agentId;
    // One agent's configuration, not the whole of it: `configuration()` copies every agent, on every sign-in.
    const supervises = context.engine.agentConfig(agentId)?.supervises ?? [];
    peer.send({
      type: 'welcome',
      version: PROTOCOL_VERSION,
      serverTime: context.engine.clock.now(),
      session: {
        role: 'agent',
        agentId,
        name: this.#name,
        token,
        pauseReasons: context.config.pauseReasons,
        limits: clientLimits(context),
        queueNumbers: context.configuration.queueNumbers(),
        supervises,
      },
    });
    // The engine publishes a transaction's events, then its desks. A message sent in the transaction that brings
    // a chat onto the desk is not forwarded (the chat is not watched yet) but is in the transcript sent with that
    // desk. Clients keep messages by id anyway, so no ordering can show a message twice.
    this.#stopReminders = context.events.watchAgent(agentId, (event) => this.#onEvent(event));
    this.#subscriptions.push(context.engine.deskChanges$(agentId).subscribe((change) => this.#onDeskChange(change)));
    // Supervisors see the next half hour of their queues (issue 12: the supervisor view of the forecast).
    if (supervises.length > 0) {
      const stop = context.forecasts.watch((f) => peer.send({ type: 'forecast', forecast: { ...f, queues: f.queues.filter((q) => supervises.includes(q.queueId)) } }));
      this.#subscriptions.push({ unsubscribe: stop });
    }
    context.presence.agentOpened(agentId);
  }

  handle(frame: SessionFrame): void {
    const { engine, uploads, presence } = this.#context;
    if (frame.type === 'typing') {
      const now = engine.clock.now();
      if (frame.chatId === undefined || !this.#chats.has(frame.chatId) || now - this.#lastTyping < this.#context.config.limits.typingEveryMs) return;
      this.#lastTyping = now;
      presence.typing(frame.chatId, { kind: 'agent', agentId: this.#agentId, name: this.#name });
      return;
    }
    if (frame.type === 'query') {
      this.#peer.send({ type: 'result', ref: frame.ref, result: this.#query(frame.query) });
      return;
    }
    const owner = `agent:${this.#agentId}`;
    const mapped = agentCommand(this.#agentId, frame.command, (ids, chatId) => uploads.attachments(ids, engine.getChat(chatId), owner));
    if (answerCommand(this.#context, this.#peer, frame, mapped, 'close it and continue in a new one')) this.#lastTyping = 0;
  }

  close(): void {
    for (const s of this.#subscriptions) s.unsubscribe();
    this.#leaveChannels();
    this.#stopDirectory?.();
    this.#stopReminders();
    this.#context.presence.agentClosed(this.#agentId);
    for (const stop of this.#chats.values()) stop();
    this.#chats.clear();
  }

  #onEvent(event: EngineEvent): void {
    // Agents see the customer's lines and the agent-only ones (notes, whispers); customers only ever get message.sent.
    if ((event.type === 'message.sent' || event.type === 'note.added') && this.#chats.has(event.message.chatId)) {
      this.#peer.send({ type: 'message', message: event.message });
    } else if (event.type === 'reminder' && event.agentIds.includes(this.#agentId)) {
      this.#peer.send({ type: 'reminder', chatId: event.chatId, waitingSince: event.waitingSince });
    }
  }

  /**
   * The agent's own desk changes go out as they come; the shared ones (its queues' waiting lists, the directory)
   * reach it through the channels it joins here, which it re-joins when a new `desk.init` says its queues changed.
   */
  #onDeskChange(change: PersonalDeskChange): void {
    if (change.type === 'desk.init') {
      this.#leaveChannels();
      this.#peer.send({ type: 'desk.init', state: change.state });
      this.#leaveChannels = this.#context.channels.join(Object.keys(change.state.queues), (raw) => this.#peer.sendRaw(raw));
      this.#syncChats(change.state.desk.chats.map((c) => c.chatId));
      return;
    }
    this.#peer.send({ type: 'desk.change', change });
    if (change.type === 'chat.added') this.#syncChats([...this.#chats.keys(), change.chat.chatId]);
    else if (change.type === 'chat.removed') this.#syncChats([...this.#chats.keys()].filter((id) => id !== change.chatId));
  }

  /** Starts watching chats that came onto the desk (sending their transcripts and presence), stops the ones that left. */
  #syncChats(chatIds: readonly string[]): void {
    const { engine, events, presence } = this.#context;
    const next = new Map<string, () => void>();
    for (const chatId of chatIds) {
      const watching = this.#chats.get(chatId);
      if (watching !== undefined) {
        next.set(chatId, watching);
        continue;
      }
      const all = engine.messages(chatId, { audience: 'agents' });
      const omitted = Math.max(0, all.length - this.#context.config.limits.transcriptWindow);
      this.#peer.send({ type: 'transcript', chatId, messages: omitted > 0 ? all.slice(omitted) : all, ...(omitted > 0 ? { omitted } : {}) });
      this.#peer.send({ type: 'presence', chatId, customer: presence.customerOnline(chatId) ? 'online' : 'offline' });
      const stopEvents = events.watchChat(chatId, (event) => this.#onEvent(event));
      const stopPresence = presence.watch(chatId, (signal) => {
        if (signal.type === 'presence') this.#peer.send(signal);
        else if (signal.from.kind === 'customer') this.#peer.send({ type: 'typing', chatId });
      });
      next.set(chatId, () => {
        stopEvents();
        stopPresence();
      });
    }
    for (const [chatId, stop] of this.#chats) if (!next.has(chatId)) stop();
    this.#chats = next;
  }

  #query(query: AgentQuery): Result {
    const { engine } = this.#context;
    if (query.type === 'template') return engine.renderTemplate(query.chatId, query.templateId, this.#agentId);
    if (query.type === 'team') return this.#team();
    if (query.type === 'directory') {
      const { type: _type, ...directoryQuery } = query;
      this.#stopDirectory ??= this.#context.channels.readDirectory((raw) => this.#peer.sendRaw(raw));
      return { ok: true as const, ...engine.directory(this.#agentId, directoryQuery) };
    }
    // "Load older messages": only for a chat this agent is in, and only its own customer's history.
    const chat = engine.getChat(query.chatId);
    if (chat === undefined || !chat.participants.some((p) => p.agentId === this.#agentId)) {
      return { ok: false as const, error: { code: 'forbidden' as const, message: `you are not in chat ${JSON.stringify(query.chatId)}` } };
    }
    const contactId = chat.customer.contactId;
    if (contactId === undefined) return { ok: true as const, messages: [] };
    return { ok: true as const, ...engine.history(contactId, { limit: HISTORY_PAGE, ...(query.before !== undefined ? { before: query.before } : {}) }) };
  }

  /** The supervisor's team panel: the members of the queues they supervise, each with state, since when, chats and slots. */
  #team(): Result {
    const { engine, events } = this.#context;
    const supervises = engine.agentConfig(this.#agentId)?.supervises ?? [];
    if (supervises.length === 0) return { ok: false as const, error: { code: 'forbidden' as const, message: 'only a supervisor sees a team: you supervise no queue' } };
    const agents: TeamMember[] = [];
    for (const { agentId } of engine.directory(this.#agentId, { queueIds: supervises, limit: DIRECTORY_PAGE_MAX }).agents) {
      const view = engine.getAgent(agentId);
      if (view === undefined) continue;
      const seen = events.stateSince(agentId);
      // A pause says when it began; otherwise the last change seen, or at least since the server started.
      const since = view.pause?.since ?? seen ?? events.startedAt;
      agents.push({
        agentId,
        name: view.name,
        state: view.state,
        ...(view.pause !== undefined ? { pause: { reason: view.pause.reason, paid: view.pause.paid } } : {}),
        since,
        sinceKnown: view.pause !== undefined || seen !== undefined,
        chats: view.chats.length,
        slotsUsed: view.slotsUsed,
        capacity: view.capacity,
      });
    }
    return { ok: true as const, agents };
  }
}
