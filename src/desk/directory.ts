import type { AgentRecord, EngineState } from '../engine/ports';
import { agentStateOf, slotsUsed } from '../engine/ports';
import type { AgentState } from '../model/agent';
import type { AgentRef, QueueRef } from '../model/chat';
import { equal } from './equal';
import type { DirectoryChange } from './types';

/** A colleague as the invite and transfer pickers list them: who, and whether they can take a chat now. */
export interface DirectoryAgent extends AgentRef {
  readonly state: AgentState;
  /** Ready, connected and with a free slot: an invitation or transfer to them is offered at once. */
  readonly available: boolean;
  readonly freeSlots: number;
  /** Their member queues, in configuration order. */
  readonly queues: readonly string[];
}

/** A queue as the pickers list it, with how many of its members are logged in to it and how many are available. */
export interface DirectoryQueue extends QueueRef {
  readonly loggedIn: number;
  readonly available: number;
}

/** What to list (`engine.directory(agentId, query)`). Every field is optional; they combine. */
export interface DirectoryQuery {
  /** Case-insensitive: colleagues whose name or id contains it (and queues whose name or id does). */
  readonly search?: string;
  /** Only members of any of these queues. */
  readonly queueIds?: readonly string[];
  /** Only these agents (at most {@link DIRECTORY_MAX_LIMIT}), e.g. to name the authors on a desk; the asking agent included. */
  readonly ids?: readonly string[];
  readonly offset?: number;
  /** Default {@link DIRECTORY_LIMIT}, at most {@link DIRECTORY_MAX_LIMIT}. */
  readonly limit?: number;
}

/**
 * One page of the directory: colleagues (everyone but the asking agent) by name, with their availability as of now,
 * and `total`, how many match in all. `queues` (every matching queue, with its availability) comes with the first
 * page only (`offset` 0): queues are few, colleagues may be thousands. `version` is the directory's version
 * (`desk.directory.version` moves past it when a colleague or queue is added, renamed or removed).
 */
export interface DirectoryPage {
  readonly version: number;
  readonly total: number;
  readonly offset: number;
  readonly agents: readonly DirectoryAgent[];
  readonly queues: readonly DirectoryQueue[];
}

/** Colleagues per page when a query names no `limit`. */
export const DIRECTORY_LIMIT = 50;
/** Most colleagues one page holds (and most `ids` a query looks up): a bigger `limit` is cut to it, never refused. */
export const DIRECTORY_MAX_LIMIT = 200;

