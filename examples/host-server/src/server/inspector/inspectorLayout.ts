import type { MachineDescription, StateDescription } from 'chatroute/inspect';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { ChartLayout, PlacedEdge, PlacedInitial, PlacedState } from '../../shared/inspector';

// Text is drawn in a 12 px monospace font, so widths can be estimated here without a browser: ~7.3 px a character.
const CHAR = 7.3;
const LINE = 15;
const HEADER = 26;
const PAD = 12;
const INITIAL = 10;

const textWidth = (lines: readonly string[]): number => Math.ceil(Math.max(0, ...lines.map((l) => l.length)) * CHAR);

/**
 * `EVENT [guard]`; an eventless transition shows as `always`.
 *
 * @example
 * ```ts
 * transitionLabel('ACCEPT', 'holdsOffer'); // 'ACCEPT [holdsOffer]'
 * ```
 */
export function transitionLabel(event: string, guard: string | undefined): string {
  const name = event === '' ? 'always' : event;
  return guard === undefined ? name : `${name} [${guard}]`;
}

/** The innermost node containing both (a node contains itself): where ELK wants an edge between them. */
function commonContainer(byId: ReadonlyMap<string, StateDescription>, a: string, b: string): string {
  const ancestors = (id: string): string[] => {
    const out: string[] = [];
    for (let s = byId.get(id); s !== undefined; s = s.parent !== undefined ? byId.get(s.parent) : undefined) out.push(s.id);
    return out;
  };
  const fromA = ancestors(a);
  // A self-loop lives in the state's parent; an edge between siblings in their parent; one into a descendant in
  // the ancestor itself.
  if (a === b) return fromA[1] ?? a;
  const fromB = new Set(ancestors(b));
  return fromA.find((id) => fromB.has(id)) ?? (fromA[fromA.length - 1] as string);
}

interface Built {
  readonly graph: ElkNode;
  readonly internal: ReadonlyMap<string, readonly string[]>;
  readonly edgeEvents: ReadonlyMap<string, { source: string; target: string; events: string[] }>;
  readonly initials: ReadonlyMap<string, { parent: string; target: string }>;
}

/** The ELK graph of a machine: states as (nested) nodes, one edge per source → target pair. */
function buildGraph(description: MachineDescription): Built {
  const byId = new Map(description.states.map((s) => [s.id, s]));
  const nodes = new Map<string, ElkNode>();
  const internal = new Map<string, string[]>();
  const edgeEvents = new Map<string, { source: string; target: string; events: string[] }>();
  const initials = new Map<string, { parent: string; target: string }>();
  for (const state of description.states) {
    const lines: string[] = [];
    for (const t of state.transitions) {
      const label = transitionLabel(t.event, t.guard);
      if (t.targets.length === 0) {
        if (!lines.includes(label)) lines.push(label);
        continue;
      }
      for (const target of t.targets) {
        const key = `${state.id}->${target}`;
        const edge = edgeEvents.get(key) ?? { source: state.id, target, events: [] };
        if (!edge.events.includes(label)) edge.events.push(label);
        edgeEvents.set(key, edge);
      }
    }
    internal.set(state.id, lines);
    const label = state.parent === undefined ? description.id : state.key;
    const header = HEADER + lines.length * LINE;
    const width = Math.max(textWidth([label]) + 2 * PAD, textWidth(lines) + 2 * PAD, 80);
    const node: ElkNode =
      state.children.length > 0
        ? { id: state.id, children: [], edges: [], layoutOptions: { 'elk.padding': `[top=${header + 6},left=${PAD + 4},bottom=${PAD + 4},right=${PAD + 4}]`, 'elk.nodeSize.minimum': `(${width}, ${header + 20})`, 'elk.nodeSize.constraints': 'MINIMUM_SIZE' } }
        : { id: state.id, width, height: Math.max(header + 8, 40) };
    nodes.set(state.id, node);
    if (state.parent !== undefined) nodes.get(state.parent)?.children?.push(node);
    if (state.initial !== undefined) {
      const dot = `${state.id}#initial`;
      node.children?.push({ id: dot, width: INITIAL, height: INITIAL });
      initials.set(dot, { parent: state.id, target: state.initial });
    }
  }
  let n = 0;
  const addEdge = (container: string, edge: ElkExtendedEdge) => nodes.get(container)?.edges?.push(edge);
  for (const [dot, { parent, target }] of initials) addEdge(parent, { id: dot, sources: [dot], targets: [target] });
  for (const edge of edgeEvents.values()) {
    const id = `e${n++}`;
    const container = commonContainer(byId, edge.source, edge.target);
    addEdge(container, {
      id,
      sources: [edge.source],
      targets: [edge.target],
      labels: [{ id: `${id}.label`, text: edge.events.join('\n'), width: textWidth(edge.events) + 8, height: edge.events.length * LINE + 4 }],
    });
  }
  const ids = [...edgeEvents.keys()];
  const byEdgeId = new Map(ids.map((key, i) => [`e${i}`, edgeEvents.get(key) as { source: string; target: string; events: string[] }]));
  const root = nodes.get(description.root) as ElkNode;
  const graph: ElkNode = {
    id: '#graph',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.spacing.nodeNode': '30',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.edgeNode': '16',
      'elk.layered.spacing.edgeNodeBetweenLayers': '16',
    },
    children: [root],
  };
  return { graph, internal, edgeEvents: byEdgeId, initials };
}

