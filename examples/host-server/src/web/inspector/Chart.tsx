import type { ChartLayout, PlacedState } from '../../shared/inspector';

const LINE = 15;
const HEADER = 26;

const points = (list: readonly { x: number; y: number }[]): string => list.map((p) => `${p.x},${p.y}`).join(' ');

function State({ state, active }: { state: PlacedState; active: boolean }) {
  const { x, y, width, height } = state;
  return (
    <g className={`state state-${state.type}`} data-state-id={state.id} data-active={active ? 'true' : 'false'}>
      <rect x={x} y={y} width={width} height={height} rx={8} />
      {state.type === 'final' && <rect className="final-inner" x={x + 3} y={y + 3} width={width - 6} height={height - 6} rx={6} />}
      <text className="state-label" x={x + 10} y={y + 17}>
        {state.label}
      </text>
      {state.internal.map((line, i) => (
        <text key={line} className="state-internal" x={x + 10} y={y + HEADER + 8 + i * LINE}>
          {line}
        </text>
      ))}
    </g>
  );
}

/**
 * One machine, drawn from its layout: nested states as boxes (the active ones highlighted), each transition as a
 * labelled arrow (`EVENT [guard]`), targetless ones as lines inside their state, a dot and arrow to each initial
 * state. `lastEdge` is the transition the watched actor took last.
 */
export function Chart({ chart, activeIds, lastEdge }: { chart: ChartLayout; activeIds: ReadonlySet<string>; lastEdge?: string | undefined }) {
  const states = [...chart.states].sort((a, b) => a.depth - b.depth);
  const marker = `arrow-${chart.machine}`;
  const markerLast = `arrow-last-${chart.machine}`;
  return (
    <svg className="chart" data-machine={chart.machine} viewBox={`0 0 ${chart.width} ${chart.height}`} width={chart.width} height={chart.height} role="img" aria-label={`${chart.machine} machine`}>
      <defs>
        <marker id={marker} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head" />
        </marker>
        <marker id={markerLast} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head-last" />
        </marker>
      </defs>
      {states.map((s) => (
        <State key={s.id} state={s} active={activeIds.has(s.id)} />
      ))}
      {chart.initials.map((i) => (
        <g key={i.parent} className="initial" data-initial-of={i.parent}>
          <circle cx={i.dot.x} cy={i.dot.y} r={4} />
          <polyline points={points(i.points)} markerEnd={`url(#${marker})`} />
        </g>
      ))}
      {chart.edges.map((e) => {
        const last = e.id === lastEdge;
        return (
          <g key={e.id} className="edge" data-source={e.source} data-target={e.target} data-last={last ? 'true' : 'false'}>
            <polyline points={points(e.points)} markerEnd={`url(#${last ? markerLast : marker})`} />
            <rect className="edge-label-bg" x={e.label.x} y={e.label.y} width={e.label.width} height={e.label.height} rx={3} />
            {e.events.map((line, i) => (
              <text key={line} className="edge-label" x={e.label.x + 4} y={e.label.y + 13 + i * LINE}>
                {line}
              </text>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
