import type { Observable } from 'rxjs';
import type { Clock } from '../clock/types';
import type { Desk } from '../desk/deskTypes';
import type { DirectoryChange, PersonalDeskChange, QueueChange } from '../desk/types';
import type { DirectoryPage, DirectoryQuery } from '../desk/directory';
import type { WaitingPage } from '../desk/waitingPage';
import type { HistoryPage } from '../history/types';
import type { AssistanceRequest, ChatState, ChatView, Message, WaitingActivity } from '../model/chat';
import type { AgentView } from '../model/agent';
import type { Command } from '../model/commands';
import type { AgentConfig, QueueConfig } from '../model/config';
import type { EngineEvent } from '../model/events';
import type { DispatchResult, QueryResult } from '../model/results';
import type { QueueStats } from '../model/stats';
import type { EventsPage, EventsRefusal } from '../durability/EventLog';
import type { EngineMetrics } from '../metrics/types';
import type { EngineOptions } from './options';

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
  /**
   * A page of the directory for this agent's invite and transfer pickers: colleagues by name (everyone but the agent),
   * optionally searched or limited to queues or ids, each with its availability now; the first page also lists the
   * queues with how many of their members are logged in and available. Desks carry only the queues and the
   * directory's version, so a sign-in costs the same at 20 agents as at 20,000. An unknown agent gets an empty page.
   *
   * @example
   * ```ts
   * const page = engine.directory('alice', { search: 'bo', limit: 20 });
   * page.agents; // [{ agentId: 'bob', name: 'Bob', state: 'ready', available: true, freeSlots: 2, queues: ['sales'] }]
   * page.queues; // [{ id: 'sales', name: 'Sales', loggedIn: 3, available: 1 }] (queues matching 'bo' too)
   * engine.directory('alice', { search: 'bo', offset: 20, limit: 20 }); // the next page
   * ```
   */
  directory(agentId: string, query?: DirectoryQuery): DirectoryPage;
  /**
   * One agent's configuration as given (an entry of {@link Engine.configuration}), without copying the others: what a
   * host reads on each sign-in.
   */
  agentConfig(agentId: string): AgentConfig | undefined;
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
  /**
   * Messages of a chat, oldest first, system lines included: what the customer sees, unless `audience: 'agents'` asks
   * for the agents' transcript, which has the agent-only lines too (`chat.note`: notes and whispers).
   */
  messages(chatId: string, options?: { readonly audience?: 'customer' | 'agents' }): readonly Message[];
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
  /**
   * What the engine measured since it started (commands accepted and refused by code, dispatch and timer latency,
   * journal appends, commits and snapshots, recovery) and what it holds now (waiting per queue with the oldest wait,
   * agents by state, live and passivated chats): plain data for `/metrics` endpoints and dashboards.
   */
  metrics(): EngineMetrics;
  /**
   * The events `events$` published after `seq`, in order, exactly as published (up to `limit`, default 1 000, at most
   * 10 000): across restarts and failovers on a durable store, which archives them. Page on with the last event's
   * `seq`; when `events` comes back empty, `lastSeq` is where the log ends now. A cursor past the retention
   * (`eventRetention`) is refused with `cursor-expired` (and the oldest `seq` still kept), one ahead of the log with
   * `cursor-ahead` — never a silent gap.
   */
  eventsAfter(seq: number, options?: { readonly limit?: number }): Promise<EventsPage | EventsRefusal>;
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