/**
 * Lays a machine out with elkjs (layered, nested states as nested nodes, one labelled edge per source → target) and
 * flattens the result to absolute coordinates. Takes some tens of milliseconds; the host does it once per machine.
 *
 * @example
 * ```ts
 * const chart = await layoutMachine(machineDescriptions.chat);
 * chart.states.find((s) => s.id === 'chat.offered'); // { x, y, width, height, ... }
 * ```
 */
export async function layoutMachine(description: MachineDescription): Promise<ChartLayout> {
  const built = buildGraph(description);
  const byId = new Map(description.states.map((s) => [s.id, s]));
  const elk = new ELK();
  const laid = await elk.layout(built.graph);
  const states: PlacedState[] = [];
  const edges: PlacedEdge[] = [];
  const initials: PlacedInitial[] = [];
  const dots = new Map<string, { x: number; y: number }>();
  const origin = new Map<string, { x: number; y: number }>([['#graph', { x: 0, y: 0 }]]);
  const walkNodes = (node: ElkNode, ox: number, oy: number) => {
    for (const child of node.children ?? []) {
      const x = ox + (child.x ?? 0);
      const y = oy + (child.y ?? 0);
      origin.set(child.id, { x, y });
      const state = byId.get(child.id);
      if (state !== undefined) {
        states.push({
          id: state.id,
          label: state.parent === undefined ? description.id : state.key,
          type: state.type,
          ...(state.parent !== undefined ? { parent: state.parent } : {}),
          depth: state.path.length,
          x,
          y,
          width: child.width ?? 0,
          height: child.height ?? 0,
          internal: built.internal.get(state.id) ?? [],
        });
      } else {
        dots.set(child.id, { x: x + INITIAL / 2, y: y + INITIAL / 2 });
      }
      walkNodes(child, x, y);
    }
  };
  walkNodes(laid, 0, 0);
  const walkEdges = (node: ElkNode) => {
    for (const edge of node.edges ?? []) {
      // Coordinates are relative to the edge's container (elkjs reports it; it is where the edge was put).
      const base = origin.get(edge.container ?? node.id) ?? origin.get(node.id) ?? { x: 0, y: 0 };
      const points = (edge.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map((p) => ({ x: base.x + p.x, y: base.y + p.y }));
      const initial = built.initials.get(edge.id);
      if (initial !== undefined) {
        initials.push({ ...initial, dot: dots.get(edge.id) ?? points[0] ?? { x: 0, y: 0 }, points });
        continue;
      }
      const info = built.edgeEvents.get(edge.id);
      const label = edge.labels?.[0];
      if (info === undefined || label === undefined) continue;
      edges.push({
        id: edge.id,
        source: info.source,
        target: info.target,
        events: info.events,
        points,
        label: { x: base.x + (label.x ?? 0), y: base.y + (label.y ?? 0), width: label.width ?? 0, height: label.height ?? 0 },
      });
    }
    for (const child of node.children ?? []) walkEdges(child);
  };
  walkEdges(laid);
  return { machine: description.id, width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), states, edges, initials };
}

type Charts = { chat: ChartLayout; agent: ChartLayout };
const cache = new WeakMap<object, Promise<Charts>>();

/** Both machines laid out, once per process (the layout depends only on the machine definitions). */
export function machineCharts(descriptions: { readonly chat: MachineDescription; readonly agent: MachineDescription }): Promise<Charts> {
  let charts = cache.get(descriptions);
  if (charts === undefined) {
    charts = Promise.all([layoutMachine(descriptions.chat), layoutMachine(descriptions.agent)]).then(([chat, agent]) => ({ chat, agent }));
    cache.set(descriptions, charts);
  }
  return charts;
}
