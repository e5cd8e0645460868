import type { ActorKind, ActorSummary } from '../../shared/inspector';

/** Actors grouped by state, in the order the states appear on the chart. */
function groups(actors: readonly ActorSummary[], order: readonly string[]): [string, ActorSummary[]][] {
  const byState = new Map<string, ActorSummary[]>();
  for (const a of actors) byState.set(a.state, [...(byState.get(a.state) ?? []), a]);
  const rank = (state: string) => {
    const i = order.indexOf(state);
    return i === -1 ? order.length : i;
  };
  return [...byState.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The live chats or agents, by state; the selected one is marked, and a click selects another. */
export function ActorList(props: {
  kind: ActorKind;
  title: string;
  actors: readonly ActorSummary[];
  stateOrder: readonly string[];
  selected: { kind: ActorKind; id: string } | undefined;
  onSelect: (kind: ActorKind, id: string) => void;
}) {
  const { kind, actors, selected } = props;
  return (
    <section className="actor-list" data-kind={kind}>
      <h2>
        {props.title} <span className="muted">({actors.length})</span>
      </h2>
      {actors.length === 0 && <p className="muted">None yet.</p>}
      {groups(actors, props.stateOrder).map(([state, list]) => (
        <div key={state} className="actor-group" data-state={state}>
          <h3>
            {state} <span className="muted">{list.length}</span>
          </h3>
          <ul>
            {list.map((a) => {
              const isSelected = selected?.kind === kind && selected.id === a.id;
              return (
                <li key={a.id}>
                  <button className={isSelected ? 'actor actor-selected' : 'actor'} data-actor-id={a.id} aria-pressed={isSelected} onClick={() => props.onSelect(kind, a.id)}>
                    <span>{a.name}</span> <span className="muted">{a.id}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}
