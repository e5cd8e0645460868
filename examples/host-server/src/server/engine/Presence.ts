import { commandTypes, type Engine } from 'chatroute';

/** What a chat's watchers hear: the customer came or went, or someone is typing. */
export type PresenceSignal =
  | { readonly type: 'presence'; readonly chatId: string; readonly customer: 'online' | 'offline' }
  | { readonly type: 'typing'; readonly chatId: string; readonly from: { readonly kind: 'customer' } | { readonly kind: 'agent'; readonly agentId: string; readonly name: string } };

type Listener = (signal: PresenceSignal) => void;

/**
 * Which chats have their customer's widget open (a count of customer connections per chat), and typing
 * indicators, told to the tabs watching each chat (its agents, its customer). Listeners are kept per chat, so a
 * signal costs what that chat's watchers cost, not a pass over every connected agent.
 *
 * When the engine knows presence commands (`customer.disconnected` / `customer.connected`), the first connection
 * and the last disconnection are also dispatched to it: the engine applies its own grace period, so a reload or a
 * network blip does not end a chat.
 *
 * @example
 * ```ts
 * const stop = presence.watch(chatId, (signal) => send(signal));
 * presence.customerOpened(chatId); // watchers hear { type: 'presence', customer: 'online' }
 * ```
 */
export class Presence {
  readonly #engine: Engine;
  readonly #customers = new Map<string, number>();
  readonly #agents = new Map<string, number>();
  readonly #watchers = new Map<string, Set<Listener>>();
  readonly #engineKnowsPresence: boolean;
  #stopped = false;

  readonly #startupTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `reconnectWindowMs`: after a restart (or a node taking a shard over) the host has no connection yet; whoever the
   * engine still has and who has not reconnected within this window is reported disconnected then, so the engine's
   * own grace starts, and a customer or agent who never comes back is not left online for ever. Those who reconnect
   * in time see no marker at all.
   */
  constructor(engine: Engine, options: { reconnectWindowMs?: number } = {}) {
    this.#engine = engine;
    this.#engineKnowsPresence = (commandTypes as readonly string[]).includes('customer.disconnected');
    if (this.#engineKnowsPresence && engine.chats().length + engine.configuration().agents.length > 0) {
      this.#startupTimer = setTimeout(() => this.#reportAbsent(), options.reconnectWindowMs ?? 15_000);
      this.#startupTimer.unref();
    }
  }

  #reportAbsent(): void {
    if (this.#stopped) return;
    for (const chat of this.#engine.chats({ states: ['queued', 'offered', 'active'] })) {
      if (!this.customerOnline(chat.id)) this.#tellEngine('customer.disconnected', chat.id);
    }
    for (const { id } of this.#engine.configuration().agents) {
      if ((this.#agents.get(id) ?? 0) === 0 && this.#engine.getAgent(id)?.state !== 'offline') {
        this.#engine.dispatch({ type: 'agent.disconnected', agentId: id } as never);
      }
    }
  }

  customerOnline(chatId: string): boolean {
    return (this.#customers.get(chatId) ?? 0) > 0;
  }

  customerOpened(chatId: string): void {
    const count = (this.#customers.get(chatId) ?? 0) + 1;
    this.#customers.set(chatId, count);
    if (count !== 1) return;
    this.#tellEngine('customer.connected', chatId);
    this.#emit({ type: 'presence', chatId, customer: 'online' });
  }

  customerClosed(chatId: string): void {
    const count = (this.#customers.get(chatId) ?? 0) - 1;
    if (count > 0) {
      this.#customers.set(chatId, count);
      return;
    }
    this.#customers.delete(chatId);
    this.#tellEngine('customer.disconnected', chatId);
    this.#emit({ type: 'presence', chatId, customer: 'offline' });
  }

  /** An agent's tab opened: the first one tells the engine the agent is connected again. */
  agentOpened(agentId: string): void {
    const count = (this.#agents.get(agentId) ?? 0) + 1;
    this.#agents.set(agentId, count);
    if (count === 1 && this.#engineKnowsPresence && !this.#stopped) this.#engine.dispatch({ type: 'agent.connected', agentId } as never);
  }

  /** An agent's last tab closed: the engine starts its grace period (the agent is not penalised for a dropped connection). */
  agentClosed(agentId: string): void {
    const count = (this.#agents.get(agentId) ?? 0) - 1;
    if (count > 0) {
      this.#agents.set(agentId, count);
      return;
    }
    this.#agents.delete(agentId);
    if (this.#engineKnowsPresence && !this.#stopped && this.#engine.getAgent(agentId) !== undefined) this.#engine.dispatch({ type: 'agent.disconnected', agentId } as never);
  }

  typing(chatId: string, from: Extract<PresenceSignal, { type: 'typing' }>['from']): void {
    this.#emit({ type: 'typing', chatId, from });
  }

  /** Hears the signals of one chat until the returned function is called. */
  watch(chatId: string, listener: Listener): () => void {
    let set = this.#watchers.get(chatId);
    if (set === undefined) this.#watchers.set(chatId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#watchers.get(chatId) === set) this.#watchers.delete(chatId);
    };
  }

  #emit(signal: PresenceSignal): void {
    for (const listener of this.#watchers.get(signal.chatId) ?? []) listener(signal);
  }

  /**
   * The server is stopping: the connections it closes now are not people leaving, so the engine is not told (a
   * restart longer than the grace would otherwise pause every agent and end every customer's chat).
   */
  stop(): void {
    this.#stopped = true;
    if (this.#startupTimer !== undefined) clearTimeout(this.#startupTimer);
  }

  #tellEngine(type: 'customer.connected' | 'customer.disconnected', chatId: string): void {
    if (!this.#engineKnowsPresence || this.#stopped) return;
    const chat = this.#engine.getChat(chatId);
    if (chat === undefined || ['closed', 'abandoned'].includes(chat.state)) return;
    // Refusals (e.g. the chat just ended) change nothing; presence is advice to the engine, not a command to obey.
    this.#engine.dispatch({ type, chatId } as never);
  }
}
