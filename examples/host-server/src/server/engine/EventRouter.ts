import type { Engine, EngineEvent } from 'chatroute';

type Listener = (event: EngineEvent) => void;

/**
 * One subscription to `engine.events$`, handing each event to the tabs that watch its chat (or, for reminders, its
 * agents). Without it every tab would subscribe to every event and filter: each event would cost one call per
 * connected tab, which at thousands of agents is most of the server's work.
 *
 * @example
 * ```ts
 * const stop = router.watchChat(chatId, (event) => forward(event));
 * ```
 */
export class EventRouter {
  readonly #chats = new Map<string, Set<Listener>>();
  readonly #agents = new Map<string, Set<Listener>>();
  readonly #subscription: { unsubscribe(): void };
  /** When each agent's state last changed (`agent.statusChanged`), on the engine's clock: the team panel's "for 3:12". */
  readonly #stateSince = new Map<string, number>();
  /** When this router started listening: an agent whose state has not changed since has been in it at least since then. */
  readonly startedAt: number;

  constructor(engine: Engine) {
    this.startedAt = engine.clock.now();
    this.#subscription = engine.events$.subscribe((event) => {
      if (event.type === 'agent.statusChanged') this.#stateSince.set(event.agentId, engine.clock.now());
      this.#route(event);
    });
  }

  /** Since when the agent is in its current state, when a change was seen since {@link startedAt}. */
  stateSince(agentId: string): number | undefined {
    return this.#stateSince.get(agentId);
  }

  watchChat(chatId: string, listener: Listener): () => void {
    return add(this.#chats, chatId, listener);
  }

  watchAgent(agentId: string, listener: Listener): () => void {
    return add(this.#agents, agentId, listener);
  }

  close(): void {
    this.#subscription.unsubscribe();
  }

  #route(event: EngineEvent): void {
    const chatId = event.type === 'message.sent' || event.type === 'note.added' ? event.message.chatId : 'chatId' in event ? event.chatId : undefined;
    if (chatId !== undefined) for (const listener of [...(this.#chats.get(chatId) ?? [])]) listener(event);
    if (event.type === 'reminder') for (const agentId of event.agentIds) for (const listener of [...(this.#agents.get(agentId) ?? [])]) listener(event);
  }
}

function add(map: Map<string, Set<Listener>>, key: string, listener: Listener): () => void {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0 && map.get(key) === set) map.delete(key);
  };
}
