import type { AnyStateMachine } from 'xstate';
import { agentMachine } from '../machines/agent/agentMachine';
import { chatMachine } from '../machines/chat/chatMachine';

/** One transition of a state node, as data: the event it answers, where it goes, and what it checks and does. */
export interface TransitionDescription {
  /** The event type (`OFFER`), `''` for an eventless (`always`) transition, `xstate.after.…` for a delayed one. */
  readonly event: string;
  /** Ids of the target states (`chat.offered`); empty for a targetless transition (actions only). */
  readonly targets: readonly string[];
  /** The guard's name, when there is one (an inline guard is named after its function, or `inline`). */
  readonly guard?: string;
  /** Names of the actions it runs, in order. */
  readonly actions: readonly string[];
  /** Whether it re-enters its source state. */
  readonly reenter: boolean;
  /**
   * Its place among the transitions of the same event on the same node: XState takes the first whose guard passes,
   * so a tool that draws them can number them.
   */
  readonly order: number;
}

/** One state node: its place in the chart, what kind of node it is, and what leaves it. */
export interface StateDescription {
  /** The node's unique id (`chat.offered`, `agent.online.paused`): what {@link TransitionDescription.targets} name. */
  readonly id: string;
  /** Its key under its parent: what appears in an actor's state value. */
  readonly key: string;
  /** The path of keys from the root (`['online', 'paused']`; empty for the root). */
  readonly path: readonly string[];
  /** The parent's id; absent on the root. */
  readonly parent?: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Id of the initial child of a compound node. */
  readonly initial?: string;
  /** Ids of the children, in definition order. */
  readonly children: readonly string[];
  readonly entry: readonly string[];
  readonly exit: readonly string[];
  readonly transitions: readonly TransitionDescription[];
  readonly description?: string;
  readonly tags: readonly string[];
}

/** A whole machine as plain JSON: every state node (root first, depth-first in definition order) by id. */
export interface MachineDescription {
  /** The machine's id (`chat`, `agent`): also the root node's id. */
  readonly id: string;
  /** The root's id (the same as `id`). */
  readonly root: string;
  /** Every node, parents before children, siblings in definition order. */
  readonly states: readonly StateDescription[];
}

/** The shape of an XState v5 state node this reads: only public, documented members. */
interface NodeLike {
  readonly id: string;
  readonly key: string;
  readonly path: readonly string[];
  readonly parent?: NodeLike | undefined;
  readonly type: StateDescription['type'];
  readonly states: Record<string, NodeLike>;
  readonly initial?: { readonly target: readonly NodeLike[] } | undefined;
  readonly transitions: Map<string, readonly TransitionLike[]>;
  readonly always?: readonly TransitionLike[] | undefined;
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  readonly description?: string | undefined;
  readonly tags: readonly string[];
}

interface TransitionLike {
  readonly eventType: string;
  readonly target?: readonly NodeLike[] | undefined;
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
  readonly reenter?: boolean;
}

/** A readable name for an action or a guard, whichever form the definition gave it in. */
function nameOf(item: unknown, fallback: string): string {
  if (typeof item === 'string') return item;
  // Built-ins (assign, enqueueActions, raise) are functions with a `type`: `xstate.assign`, `xstate.enqueueActions`.
  if (typeof item === 'function') return (item as { type?: string }).type ?? (item.name !== '' ? item.name : fallback);
  if (typeof item === 'object' && item !== null && typeof (item as { type?: unknown }).type === 'string') return (item as { type: string }).type;
  return fallback;
}

function describeTransition(t: TransitionLike, order: number): TransitionDescription {
  const guard = t.guard === undefined ? undefined : nameOf(t.guard, 'inline');
  return {
    event: t.eventType,
    targets: (t.target ?? []).map((n) => n.id),
    ...(guard !== undefined ? { guard } : {}),
    actions: t.actions.map((a) => nameOf(a, 'anonymous')),
    reenter: t.reenter === true,
    order,
  };
}

