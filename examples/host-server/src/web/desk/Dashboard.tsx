import type { Desk, DeskChat, Message } from 'chatroute';
import { useEffect, useState } from 'react';
import type { SupervisorForecastView, TeamMember } from '../../shared/protocol';
import { failure, type Connection } from '../common/Connection';
import { formatDuration } from '../common/format';
import { availability, useAgentNames, useDirectory } from './directory';
import { IntervalsPanel } from './IntervalsPanel';
import { glance } from './openChats';
import { useNameChats } from './people';

/**
 * The agent's home screen: state and slots, the queues they are logged into (leaving one still lets them pick
 * its chats from waiting activities), their open chats (how long each customer waits for an answer, and the last
 * line), and for supervisors their team and the open assistance requests.
 */
export function Dashboard({
  desk,
  now,
  connection,
  onOpen,
  supervisor = false,
  forecast,
  token,
  messages = {},
}: {
  desk: Desk;
  /** The transcripts of the open chats, as the desk holds them. */
  messages?: Readonly<Record<string, readonly Message[]>>;
  now: number;
  connection: Connection;
  onOpen: (chatId: string) => void;
  supervisor?: boolean;
  forecast?: SupervisorForecastView | undefined;
  /** The desk's bearer token, for the supervisor's interval reports. */
  token?: string | undefined;
}) {
  const queueName = (id: string) => desk.directory.queues.find((q) => q.id === id)?.name ?? id;
  const agentName = useAgentNames(connection, desk.assistance.map((r) => r.agentId), desk.directory.version);
  return (
    <div className="dashboard" data-testid="dashboard">
      <section className="panel">
        <h2>Hello, {desk.agent.name}</h2>
        <p>
          You are <strong data-testid="dashboard-state">{desk.agent.state}</strong>, using {desk.agent.slotsUsed} of {desk.agent.capacity} slots.
        </p>
        <h3>My queues</h3>
        {desk.agent.queues.map((q) => (
          <label key={q.queueId} className="queue-toggle">
            <input
              type="checkbox"
              checked={q.loggedIn}
              disabled={desk.agent.state === 'offline'}
              onChange={(e) => void connection.command({ type: e.target.checked ? 'agent.joinQueue' : 'agent.leaveQueue', queueId: q.queueId })}
            />
            {queueName(q.queueId)}
          </label>
        ))}
      </section>
      <section className="panel" data-testid="open-chats">
        <h2>Open chats</h2>
        {desk.chats.length === 0 && <p className="muted">No open chats.</p>}
        <ul>
          {desk.chats.map((c) => (
            <OpenChat key={c.chatId} chat={c} messages={messages[c.chatId] ?? []} now={now} onOpen={onOpen} />
          ))}
        </ul>
      </section>
      {supervisor && <TeamPanel desk={desk} now={now} connection={connection} />}
      {supervisor && forecast !== undefined && <ForecastPanel forecast={forecast} queueName={queueName} />}
      {supervisor && token !== undefined && <IntervalsPanel token={token} queueName={queueName} />}
      {desk.assistance.length > 0 && (
        <section className="panel" data-testid="assistance-requests">
          <h2>Assistance requests</h2>
          <ul>
            {desk.assistance.map((r) => (
              <li key={r.id}>
                {agentName(r.agentId)} in {queueName(r.queueId)}
                {r.note !== undefined && `: “${r.note}”`} <span className="muted">{formatDuration(now - r.requestedAt)} ago</span>{' '}
                <button type="button" onClick={() => void connection.command({ type: 'assistance.resolve', requestId: r.id })}>
                  Resolve
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** One line of the open-chats list: customer, queue, how long they wait for an answer, and the chat's last line. */
function OpenChat({ chat, messages, now, onOpen }: { chat: DeskChat; messages: readonly Message[]; now: number; onOpen: (chatId: string) => void }) {
  const { waitingSince, lastLine } = glance(messages);
  const author = lastLine === undefined ? '' : lastLine.author === 'customer' ? chat.customer.name : lastLine.author === 'note' ? 'Note' : lastLine.author === 'system' ? '' : (chat.participants.find((p) => p.agentId === lastLine.agentId)?.name ?? 'Agent');
  return (
    <li data-testid="open-chat">
      <button type="button" className="link" onClick={() => onOpen(chat.chatId)}>
        {chat.customer.name}
      </button>{' '}
      <span className="muted">
        {chat.queue.name}
        {chat.unread > 0 ? ` · ${chat.unread} unread` : ''}
        {chat.customerLeft ? ' · customer left' : ''}
      </span>
      {waitingSince !== undefined && !chat.customerLeft && (
        <span className="open-chat-waiting" data-testid="open-chat-waiting">
          {' '}
          · waiting {formatDuration(now - waitingSince)}
        </span>
      )}
      {lastLine !== undefined && (
        <div className="open-chat-last muted" data-testid="open-chat-last">
          {author !== '' ? `${author}: ` : ''}
          {lastLine.text}
        </div>
      )}
    </li>
  );
}

const TEAM_PAGE = 50;
/** The most one directory page holds; beyond it the search narrows the team. */
const TEAM_PAGE_MAX = 200;

/**
 * Supervisor control (issue 9): pause, resume or log out a colleague of a supervised queue — a forced logout requeues
 * the chats they hold alone. The engine authorises each command and names the supervisor in its event; refusals
 * (not a queue you supervise, already paused) are shown as they come.
 */
function TeamPanel({ desk, now, connection }: { desk: Desk; now: number; connection: Connection }) {
  const [result, setResult] = useState<string>();
  const forPeople = useNameChats();
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(TEAM_PAGE);
  const { page } = useDirectory(connection, { search, limit }, desk.directory.version);
  const [team, refresh] = useTeam(connection);
  const act = async (type: 'supervisor.pauseAgent' | 'supervisor.resumeAgent' | 'supervisor.logoutAgent', agentId: string, name: string) => {
    const error = failure(await connection.command({ type, agentId }));
    setResult(error ?? `${name}: ${type === 'supervisor.pauseAgent' ? 'paused' : type === 'supervisor.resumeAgent' ? 'resumed' : 'logged out'}`);
    refresh();
  };
  const colleagues = page?.agents ?? [];
  return (
    <section className="panel" data-testid="team-panel">
      <h2>Team</h2>
      <input type="search" placeholder="Search the team" aria-label="Search the team" value={search} onChange={(e) => setSearch(e.target.value)} />
      <ul>
        {colleagues.map((a) => (
          <li key={a.agentId} data-testid="team-member">
            {a.name} <span className="muted">{availability(a)}</span> <TeamFigures member={team.get(a.agentId)} now={now} />{' '}
            <button type="button" onClick={() => void act('supervisor.pauseAgent', a.agentId, a.name)}>
              Pause
            </button>{' '}
            <button type="button" onClick={() => void act('supervisor.resumeAgent', a.agentId, a.name)}>
              Resume
            </button>{' '}
            <button type="button" onClick={() => void act('supervisor.logoutAgent', a.agentId, a.name)}>
              Log out
            </button>
          </li>
        ))}
      </ul>
      {page !== undefined && page.total > colleagues.length && (
        <p className="muted">
          {colleagues.length} of {page.total}{' '}
          {limit < TEAM_PAGE_MAX && (
            <button type="button" className="link" onClick={() => setLimit((n) => Math.min(TEAM_PAGE_MAX, n + TEAM_PAGE))}>
              Show more
            </button>
          )}
        </p>
      )}
      {result !== undefined && (
        <p className="muted" data-testid="team-result">
          {forPeople(result)}
        </p>
      )}
    </section>
  );
}

/** How often the team panel asks again for its colleagues' states, chats and slots. */
const TEAM_REFRESH_MS = 5_000;

/** The supervisor's team by agent id (the `team` query), asked again every few seconds and after each action. */
function useTeam(connection: Connection): [ReadonlyMap<string, TeamMember>, () => void] {
  const [team, setTeam] = useState<ReadonlyMap<string, TeamMember>>(new Map());
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    const ask = async () => {
      const result = await connection.query({ type: 'team' });
      if (live && result.ok) setTeam(new Map(result.agents.map((m) => [m.agentId, m])));
    };
    void ask();
    const timer = setInterval(() => void ask(), TEAM_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [connection, asked]);
  return [team, () => setAsked((n) => n + 1)];
}

/** State and for how long (≥ when the server has not seen it change), chats, and slots used of the capacity. */
function TeamFigures({ member, now }: { member: TeamMember | undefined; now: number }) {
  if (member === undefined) return null;
  const state = member.pause !== undefined ? `paused (${member.pause.reason}${member.pause.paid ? '' : ', unpaid'})` : member.state;
  return (
    <span className="team-figures" data-testid="team-figures">
      <strong data-testid="team-member-state">{state}</strong>{' '}
      <span data-testid="team-member-time" title={member.sinceKnown ? undefined : 'unchanged since the server started'}>
        for {member.sinceKnown ? '' : '≥ '}
        {formatDuration(now - member.since)}
      </span>
      {' · '}
      <span data-testid="team-member-chats">
        {member.chats} {member.chats === 1 ? 'chat' : 'chats'}
      </span>
      {' · '}
      <span data-testid="team-member-capacity">
        {member.slotsUsed}/{member.capacity} slots
      </span>
    </span>
  );
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * The next half hour of the supervisor's queues (issue 12): per 5-minute interval the median service level and
 * abandonment over the forecast's runs, and a warning when a breach of the queue's target is likely.
 */
function ForecastPanel({ forecast, queueName }: { forecast: SupervisorForecastView; queueName: (id: string) => string }) {
  return (
    <section className="panel" data-testid="forecast-panel">
      <h2>Next 30 minutes</h2>
      {forecast.queues.map((q) => (
        <div key={q.queueId}>
          <h3>
            {queueName(q.queueId)} <span className="muted">(target {pct(q.target)} within {Math.round(q.serviceLevelMs / 1000)} s)</span>
          </h3>
          {q.warning !== undefined && (
            <p className="error" data-testid="forecast-warning">
              Likely breach from {clock(q.warning.startsAt)}: service level {pct(q.warning.serviceLevelMedian)} ({pct(q.warning.breachProbability)} of runs below target)
            </p>
          )}
          <table>
            <tbody>
              {q.intervals.map((i) => (
                <tr key={i.startsAt} data-testid="forecast-interval">
                  <td>{clock(i.startsAt)}</td>
                  <td>SL {pct(i.serviceLevel.median)}</td>
                  <td className="muted">abandon {pct(i.abandonRate.median)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
