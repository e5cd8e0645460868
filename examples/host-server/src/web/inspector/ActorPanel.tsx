import { formatClock } from './time';
import type { WatchedActor } from '../../shared/inspector';

/** The watched actor's state value, recent events (newest first) and the engine's view of it. */
export function ActorPanel({ actor, serverOffset }: { actor: WatchedActor; serverOffset: number }) {
  return (
    <aside className="actor-panel" data-kind={actor.kind} data-actor-id={actor.id}>
      <h2>
        {actor.kind} <code>{actor.id}</code>
      </h2>
      <p>
        State: <code className="state-value">{JSON.stringify(actor.value)}</code>
      </p>
      <h3>Recent events</h3>
      <ol className="events" reversed>
        {[...actor.events].reverse().map((e) => (
          <li key={e.seq} data-event-type={e.type}>
            <span className="muted">{formatClock(e.at, serverOffset)}</span> <strong>{e.type}</strong> <code>{JSON.stringify(e.detail)}</code>
          </li>
        ))}
      </ol>
      <h3>Context (engine view)</h3>
      <pre className="context">{JSON.stringify(actor.context, null, 2)}</pre>
    </aside>
  );
}
