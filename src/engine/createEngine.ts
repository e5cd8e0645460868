import type { Observable } from 'rxjs';
import type { Clock } from '../clock/types';
import { systemClock } from '../clock/systemClock';
import { ChatrouteError } from '../errors/ChatrouteError';
import { corrupt } from '../store/codec';
import { JOURNAL_FORMAT_VERSION } from '../store/types';
import type { HistoryPage } from '../history/types';
import { commandSchema, type Command, type CommandType } from './commandSchema';
import type { Desk } from './desk/types';
import { EngineCore } from './EngineCore';
import { q, refuse } from './errors';
import * as agentCommands from './handlers/agentCommands';
import * as chatCommands from './handlers/chatCommands';
import * as configCommands from './handlers/configCommands';
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
import { GroupCommit } from './GroupCommit';
import { Journal, readStore, StorageFailure } from './Journal';
import { restoreSnapshot, snapshotConfig } from './snapshot';
import { runTimer } from './timers';
import { createAuditor } from '../audit/createAuditor';

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
  /**
   * Stops every actor and timer and completes `events$` and desks; later commands are refused with `invalid-state`.
   * A durable engine first writes a snapshot, so the next start replays nothing, and closes its store.
   */
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
  'queue.upsert': configCommands.upsertQueue,
  'queue.remove': configCommands.removeQueue,
  'agent.upsert': configCommands.upsertAgent,
  'agent.remove': configCommands.removeAgent,
};

const run = (core: EngineCore, command: Command): DispatchResult =>
  (handlers[command.type] as (core: EngineCore, command: Command) => DispatchResult)(core, command);

/**
 * Builds the core of a durable engine: from the store's snapshot (its configuration wins over `options`) and the
 * replay of the journal after it, on the journaled times; or, for a new store, from `options`, with a first snapshot
 * that records the seed configuration. Timers are armed on the real clock once the replay is done: overdue ones
 * fire at once, in deadline order.
 */
function openDurable(options: EngineOptions, clock: Clock): { core: EngineCore; journal: Journal } {
  const store = options.store as NonNullable<EngineOptions['store']>;
  if (options.ids !== undefined) {
    throw new ChatrouteError('invalid-config', 'options.ids cannot be combined with a store: generated ids must replay identically after a restart; choose chat ids with chat.start { chatId } instead');
  }
  const snapshotEvery = options.snapshotEvery ?? 10_000;
  if (!Number.isInteger(snapshotEvery) || snapshotEvery < 1) throw new ChatrouteError('invalid-config', `options.snapshotEvery must be an integer >= 1, got ${String(snapshotEvery)}`);
  const onCorruptTail = options.onCorruptTail ?? 'fail';
  if (onCorruptTail !== 'fail' && onCorruptTail !== 'truncate') throw new ChatrouteError('invalid-config', `options.onCorruptTail must be 'fail' or 'truncate'`);
  const recovery = readStore(store, onCorruptTail);
  const journal = new Journal(store, snapshotEvery);
  if (recovery.snapshot === null) {
    const core = new EngineCore(options, clock, runTimer);
    store.initialize(JOURNAL_FORMAT_VERSION);
    journal.snapshot(core);
    core.journal = journal;
    if (store instanceof GroupCommit) core.holdOutput = (output) => store.hold(output);
    return { core, journal };
  }
  const snap = recovery.snapshot;
  const core = new EngineCore({ ...options, ...snapshotConfig(snap) }, clock, runTimer);
  core.replayAt = snap.at;
  restoreSnapshot(core, snap);
  journal.seq = recovery.snapshotSeq;
  journal.lastSnapshotSeq = recovery.snapshotSeq;
  for (const entry of recovery.entries) {
    core.replayAt = entry.at;
    const input = entry.input;
    const replayed = input.kind === 'command' ? run(core, input.command).ok : core.runTimer(input.timerId);
    if (!replayed) {
      throw corrupt(`entry ${entry.seq} (${input.kind === 'command' ? input.command.type : `timer ${input.timerId}`}) does not replay on the state before it; the last consistent entry is ${entry.seq - 1}`);
    }
    journal.seq = entry.seq;
  }
  core.replayAt = undefined;
  core.journal = journal;
  if (store instanceof GroupCommit) core.holdOutput = (output) => store.hold(output);
  const now = clock.now();
  for (const timer of [...core.timers.values()].sort((a, b) => a.due - b.due || a.id - b.id)) core.armTimer(timer, timer.due - now);
  return { core, journal };
}

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
  const { core, journal } = options?.store !== undefined ? openDurable(options, clock) : { core: new EngineCore(options, clock, runTimer), journal: undefined };
  core.audit = createAuditor(options?.audit);
  const events$ = core.events.asObservable();

  function dispatch(input: unknown): DispatchResult {
    if (core.stopped) return refuse('invalid-state', 'the engine is stopped; create a new one');
    let parsed: ReturnType<typeof commandSchema.parse>;
    try {
      parsed = commandSchema.parse(input);
    } catch (error) {
      // Objects no JSON parser makes (throwing getters, revoked proxies) are refused like any malformed command.
      return refuse('invalid-command', `the command could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!parsed.ok) return refuse('invalid-command', `${parsed.path} ${parsed.message}`);
    const command = parsed.value;
    if (journal === undefined) {
      const result = run(core, command);
      if (result.ok) core.audit?.(core);
      return result;
    }
    const ids = { ...core.idCounters };
    journal.pending = command;
    let result: DispatchResult;
    try {
      result = run(core, command);
    } catch (error) {
      if (!(error instanceof StorageFailure)) throw error;
      // Nothing happened: ids drawn while checking the command are given back, so live and replay stay in step.
      core.idCounters = ids;
      return refuse('storage-failed', `${error.message}; the command was not applied — retry it once the store is healthy`);
    } finally {
      journal.pending = undefined;
    }
    journal.settled(core);
    if (result.ok) core.audit?.(core);
    return result;
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
    stop: () => {
      if (core.stopped) return;
      if (journal !== undefined) {
        journal.snapshot(core);
        journal.store.close();
      }
      core.stop();
    },
  };
}
