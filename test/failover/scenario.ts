// What the failover nodes and the test share: the contact center, the line protocol, and the dump of every query
// (compared byte for byte between the engine that wrote a shard and one recovered from PostgreSQL).
import type { AgentView, ChatView, Engine, EngineEvent } from '../../src/index';
import { agents, queues, OFFER_TIMEOUT_MS } from '../crash/scenario';

export { agents, queues, OFFER_TIMEOUT_MS };

/** Everything the engine answers about one shard, as plain JSON. */
export interface Dump {
  readonly at: number;
  readonly chats: Readonly<Record<string, { readonly view: ChatView; readonly messages: ReadonlyArray<readonly [string, string, number]> }>>;
  readonly agents: Readonly<Record<string, AgentView>>;
  readonly queries: unknown;
}

/** Chat ids to dump: those the caller knows and any `chat-N` the engine holds (ids are sequential). */
export function knownChats(engine: Engine, known: readonly string[]): string[] {
  const chats = new Set(known);
  for (let n = 1, misses = 0; misses < 20; n++) {
    if (engine.getChat(`chat-${n}`) !== undefined) {
      chats.add(`chat-${n}`);
      misses = 0;
    } else misses++;
  }
  return [...chats].sort();
}

/** Every query's answer: chats with messages, agents with their waiting activities and pages, stats, configuration. */
export function dumpEngine(engine: Engine, chatIds: readonly string[], at: number): Dump {
  const chats: Record<string, Dump['chats'][string]> = {};
  for (const id of chatIds) {
    const view = engine.getChat(id);
    if (view !== undefined) chats[id] = { view, messages: engine.messages(id).map((m) => [m.id, m.from.kind, m.at] as const) };
  }
  const agentViews: Record<string, AgentView> = {};
  const waiting: Record<string, unknown> = {};
  for (const a of agents) {
    agentViews[a.id] = engine.getAgent(a.id) as AgentView;
    waiting[a.id] = { activities: engine.waitingActivities(a.id), page: engine.waitingPage(a.id) };
  }
  const queries = { waiting, stats: engine.stats(), configuration: engine.configuration(), assistance: engine.assistanceRequests() };
  return JSON.parse(JSON.stringify({ at, chats, agents: agentViews, queries })) as Dump;
}

/** A line from the test to a node (stdin). */
export type Request =
  | { readonly k: 'cmd'; readonly id: number; readonly cmd: Record<string, unknown> & { readonly type: string } }
  /** Flush, dump every query, stop the engine (final snapshot, lease released) and exit. */
  | { readonly k: 'final'; readonly chats: readonly string[] };

/** A line from a node to the test (stdout). */
export type Reply =
  | { readonly k: 'standby'; readonly node: string }
  | { readonly k: 'owner'; readonly node: string; readonly epoch: number; readonly recoveryMs: number; readonly recovered: Dump }
  | { readonly k: 'ack'; readonly id: number; readonly epoch: number; readonly r: { readonly ok: boolean } & Record<string, unknown> }
  | { readonly k: 'nack'; readonly id: number; readonly why: string }
  | { readonly k: 'ev'; readonly epoch: number; readonly e: EngineEvent }
  | { readonly k: 'stepped-down'; readonly epoch: number; readonly why: string }
  | { readonly k: 'final'; readonly epoch: number; readonly dump: Dump };
