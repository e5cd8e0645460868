import type { Observable } from 'rxjs';
import type { Clock } from '../clock/types';
import { systemClock } from '../clock/systemClock';
import { ChatrouteError } from '../errors/ChatrouteError';
import type { HistoryPage } from '../history/types';
import { commandSchema, type Command, type CommandType } from './commandSchema';
import type { Desk } from './desk/types';
import { EngineCore } from './EngineCore';
import { q, refuse } from './errors';
import * as agentCommands from './handlers/agentCommands';
import * as chatCommands from './handlers/chatCommands';
import * as collaboration from './handlers/collaborationCommands';
import * as messageCommands from './handlers/messageCommands';
import * as offerCommands from './handlers/offerCommands';
import * as queries from './queries';
import type { QueryResult } from './queries';
import type {
  AgentView,
  AssistanceRequest,
  ChatView,
  DispatchResult,
  EngineEvent,
  EngineOptions,
  Message,
  QueueStats,
  WaitingActivity,
} from './types';
import { buildAgentView, buildChatView, buildWaitingActivities } from './views';

/**
 * A running contact center: commands in (`dispatch`), events out (`events$`), and queries of plain frozen data.
 * Create one with {@link createEngine}.
 */
export interface Engine {
  /**
   * Applies one command, synchronously, and returns what happened. Never throws for bad input: malformed commands,
   * unknown ids and commands not allowed now come back as `{ ok: false, error: { code, message } }`, and then
   * nothing changed and no event was emitted. Routing runs before `dispatch` returns, so the system is settled.
   */
  dispatch<C extends Command>(command: C): DispatchResult<C['type']>;
  dispatch(command: unknown): DispatchResult;
  /** Every event, in order, each with a per-engine `seq` and the clock time `at`. Hot: subscribe before acting. */
  readonly events$: Observable<EngineEvent>;
  /** Everything this agent's screen shows; emits on subscription and whenever it changes. Throws for an unknown agent. */
  desk$(agentId: string): Observable<Desk>;
  /** A chat (live, or finished and still retained), or `undefined`. */
  getChat(chatId: string): ChatView | undefined;
  /** An agent, or `undefined`. */
  getAgent(agentId: string): AgentView | undefined;
  /** The chats and invitations this agent may pick (the "Waiting activities" list), most urgent first. */
  waitingActivities(agentId: string): readonly WaitingActivity[];
  /** Messages of a chat, oldest first, system lines included. */
  messages(chatId: string): readonly Message[];
  /** Older messages of a contact's earlier chats, newest first ("Load older messages"); pass `nextCursor` as `before`. */
  history(contactId: string, options?: { before?: string; limit?: number }): HistoryPage;
  /** A queue template filled for this chat and agent (unknown placeholders stay visible). */
  renderTemplate(chatId: string, templateId: string, agentId: string): QueryResult<{ text: string }>;
  /** The queue's admin URL filled for this chat and agent, values URL-encoded. */
  externalUrl(chatId: string, agentId: string): QueryResult<{ url: string }>;
  /** Open assistance requests, of one queue or all. */
  assistanceRequests(queueId?: string): readonly AssistanceRequest[];
  /** Live figures per queue: waiting now, longest wait, offered, answered, abandoned, service level. */
  stats(): readonly QueueStats[];
  /** The clock this engine runs on. */
  readonly clock: Clock;
  /** Stops every actor and timer and completes `events$` and desks; later commands are refused with `invalid-state`. */
  stop(): void;
}

type Handler = (core: EngineCore, command: never) => DispatchResult;

const handlers: Record<CommandType, Handler> = {
  'agent.login': agentCommands.login,
  'agent.logout': agentCommands.logout,
  'agent.joinQueue': agentCommands.joinQueue,
  'agent.leaveQueue': agentCommands.leaveQueue,
  'agent.pause': agentCommands.pause,
  'agent.resume': agentCommands.resume,
  'chat.start': chatCommands.start,
  'offer.accept': offerCommands.accept,
  'offer.reject': offerCommands.reject,
  'chat.pick': offerCommands.pick,
  'chat.setStatus': chatCommands.setStatus,
  'chat.close': chatCommands.close,
  'customer.leave': chatCommands.customerLeave,
  'message.send': messageCommands.sendMessage,
  'chat.read': chatCommands.read,
  'chat.invite': collaboration.invite,
  'chat.cancelInvite': collaboration.cancelInvite,
  'chat.transfer': collaboration.transfer,
  'chat.markImportant': chatCommands.markImportant,
  'chat.requestAssistance': collaboration.requestAssistance,
  'assistance.resolve': collaboration.resolveAssistance,
};

/**
 * Creates an engine: one XState actor per agent (and per chat as chats start), a router that offers waiting
 * chats to eligible agents by each queue's strategy, and one clock for every timestamp and timer.
 * Throws {@link ChatrouteError} (`invalid-config`) when the configuration is malformed.
 *
 * @example
 * ```ts
 * import { createEngine, createManualClock } from 'chatroute';
 * const clock = createManualClock(0);
 * const engine = createEngine({
 *   clock,
 *   queues: [{ id: 'sales', name: 'Sales', offerTimeoutMs: 20_000, closeStatuses: ['resolved', 'spam'] }],
 *   agents: [{ id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] }],
 * });
 * engine.events$.subscribe((e) => console.log(e.seq, e.type));
 * engine.dispatch({ type: 'agent.login', agentId: 'alice' });
 * const r = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
 * if (r.ok) engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: r.chatId });
 * ```
 */
export function createEngine(options: EngineOptions): Engine {
  const clock = options?.clock ?? systemClock;
  const core = new EngineCore(options, clock);
  const events$ = core.events.asObservable();

  function dispatch(input: unknown): DispatchResult {
    if (core.stopped) return refuse('invalid-state', 'the engine is stopped; create a new one');
    const parsed = commandSchema.parse(input);
    if (!parsed.ok) return refuse('invalid-command', `${parsed.path} ${parsed.message}`);
    const command = parsed.value;
    return (handlers[command.type] as (core: EngineCore, command: Command) => DispatchResult)(core, command);
  }

  return {
    dispatch: dispatch as Engine['dispatch'],
    events$,
    clock,
    desk$(agentId) {
      if (!core.agents.has(agentId)) throw new ChatrouteError('invalid-argument', `desk$: no agent ${q(agentId)}`);
      return core.desk.observe(agentId);
    },
    getChat(chatId) {
      const chat = core.chats.get(chatId);
      return chat !== undefined ? buildChatView(core, chat) : core.finished.get(chatId)?.view;
    },
    getAgent(agentId) {
      const agent = core.agents.get(agentId);
      return agent !== undefined ? buildAgentView(core, agent) : undefined;
    },
    waitingActivities(agentId) {
      const agent = core.agents.get(agentId);
      return agent !== undefined ? buildWaitingActivities(core, agent) : Object.freeze([]);
    },
    messages(chatId) {
      const chat = core.chats.get(chatId);
      if (chat !== undefined) return Object.freeze([...chat.messages]);
      return core.finished.get(chatId)?.messages ?? Object.freeze([]);
    },
    history: (contactId, historyOptions) => queries.history(core, contactId, historyOptions),
    renderTemplate: (chatId, templateId, agentId) => queries.renderTemplate(core, chatId, templateId, agentId),
    externalUrl: (chatId, agentId) => queries.externalUrl(core, chatId, agentId),
    assistanceRequests: (queueId) =>
      Object.freeze([...core.assistance.values()].filter((r) => queueId === undefined || r.queueId === queueId)),
    stats: () => queries.stats(core),
    stop: () => core.stop(),
  };
}
