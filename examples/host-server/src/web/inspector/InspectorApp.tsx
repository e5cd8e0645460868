import { useEffect, useRef, useState } from 'react';
import type { ActorKind, ActorSummary, ChartLayout, InspectorAuth, InspectorServerFrame, WatchedActor } from '../../shared/inspector';
import { ActorList } from './ActorList';
import { ActorPanel } from './ActorPanel';
import { Chart } from './Chart';
import { InspectorSocket } from './InspectorSocket';
import { lastTransition } from './lastTransition';
import { SignIn } from './SignIn';

const TOKEN_KEY = 'chatroute.inspector.token';

type Charts = { chat: ChartLayout; agent: ChartLayout };

/** The order of states in the lists: as the chart defines them, under the root (`queued`, `online.ready`). */
const stateOrder = (chart: ChartLayout | undefined): string[] =>
  (chart?.states ?? []).filter((s) => s.parent !== undefined).map((s) => s.id.split('.').slice(1).join('.'));

/**
 * The statechart inspector: both machines drawn once, the live chats and agents by state, and the selected one's
 * state highlighted on its chart as it changes, with its recent events and the engine's view of it. It first tries
 * without signing in (a server started with `INSPECTOR=1`), or with the token of an earlier sign-in in this tab.
 */
export function InspectorApp() {
  const [auth, setAuth] = useState<InspectorAuth | undefined>(() => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token !== null ? { token } : { open: true };
  });
  const [error, setError] = useState<string>();
  const [online, setOnline] = useState(false);
  const [who, setWho] = useState<string>();
  const [charts, setCharts] = useState<Charts>();
  const [actors, setActors] = useState<{ chats: readonly ActorSummary[]; agents: readonly ActorSummary[] }>({ chats: [], agents: [] });
  const [shown, setShown] = useState<ActorKind>('chat');
  const [selected, setSelected] = useState<{ kind: ActorKind; id: string }>();
  const [watched, setWatched] = useState<WatchedActor>();
  const [lastEdge, setLastEdge] = useState<string>();
  const [serverOffset, setServerOffset] = useState(0);
  const socket = useRef<InspectorSocket>(undefined);
  const chartsRef = useRef<Charts>(undefined);
  const watchedRef = useRef<WatchedActor>(undefined);

  useEffect(() => {
    if (auth === undefined) return;
    const onFrame = (frame: InspectorServerFrame) => {
      switch (frame.type) {
        case 'welcome':
          if (frame.token !== undefined) sessionStorage.setItem(TOKEN_KEY, frame.token);
          chartsRef.current = frame.charts;
          setCharts(frame.charts);
          setWho(frame.who);
          setServerOffset(frame.serverTime - Date.now());
          setError(undefined);
          return;
        case 'actors':
          setActors({ chats: frame.chats, agents: frame.agents });
          return;
        case 'watched': {
          const previous = watchedRef.current;
          const chart = chartsRef.current?.[frame.actor.kind];
          if (previous !== undefined && previous.kind === frame.actor.kind && previous.id === frame.actor.id && chart !== undefined) {
            const edge = lastTransition(chart, previous.activeIds, frame.actor.activeIds);
            if (edge !== undefined) setLastEdge(edge);
          } else {
            setLastEdge(undefined);
          }
          watchedRef.current = frame.actor;
          setWatched(frame.actor);
          return;
        }
        case 'error':
          if (frame.code === 'not-found') setError(frame.message);
          return;
      }
    };
    const next = new InspectorSocket(auth, {
      onFrame,
      onOnline: setOnline,
      onRefused: (_code, reason) => {
        sessionStorage.removeItem(TOKEN_KEY);
        // Trying without a sign-in is only a probe for INSPECTOR=1: its refusal is no error worth showing.
        setError('open' in auth ? undefined : reason || 'sign-in refused');
        setAuth(undefined);
      },
    });
    socket.current = next;
    return () => next.close();
  }, [auth]);

  if (auth === undefined) return <SignIn error={error} onSubmit={(user, password) => setAuth({ user, password })} />;
  if (charts === undefined) return <p className="inspector-loading muted">Connecting…</p>;

  const select = (kind: ActorKind, id: string) => {
    setSelected({ kind, id });
    setShown(kind);
    setError(undefined);
    watchedRef.current = undefined;
    setWatched(undefined);
    setLastEdge(undefined);
    socket.current?.watch(kind, id);
  };
  const current = watched !== undefined && selected !== undefined && watched.kind === selected.kind && watched.id === selected.id ? watched : undefined;
  const activeIds = new Set(current !== undefined && current.kind === shown ? current.activeIds : []);
  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setCharts(undefined);
    setAuth(undefined);
  };

  return (
    <div className="inspector" data-online={online ? 'true' : 'false'}>
      <header className="topbar">
        <span className="brand">chatroute · inspector</span>
        <nav className="tabs">
          {(['chat', 'agent'] as const).map((kind) => (
            <button key={kind} className={shown === kind ? 'tab tab-active' : 'tab'} onClick={() => setShown(kind)}>
              {kind === 'chat' ? 'Chat machine' : 'Agent machine'}
            </button>
          ))}
        </nav>
        {!online && <span className="offline">Reconnecting…</span>}
        <span className="who">
          {who}
          {who !== 'dev' && (
            <button className="link" onClick={signOut}>
              Sign out
            </button>
          )}
        </span>
      </header>
      <nav className="inspector-actors">
        <ActorList kind="chat" title="Chats" actors={actors.chats} stateOrder={stateOrder(charts.chat)} selected={selected} onSelect={select} />
        <ActorList kind="agent" title="Agents" actors={actors.agents} stateOrder={stateOrder(charts.agent)} selected={selected} onSelect={select} />
      </nav>
      <main className="inspector-chart">
        <Chart chart={charts[shown]} activeIds={activeIds} lastEdge={current?.kind === shown ? lastEdge : undefined} />
      </main>
      <section className="inspector-detail">
        {error !== undefined && <p className="error">{error}</p>}
        {current !== undefined ? <ActorPanel actor={current} serverOffset={serverOffset} /> : <p className="muted">Pick a chat or an agent to follow its state.</p>}
      </section>
    </div>
  );
}
