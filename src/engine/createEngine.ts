import type { Observable } from 'rxjs';
import type { Clock } from '../clock/types';
import { createManualClock } from '../clock/createManualClock';
import { systemClock } from '../clock/systemClock';
import { ChatrouteError } from '../errors/ChatrouteError';
import { corrupt, encodeSnapshot } from '../store/codec';
import { createMemoryStore } from '../store/createMemoryStore';
import { createMemoryHistory } from '../history/createMemoryHistory';
import { createRandom } from '../random/createRandom';
import { JOURNAL_FORMAT_VERSION } from '../store/types';
import type { HistoryPage } from '../history/types';
import { commandSchema, type Command, type CommandType } from './commandSchema';
import type { Desk } from './desk/types';
import type { DirectoryChange, PersonalDeskChange, QueueChange } from '../desk/types';
import { waitingPage, type WaitingPage } from '../desk/waitingPage';
import { EngineCore } from './EngineCore';
import { q, refuse } from './errors';
import * as agentCommands from './handlers/agentCommands';
import * as chatCommands from './handlers/chatCommands';
import * as configCommands from './handlers/configCommands';
import * as collaboration from './handlers/collaborationCommands';
import * as messageCommands from './handlers/messageCommands';
import * as offerCommands from './handlers/offerCommands';
import * as presenceCommands from './handlers/presenceCommands';
import * as supervisorCommands from './handlers/supervisorCommands';
import * as policyEffects from './policyEffects';
import * as queries from './queries';
import type { QueryResult } from './queries';
import type {
  AgentConfig,
  AgentView,
  AssistanceRequest,
  ChatState,
  ChatView,
  DispatchResult,
  EngineEvent,
  EngineOptions,
  Message,
  QueueConfig,
  QueueStats,
  WaitingActivity,
} from './types';
import { chatStateOf } from './runtime';
import { buildAgentView, buildChatView, buildWaitingActivities } from './views';
import { GroupCommit } from './GroupCommit';
import { Journal, readStore, StorageFailure } from './Journal';
import { captureSnapshot, restoreSnapshot, snapshotConfig } from './snapshot';
import { runTimer } from './timers';
import { createAuditor } from '../audit/createAuditor';
import { deepFreeze } from './deepFreeze';

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
  /**
   * The incremental desk: `desk.init` (the whole {@link DeskState}), then only this agent's own changes. Apply them,
   * and those of {@link Engine.queueChanges$} and {@link Engine.directoryChanges$}, with `applyDeskChange`.
   * Throws for an unknown agent.
   */
  deskChanges$(agentId: string): Observable<PersonalDeskChange>;
  /** Changes to every queue's waiting list (its first entries and its count), once per change whoever watches. */
  queueChanges$(): Observable<QueueChange>;
  /** Changes to the directory of queues and colleagues every desk lists, once per change. */
  directoryChanges$(): Observable<DirectoryChange>;
  /** A page of the agent's waiting activities (beyond what its desk carries), with the whole list's count. */
  waitingPage(agentId: string, options?: { offset?: number; limit?: number }): WaitingPage;
  /** The agent's desk now, computed from scratch (what `desk$` and the applied changes must equal), or `undefined`. */
  getDesk(agentId: string): Desk | undefined;
  /** A chat (live, or finished and still retained), or `undefined`. */
  getChat(chatId: string): ChatView | undefined;
  /**
   * Every live chat (not closed or abandoned), in the order they started, optionally only those in the given states:
   * what a host rebuilds its own indexes from after a restart (queue positions, who is away).
   */
  chats(options?: { readonly states?: readonly ChatState[] }): readonly ChatView[];
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
  /**
   * The configuration in force, as given (`createEngine`'s seed, then `queue.upsert`/`agent.upsert`/removals), in
   * configuration order: what an admin page lists. On a recovered engine, the journaled configuration.
   */
  configuration(): { readonly queues: readonly QueueConfig[]; readonly agents: readonly AgentConfig[] };
  /** Live figures per queue: waiting now, longest wait, offered, answered, abandoned, service level. */
  /**
   * Figures per queue (see the README's formulas): over the engine's lifetime, or with `windowMs` over the last
   * `windowMs` (at most `options.statsRetentionMs`; throws `ChatrouteError` `invalid-argument` beyond it).
   */
  stats(options?: { windowMs?: number }): readonly QueueStats[];
  /** The clock this engine runs on. */
  readonly clock: Clock;
  /**
   * A copy of this engine as it is now, running on its own (a digital twin): by default on a manual clock set to
   * now, so it can be run ahead in virtual time (`chatroute/simulation`'s `forecast` does). Made through a snapshot,
   * as recovery is: the copy shares nothing mutable with this engine, journals into its own store (a fresh memory
   * store unless `store`, which must be empty), keeps transcripts in its own history, and has no auditor or
   * inspector; this engine, its clock, store, history and random source are not touched and emit nothing. Call it
   * between commands, not from an `events$` handler.
   */
  fork(options?: ForkOptions): Engine;
  /**
   * Stops every actor and timer and completes `events$` and desks; later commands are refused with `invalid-state`.
   * A durable engine first writes a snapshot, so the next start replays nothing, and closes its store.
   */
  stop(): void;
}