function describeNode(node: NodeLike, out: StateDescription[]): void {
  const transitions: TransitionDescription[] = [];
  for (const [, list] of node.transitions) list.forEach((t, i) => transitions.push(describeTransition(t, i)));
  (node.always ?? []).forEach((t, i) => transitions.push(describeTransition(t, i)));
  const children = Object.values(node.states);
  const initial = node.type === 'compound' ? node.initial?.target[0]?.id : undefined;
  out.push({
    id: node.id,
    key: node.key,
    path: [...node.path],
    ...(node.parent !== undefined ? { parent: node.parent.id } : {}),
    type: node.type,
    ...(initial !== undefined ? { initial } : {}),
    children: children.map((c) => c.id),
    entry: node.entry.map((a) => nameOf(a, 'anonymous')),
    exit: node.exit.map((a) => nameOf(a, 'anonymous')),
    transitions,
    ...(node.description !== undefined ? { description: node.description } : {}),
    tags: [...node.tags],
  });
  for (const child of children) describeNode(child, out);
}

/**
 * Describes an XState v5 machine as plain, dependency-free JSON: every state node with its id, key, nesting,
 * type and initial child, and every transition with its event, target ids, guard name and action names. Derived
 * from the machine definition itself (`machine.root` and its state nodes), so it cannot drift from what runs; any
 * tool can draw it (for example an inspector page laying it out with elkjs) without importing XState.
 *
 * @param machine - any XState v5 machine (`setup(...).createMachine(...)`).
 * @returns the description; `JSON.stringify` of it round-trips.
 *
 * @example
 * ```ts
 * import { chatMachine } from 'chatroute';
 * import { describeMachine } from 'chatroute/inspect';
 * const chart = describeMachine(chatMachine);
 * const queued = chart.states.find((s) => s.id === 'chat.queued');
 * queued?.transitions.map((t) => `${t.event} → ${t.targets.join(', ')}`); // ['OFFER → chat.offered', ...]
 * ```
 */
export function describeMachine(machine: AnyStateMachine): MachineDescription {
  const root = machine.root as unknown as NodeLike;
  const states: StateDescription[] = [];
  describeNode(root, states);
  return { id: machine.id, root: root.id, states };
}

/**
 * The descriptions of the engine's two machines, computed once: `chat` (one actor per chat) and `agent` (one per
 * agent). Hand them to a drawing tool; match an actor's state value against the `path` of each state.
 *
 * @example
 * ```ts
 * import { machineDescriptions } from 'chatroute/inspect';
 * res.json(machineDescriptions); // the inspector page fetches this once and lays both charts out
 * ```
 */
export const machineDescriptions: { readonly chat: MachineDescription; readonly agent: MachineDescription } = {
  chat: /* @__PURE__ */ describeMachine(chatMachine),
  agent: /* @__PURE__ */ describeMachine(agentMachine),
};

/**
 * The ids of the states an actor's state value says it is in, innermost included (`{ online: 'paused' }` →
 * `['agent', 'agent.online', 'agent.online.paused']`): what an inspector highlights.
 *
 * @example
 * ```ts
 * import { activeStateIds, machineDescriptions } from 'chatroute/inspect';
 * activeStateIds(machineDescriptions.agent, { online: 'ready' }); // ['agent', 'agent.online', 'agent.online.ready']
 * ```
 */
export function activeStateIds(description: MachineDescription, value: unknown): string[] {
  const byParentKey = new Map(description.states.map((s) => [`${s.parent ?? ''}\u0000${s.key}`, s.id]));
  const ids = [description.root];
  const walk = (parent: string, v: unknown): void => {
    if (typeof v === 'string') {
      const id = byParentKey.get(`${parent}\u0000${v}`);
      if (id !== undefined) ids.push(id);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    for (const [key, child] of Object.entries(v)) {
      const id = byParentKey.get(`${parent}\u0000${key}`);
      if (id === undefined) continue;
      ids.push(id);
      walk(id, child);
    }
  };
  walk(description.root, value);
  return ids;
}