/** The directory kept once for every desk: queues in configuration order, agents by name, with their search keys. */
export interface Directory {
  readonly version: number;
  readonly queues: readonly QueueRef[];
  readonly agents: readonly AgentRef[];
  /** Lower-cased `name` and `agentId` of each agent, same order. */
  readonly keys: readonly string[];
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** The directory now (sorted once per configuration change, never per sign-in). */
export function directoryOf(ctx: EngineState, version: number): Directory {
  const agents = [...ctx.agents.values()]
    .map((a) => Object.freeze({ agentId: a.config.id, name: a.config.name }))
    .sort((a, b) => collator.compare(a.name, b.name) || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
  return Object.freeze({
    version,
    queues: Object.freeze([...ctx.queues.values()].map((q) => Object.freeze({ id: q.id, name: q.name }))),
    agents: Object.freeze(agents),
    keys: Object.freeze(agents.map((a) => `${a.name.toLowerCase()}\u0000${a.agentId.toLowerCase()}`)),
  });
}

/**
 * What changed from one directory to the next (`after` built from the engine's state): each change numbered with the
 * next version, so a desk applies each once and in order; returns the changes and `after` at the last version.
 */
export function diffDirectory(before: Directory, after: Directory): { readonly changes: DirectoryChange[]; readonly directory: Directory } {
  let version = before.version;
  const out: DirectoryChange[] = [];
  const queuesBefore = new Map(before.queues.map((q) => [q.id, q]));
  const queueIds = new Set(after.queues.map((q) => q.id));
  for (const q of before.queues) if (!queueIds.has(q.id)) out.push({ type: 'directory.queueRemoved', queueId: q.id, version: ++version });
  for (const q of after.queues) if (!equal(queuesBefore.get(q.id), q)) out.push({ type: 'directory.queue', queue: q, version: ++version });
  const agentsBefore = new Map(before.agents.map((a) => [a.agentId, a]));
  const agentIds = new Set(after.agents.map((a) => a.agentId));
  for (const a of before.agents) if (!agentIds.has(a.agentId)) out.push({ type: 'directory.agentRemoved', agentId: a.agentId, version: ++version });
  for (const a of after.agents) if (!equal(agentsBefore.get(a.agentId), a)) out.push({ type: 'directory.agent', agent: a, version: ++version });
  return { changes: out, directory: Object.freeze({ ...after, version }) };
}

function agentEntry(agent: AgentRecord): DirectoryAgent {
  const state = agentStateOf(agent.actor.getSnapshot().value);
  const freeSlots = Math.max(0, agent.config.capacity - slotsUsed(agent));
  return Object.freeze({
    agentId: agent.config.id,
    name: agent.config.name,
    state,
    available: state === 'ready' && agent.presence === null && freeSlots > 0,
    freeSlots,
    queues: Object.freeze([...agent.config.penalties.keys()]),
  });
}

function queueEntries(ctx: EngineState, directory: Directory, search: string): DirectoryQueue[] {
  const out: DirectoryQueue[] = [];
  for (const queue of directory.queues) {
    if (search !== '' && !queue.name.toLowerCase().includes(search) && !queue.id.toLowerCase().includes(search)) continue;
    let loggedIn = 0;
    let available = 0;
    for (const memberId of ctx.membersByQueue.get(queue.id) ?? []) {
      const agent = ctx.agents.get(memberId);
      if (agent === undefined) continue;
      const snapshot = agent.actor.getSnapshot();
      if (agentStateOf(snapshot.value) === 'offline' || snapshot.context.leftQueues.includes(queue.id)) continue;
      loggedIn++;
      if (agentEntry(agent).available) available++;
    }
    out.push(Object.freeze({ id: queue.id, name: queue.name, loggedIn, available }));
  }
  return out;
}

const clamp = (value: number | undefined, fallback: number, max: number): number =>
  Math.min(max, Math.max(0, Math.floor(Number.isFinite(value) ? (value as number) : fallback)));

/**
 * A page of the directory for `agentId`'s pickers: a pass over the agents' search keys (no availability is read for
 * agents outside the page), then availability for the page. An unknown agent gets an empty page.
 */
export function directoryPage(ctx: EngineState, directory: Directory, agentId: string, query: DirectoryQuery = {}): DirectoryPage {
  const offset = clamp(query.offset, 0, Number.MAX_SAFE_INTEGER);
  const limit = clamp(query.limit, DIRECTORY_LIMIT, DIRECTORY_MAX_LIMIT);
  const empty = Object.freeze({ version: directory.version, total: 0, offset, agents: Object.freeze([]), queues: Object.freeze([]) });
  if (!ctx.agents.has(agentId)) return empty;
  const search = (query.search ?? '').trim().toLowerCase();
  const ids = query.ids === undefined ? undefined : new Set(query.ids.slice(0, DIRECTORY_MAX_LIMIT));
  const inQueues = query.queueIds === undefined ? undefined : new Set(query.queueIds);
  const matched: AgentRecord[] = [];
  let total = 0;
  directory.agents.forEach((ref, i) => {
    if (ids !== undefined ? !ids.has(ref.agentId) : ref.agentId === agentId) return;
    if (search !== '' && !(directory.keys[i] as string).includes(search)) return;
    const agent = ctx.agents.get(ref.agentId);
    if (agent === undefined) return;
    if (inQueues !== undefined && ![...agent.config.penalties.keys()].some((q) => inQueues.has(q))) return;
    if (total >= offset && matched.length < limit) matched.push(agent);
    total++;
  });
  return Object.freeze({
    version: directory.version,
    total,
    offset,
    agents: Object.freeze(matched.map(agentEntry)),
    queues: Object.freeze(offset === 0 && ids === undefined ? queueEntries(ctx, directory, search) : []),
  });
}
