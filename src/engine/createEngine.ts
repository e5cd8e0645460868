import { createAuditor } from '../audit/createAuditor';
import { createManualClock } from '../clock/createManualClock';
import { monotonic } from '../clock/monotonic';
import { systemClock } from '../clock/systemClock';
import type { Clock } from '../clock/types';
import { waitingPage } from '../desk/waitingPage';
import { GroupCommit } from '../durability/GroupCommit';
import { EventLog, MAX_PAGE, type EventSink } from '../durability/EventLog';
import { Journal, StorageFailure } from '../durability/Journal';
import { readStore, replayEntries } from '../durability/recovery';
import { ChatrouteError } from '../errors/ChatrouteError';
import { createMemoryHistory } from '../history/createMemoryHistory';
import type { ChatView } from '../model/chat';
import { commandSchema, commandTypes, type Command } from '../model/commands';
import { deepFreeze } from '../model/deepFreeze';
import { q, refuse, type DispatchResult } from '../model/results';
import { createRandom } from '../random/createRandom';
import { encodeSnapshot } from '../store/codec';
import { createMemoryStore } from '../store/createMemoryStore';
import { JOURNAL_FORMAT_VERSION } from '../store/types';
import { metricsOf } from '../metrics/metricsOf';
import { assemble, type Assembly } from './assemble';
import { runCommand } from './commands';
import type { Engine } from './Engine';
import type { EngineOptions } from './options';
import { chatStateOf } from './ports';
import { captureSnapshot } from './snapshot/captureSnapshot';
import { restoreSnapshot, snapshotConfig } from './snapshot/restoreSnapshot';
import * as queries from './views/queries';
import { buildAgentView, buildChatView, buildWaitingActivities } from './views/views';

export type { Engine, ForkOptions } from './Engine';

const types: ReadonlySet<string> = new Set(commandTypes);