/** What a fork may have of its own (see {@link Engine.fork}). */
export type ForkOptions = Partial<Pick<EngineOptions, 'clock' | 'store' | 'history' | 'retainFinishedChats' | 'audit'>>;

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
  'agent.wrapUpDone': policyEffects.wrapUpDone,
  'agent.disconnected': presenceCommands.agentDisconnectedCommand,
  'agent.connected': presenceCommands.agentConnectedCommand,
  'customer.disconnected': presenceCommands.customerDisconnectedCommand,
  'customer.connected': presenceCommands.customerConnectedCommand,
  'supervisor.pauseAgent': supervisorCommands.pauseAgent,
  'supervisor.resumeAgent': supervisorCommands.resumeAgent,
  'supervisor.logoutAgent': supervisorCommands.logoutAgent,
  'supervisor.transferChat': supervisorCommands.transferChat,
  'supervisor.requeueChat': supervisorCommands.requeueChat,
  'chat.setPriority': supervisorCommands.setPriority,
  'supervisor.joinChat': supervisorCommands.joinChat,
  'supervisor.leaveChat': supervisorCommands.leaveChat,
};

const run = (core: EngineCore, command: Command): DispatchResult =>
  (handlers[command.type] as (core: EngineCore, command: Command) => DispatchResult)(core, command);

/** Journal entries replayed between two yields of {@link openDurable}: a few milliseconds of work, even under load. */
const REPLAY_SLICE = 256;

/**
 * Builds the core of a durable engine: from the store's snapshot (its configuration wins over `options`) and the
 * replay of the journal after it, on the journaled times; or, for a new store, from `options`, with a first snapshot
 * that records the seed configuration. Timers are armed on the real clock once the replay is done: overdue ones
 * fire at once, in deadline order. Yields every {@link REPLAY_SLICE} entries replayed, so a caller that can wait
 * (openEngine) lets the event loop run meanwhile — a lease's renewals above all; nothing else touches the core
 * until it returns.
 */
function* openDurable(options: EngineOptions, clock: Clock): Generator<void, { core: EngineCore; journal: Journal }, void> {
  const store = options.store as NonNullable<EngineOptions['store']>;
  if (options.ids !== undefined) {
    throw new ChatrouteError('invalid-config', 'options.ids cannot be combined with a store: generated ids must replay identically after a restart; choose chat ids with chat.start { chatId } instead');
  }
  const snapshotEvery = options.snapshotEvery ?? 25_000;
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
    if (journal.seq % REPLAY_SLICE === 0) yield;
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
  if (options?.store === undefined) return assemble(options, clock, { core: new EngineCore(options, clock, runTimer), journal: undefined });
  const steps = openDurable(options, clock);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return assemble(options, clock, step.value);
  }
}

/**
 * `createEngine` on a store, for openEngine: the same recovery, awaiting `pause()` between slices of the replay so a
 * long journal tail does not block the event loop (and the lease it runs under) for its whole length.
 */
export async function createEngineYielding(options: EngineOptions, pause: () => Promise<void>): Promise<Engine> {
  const clock = options.clock ?? systemClock;
  const steps = openDurable(options, clock);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return assemble(options, clock, step.value);
    await pause();
  }
}

/** The engine's face over its core (and journal, when durable). */
function assemble(options: EngineOptions, clock: Clock, { core, journal }: { core: EngineCore; journal: Journal | undefined }): Engine {
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
    return core.atOneInstant(() => apply(command));
  }

  /** Applies a well-formed command; its validation, journal entry and effects all read one time. */
  function apply(command: Command): DispatchResult {
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
    deskChanges$(agentId) {
      if (!core.agents.has(agentId)) throw new ChatrouteError('invalid-argument', `deskChanges$: no agent ${q(agentId)}`);
      return core.desk.observeChanges(agentId);
    },
    queueChanges$: () => core.desk.queueChanges(),
    directoryChanges$: () => core.desk.directoryChanges(),
    waitingPage: (agentId, pageOptions) => waitingPage(core, agentId, pageOptions),
    getDesk: (agentId) => core.desk.fresh(agentId),
    chats(chatOptions) {
      const states = chatOptions?.states;
      const views: ChatView[] = [];
      for (const chat of core.chats.values()) {
        if (states !== undefined && !states.includes(chatStateOf(chat.actor.getSnapshot().value))) continue;
        views.push(buildChatView(core, chat));
      }
      return Object.freeze(views);
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
    configuration: () =>
      deepFreeze(structuredClone({ queues: [...core.queueConfigs.values()], agents: [...core.agentConfigs.values()] })),
    assistanceRequests: (queueId) =>
      Object.freeze([...core.assistance.values()].filter((r) => queueId === undefined || r.queueId === queueId)),
    stats: (statsOptions) => queries.stats(core, statsOptions?.windowMs),
    fork(forkOptions = {}) {
      if (core.stopped) throw new ChatrouteError('invalid-argument', 'fork: the engine is stopped');
      const store = forkOptions.store ?? createMemoryStore();
      store.initialize(JOURNAL_FORMAT_VERSION);
      store.saveSnapshot(encodeSnapshot(0, captureSnapshot(core)), { compact: true });
      const { ids: _ids, inspect: _inspect, audit: _audit, history: _history, random: _random, store: _store, clock: _clock, ...kept } = options;
      // A fresh random source: the snapshot's state (if the live one is seeded) is put into it; the live one is never drawn.
      return createEngine({ history: createMemoryHistory(), ...kept, ...forkOptions, store, clock: forkOptions.clock ?? createManualClock(clock.now()), random: createRandom(1), snapshotEvery: Number.MAX_SAFE_INTEGER });
    },
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