/** The command type a malformed command names, when it names one (for its refusal's metrics). */
function knownType(input: unknown): Command['type'] | undefined {
  try {
    const type = (input as { type?: unknown }).type;
    return typeof type === 'string' && types.has(type) ? (type as Command['type']) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Assembles a durable engine: from the store's snapshot (its configuration wins over `options`) and the replay of the
 * journal after it, on the journaled times; or, for a new store, from `options`, with a first snapshot that records
 * the seed configuration. Timers are armed on the real clock once the replay is done: overdue ones fire at once, in
 * deadline order.
 */
/** The store's event archive as the event log reaches it (an asynchronous store's through its group commit). */
function eventSink(store: EngineOptions['store']): EventSink | undefined {
  const archive = store?.events;
  if (store === undefined || archive === undefined) return undefined;
  const commit = store instanceof GroupCommit ? store : undefined;
  return {
    append(events, persisted) {
      archive.appendEvents(events);
      if (commit !== undefined) commit.hold(persisted);
      else persisted();
    },
    read: (afterSeq, limit) => (commit !== undefined ? commit.readEvents(afterSeq, limit) : archive.readEvents(afterSeq, limit)),
    rewrite: (rewrite) => void archive.rewriteEvents(rewrite),
    prune: (seq) => archive.pruneEvents(seq),
  };
}

/** The event log over the store's archive, or in memory; every emitted event is recorded, replayed ones included. */
function openEventLog(options: EngineOptions, assembly: Assembly): EventLog {
  const sink = eventSink(options.store);
  const retain = options.eventRetention ?? (sink !== undefined ? 1_000_000 : 1_000);
  if (!Number.isInteger(retain) || retain < 1) throw new ChatrouteError('invalid-config', `options.eventRetention must be an integer >= 1, got ${String(retain)}`);
  const log = new EventLog(sink, retain, options.store?.events?.eventRange() ?? null);
  assembly.kernel.onEmit = (event) => log.record(event);
  assembly.kernel.events.subscribe((event) => log.published(event.seq));
  return log;
}

/** Audits one input of an assembled engine (live, or replayed) and emits what it finds as events. */
type AuditInput = (assembly: Assembly, input: number) => void;

type Opened = { assembly: Assembly; journal: Journal | undefined; log: EventLog };

/** Yields between slices of the journal's replay (see `replayEntries`); returns the recovered engine's parts. */
function* openDurable(options: EngineOptions, clock: Clock, audit: AuditInput): Generator<void, Opened, void> {
  const store = options.store as NonNullable<EngineOptions['store']>;
  if (options.ids !== undefined) {
    throw new ChatrouteError('invalid-config', 'options.ids cannot be combined with a store: generated ids must replay identically after a restart; choose chat ids with chat.start { chatId } instead');
  }
  const snapshotEvery = options.snapshotEvery ?? 25_000;
  if (!Number.isInteger(snapshotEvery) || snapshotEvery < 1) throw new ChatrouteError('invalid-config', `options.snapshotEvery must be an integer >= 1, got ${String(snapshotEvery)}`);
  const onCorruptTail = options.onCorruptTail ?? 'fail';
  if (onCorruptTail !== 'fail' && onCorruptTail !== 'truncate') throw new ChatrouteError('invalid-config', `options.onCorruptTail must be 'fail' or 'truncate'`);
  const recovery = readStore(store, onCorruptTail);
  const snap = recovery.snapshot;
  const assembly = snap === null ? assemble(options, clock) : assemble({ ...options, ...snapshotConfig(snap) }, clock, true);
  const { kernel, parts, ctx } = assembly;
  const log = openEventLog(options, assembly);
  const journal = new Journal(store, snapshotEvery, () => captureSnapshot(parts), assembly.meter, () => log.archive());
  if (store instanceof GroupCommit) store.observer = assembly.meter;
  if (snap === null) {
    store.initialize(JOURNAL_FORMAT_VERSION);
    journal.snapshot();
  } else {
    const startedAt = monotonic();
    kernel.replayAt = snap.at;
    restoreSnapshot(parts, snap);
    journal.seq = journal.lastSnapshotSeq = recovery.snapshotSeq;
    let seq = journal.seq;
    const audited = (done: boolean): boolean => {
      if (done) audit(assembly, ++seq);
      return done;
    };
    const target = { at: (time: number) => (kernel.replayAt = time), command: (command: Command) => audited(runCommand(ctx, command).ok), timer: (id: number) => audited(parts.timers.run(id)) };
    journal.seq = yield* replayEntries(recovery.entries, target, journal.seq);
    kernel.replayAt = undefined;
    assembly.meter.recovered({ replayedEntries: recovery.entries.length, startedAt, ms: monotonic() - startedAt });
    // The replayed entries' events were published before the restart: they are in the log again, exactly.
    log.publishedAll();
  }
  kernel.recorder = journal;
  assembly.journalTimer = (at, timerId) => journal.record(at, { kind: 'timer', timerId });
  if (store instanceof GroupCommit) kernel.holdOutput = (output) => store.hold(output);
  if (snap !== null) parts.timers.armAll(clock.now());
  return { assembly, journal, log };
}

function inMemory(options: EngineOptions, clock: Clock): Opened {
  const assembly = assemble(options, clock);
  return { assembly, journal: undefined, log: openEventLog(options, assembly) };
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
  const steps = opening(options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * `createEngine` on a store, for `openEngine`: the same recovery, awaiting `pause()` between slices of the replay, so a
 * long journal tail does not block the event loop (and the lease it runs under) for its whole length.
 */
export async function createEngineYielding(options: EngineOptions, pause: () => Promise<void>): Promise<Engine> {
  const steps = opening(options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await pause();
  }
}

function* opening(options: EngineOptions): Generator<void, Engine, void> {
  const clock = options?.clock ?? systemClock;
  const auditor = createAuditor(options?.audit);
  const auditInput: AuditInput = ({ kernel, ctx }, input) => {
    if (auditor === undefined) return;
    const violations = auditor(ctx, input);
    if (violations.length === 0) return;
    // Through an (inert) transaction, so the events join the outbox in order even when this input was dispatched by a
    // subscriber while earlier events are still being published. It changes nothing: no input is pending to journal,
    // no fact or agent is dirty, and the router's last plan at this time and state came back empty, so it does again.
    kernel.transact(() => {
      for (const v of violations) kernel.emit({ type: 'invariant.violated', invariant: v.invariant, message: v.message, evidence: v.evidence });
    });
  };
  const { assembly, journal, log } = options?.store !== undefined ? yield* openDurable(options, clock, auditInput) : inMemory(options, clock);
  const { kernel, ctx, desk, parts, meter } = assembly;
  /**
   * After an input that erased contacts: the event log (memory and archive) forgets their chats, a snapshot compacts
   * the journal that still names them, and the store scrubs its files. Also right after recovery, when the replay
   * erased some (the store may not have forgotten them before a crash).
   */
  const forget = (): void => {
    if (assembly.forgotten.length === 0) return;
    const chatIds = new Set(assembly.forgotten.flatMap((f) => f.chatIds));
    assembly.forgotten.length = 0;
    log.redact(chatIds);
    if (journal === undefined) return;
    journal.snapshot();
    journal.store.scrub?.();
  };
  forget();
  let inputs = 0;
  /** The auditor, after an input settled and its events are out (numbered by its journal entry when durable). */
  const audit = (): void => auditInput(assembly, journal !== undefined ? journal.seq : ++inputs);
  /** After an input settled and its events are out: snapshots when due, then the auditor. */
  assembly.afterInput = () => {
    journal?.settled();
    forget();
    audit();
  };
  const events$ = kernel.events.asObservable();

  /** The type of the command being dispatched, for the meter (undefined: not a command at all). */
  let dispatchedType: Command['type'] | undefined;

  function dispatch(input: unknown): DispatchResult {
    const startedAt = monotonic();
    dispatchedType = undefined;
    const result = dispatchTimed(input);
    meter.dispatched(dispatchedType, startedAt, monotonic() - startedAt, result.ok ? undefined : result.error.code);
    return result;
  }

  function dispatchTimed(input: unknown): DispatchResult {
    if (kernel.stopped) return refuse('invalid-state', 'the engine is stopped; create a new one');
    let parsed: ReturnType<typeof commandSchema.parse>;
    try {
      parsed = commandSchema.parse(input);
    } catch (error) {
      // Objects no JSON parser makes (throwing getters, revoked proxies) are refused like any malformed command.
      return refuse('invalid-command', `the command could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!parsed.ok) {
      dispatchedType = knownType(input);
      return refuse('invalid-command', `${parsed.path} ${parsed.message}`);
    }
    const command = parsed.value;
    dispatchedType = command.type;
    return kernel.atOneInstant(() => apply(command));
  }

  /** Applies a well-formed command; its validation, journal entry and effects all read one time. */
  function apply(command: Command): DispatchResult {
    if (journal === undefined) {
      const result = runCommand(ctx, command);
      forget();
      if (result.ok) audit();
      return result;
    }
    const ids = { ...parts.ids.counters };
    const before = journal.seq;
    journal.pending = command;
    let result: DispatchResult;
    try {
      result = runCommand(ctx, command);
    } catch (error) {
      if (!(error instanceof StorageFailure)) throw error;
      // Nothing happened: ids drawn while checking the command are given back, so live and replay stay in step.
      parts.ids.counters = ids;
      return refuse('storage-failed', `${error.message}; the command was not applied — retry it once the store is healthy`);
    } finally {
      journal.pending = undefined;
    }
    journal.settled();
    forget();
    // Only a journaled input is audited: replay audits the same ones (an accepted no-op, never journaled, is not).
    if (result.ok && journal.seq > before) audit();
    return result;
  }

  function stop(): void {
    if (kernel.stopped) return;
    if (journal !== undefined) {
      journal.snapshot();
      journal.store.close();
    }
    kernel.stop(() => {
      parts.timers.clear();
      parts.chats.stop();
      parts.agents.stop();
      desk.complete();
    });
  }

  return {
    dispatch: dispatch as Engine['dispatch'],
    events$,
    clock,
    desk$(agentId) {
      if (!ctx.agents.has(agentId)) throw new ChatrouteError('invalid-argument', `desk$: no agent ${q(agentId)}`);
      return desk.observe(agentId);
    },
    deskChanges$(agentId) {
      if (!ctx.agents.has(agentId)) throw new ChatrouteError('invalid-argument', `deskChanges$: no agent ${q(agentId)}`);
      return desk.observeChanges(agentId);
    },
    queueChanges$: () => desk.queueChanges(),
    directoryChanges$: () => desk.directoryChanges(),
    waitingPage: (agentId, pageOptions) => waitingPage(ctx, agentId, pageOptions),
    directory: (agentId, query) => desk.directory(agentId, query),
    getDesk: (agentId) => desk.fresh(agentId),
    chats(chatOptions) {
      const states = chatOptions?.states;
      const views: ChatView[] = [];
      for (const chat of ctx.chats.values()) {
        if (states !== undefined && !states.includes(chatStateOf(chat.actor.getSnapshot().value))) continue;
        views.push(buildChatView(ctx, chat));
      }
      return Object.freeze(views);
    },
    getChat(chatId) {
      const chat = ctx.chats.get(chatId);
      return chat !== undefined ? buildChatView(ctx, chat) : ctx.finished.get(chatId)?.view;
    },
    getAgent(agentId) {
      const agent = ctx.agents.get(agentId);
      return agent !== undefined ? buildAgentView(ctx, agent) : undefined;
    },
    waitingActivities(agentId) {
      const agent = ctx.agents.get(agentId);
      return agent !== undefined ? buildWaitingActivities(ctx, agent) : Object.freeze([]);
    },
    messages(chatId, messageOptions) {
      const chat = ctx.chats.get(chatId);
      const all = chat !== undefined ? chat.messages : (ctx.finished.get(chatId)?.messages ?? []);
      // The customer's transcript unless the agents' is asked for: agent-only lines (`chat.note`) never leak by default.
      if (messageOptions?.audience === 'agents') return Object.freeze([...all]);
      return Object.freeze(all.filter((m) => m.audience !== 'agents'));
    },
    history: (contactId, historyOptions) => queries.history(ctx, contactId, historyOptions),
    renderTemplate: (chatId, templateId, agentId) => queries.renderTemplate(ctx, chatId, templateId, agentId),
    externalUrl: (chatId, agentId) => queries.externalUrl(ctx, chatId, agentId),
    configuration: () => deepFreeze(structuredClone({ queues: [...ctx.queueConfigs.values()], agents: [...ctx.agentConfigs.values()] })),
    agentConfig(agentId) {
      const config = ctx.agentConfigs.get(agentId);
      return config === undefined ? undefined : deepFreeze(structuredClone(config));
    },
    assistanceRequests: (queueId) => Object.freeze([...ctx.assistance.values()].filter((r) => queueId === undefined || r.queueId === queueId)),
    stats: (statsOptions) => queries.stats(ctx, statsOptions?.windowMs),
    eventsAfter(seq, pageOptions) {
      if (!Number.isInteger(seq) || seq < 0) throw new ChatrouteError('invalid-argument', `eventsAfter: seq must be an integer >= 0, got ${String(seq)}`);
      const limit = pageOptions?.limit ?? 1_000;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new ChatrouteError('invalid-argument', `eventsAfter: limit must be an integer in 1..${MAX_PAGE}, got ${String(limit)}`);
      return log.after(seq, limit);
    },
    metrics: () => metricsOf(ctx, meter, kernel.eventSeq, options.store instanceof GroupCommit ? options.store.staged - options.store.committed : 0),
    fork(forkOptions = {}) {
      if (kernel.stopped) throw new ChatrouteError('invalid-argument', 'fork: the engine is stopped');
      const store = forkOptions.store ?? createMemoryStore();
      store.initialize(JOURNAL_FORMAT_VERSION);
      store.saveSnapshot(encodeSnapshot(0, captureSnapshot(parts)), { compact: true });
      const { ids: _ids, inspect: _inspect, audit: _audit, history: _history, random: _random, store: _store, clock: _clock, ...kept } = options;
      // A fresh random source: the snapshot's state (if the live one is seeded) is put into it; the live one is never drawn.
      return createEngine({ history: createMemoryHistory(), ...kept, ...forkOptions, store, clock: forkOptions.clock ?? createManualClock(clock.now()), random: createRandom(1), snapshotEvery: Number.MAX_SAFE_INTEGER });
    },
    stop,
  };
}
