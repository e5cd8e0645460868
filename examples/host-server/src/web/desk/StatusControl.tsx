import { useState } from 'react';
import type { Desk } from 'chatroute';
import type { AgentCommand } from '../../shared/protocol';
import { failure, type Connection } from '../common/Connection';
import { useNameChats } from './people';

type Agent = Desk['agent'];

/** The select's value for the agent's state: ready (or busy), a paid pause by reason, the unpaid pause, offline. */
function valueOf(agent: Agent): string {
  if (agent.state === 'offline') return 'offline';
  if (agent.state === 'paused') return agent.pause?.paid ? `pause:${agent.pause.reason}` : 'unpaid';
  return 'ready';
}

/** The command that moves the agent from their state to the chosen one. */
function commandFor(agent: Agent, value: string): AgentCommand | undefined {
  if (value === 'offline') return { type: 'agent.logout' };
  if (value.startsWith('pause:')) return { type: 'agent.pause', reason: value.slice('pause:'.length), paid: true };
  if (value === 'ready') return agent.state === 'offline' ? { type: 'agent.login' } : agent.state === 'paused' ? { type: 'agent.resume' } : undefined;
  return undefined;
}

/** Ready, a paid pause with its reason, or offline. The unpaid pause is not chosen: it happens (a missed offer). */
export function StatusControl({ agent, pauseReasons, connection }: { agent: Agent; pauseReasons: readonly string[]; connection: Connection }) {
  const [error, setError] = useState<string>();
  const forPeople = useNameChats();
  const value = valueOf(agent);
  const reasons = agent.pause?.paid && !pauseReasons.includes(agent.pause.reason) ? [...pauseReasons, agent.pause.reason] : pauseReasons;
  return (
    <div className="status-control">
      <label>
        Status
        <select
          data-testid="agent-status"
          data-state={agent.state}
          value={value}
          onChange={async (e) => {
            const command = commandFor(agent, e.target.value);
            if (command !== undefined) setError(failure(await connection.command(command)));
          }}
        >
          <option value="ready">{agent.state === 'busy' ? 'Ready (all slots busy)' : 'Ready'}</option>
          {reasons.map((reason) => (
            <option key={reason} value={`pause:${reason}`}>
              Pause: {reason} (paid)
            </option>
          ))}
          {value === 'unpaid' && (
            <option value="unpaid" disabled>
              Unpaid pause: {agent.pause?.reason}
            </option>
          )}
          <option value="offline">Offline</option>
        </select>
      </label>
      <div className="muted" data-testid="slots">
        {agent.slotsUsed}/{agent.capacity} slots
      </div>
      {error !== undefined && <p className="error">{forPeople(error)}</p>}
    </div>
  );
}

/**
 * The unpaid pause, shown apart from the ordinary status so the agent cannot miss it: missing an offer's deadline
 * puts them there, and they get no offers until they resume.
 */
export function UnpaidPauseBanner({ agent, connection }: { agent: Agent; connection: Connection }) {
  if (agent.state !== 'paused' || agent.pause?.paid !== false) return null;
  const why = agent.pause.reason === 'missed-offer' ? 'you missed an offer' : agent.pause.reason;
  return (
    <div className="unpaid-pause" role="alert" data-testid="unpaid-pause">
      <strong>Unpaid pause</strong>: {why}. You get no new chats until you resume.
      <button type="button" className="primary" data-testid="resume" onClick={() => void connection.command({ type: 'agent.resume' })}>
        Resume
      </button>
    </div>
  );
}

/**
 * After-chat work in progress (the queue's wrap-up policy): the slot (or the whole agent) stays held until the time
 * runs out or the agent says they are done.
 */
export function WrapUpBar({ agent, now, connection }: { agent: Agent; now: number; connection: Connection }) {
  const forPeople = useNameChats();
  const wrapUps = agent.wrapUps ?? [];
  if (wrapUps.length === 0) return null;
  return (
    <div className="banner" data-testid="wrap-up">
      {wrapUps.map((w) => (
        <span key={w.chatId}>
          <strong>After-chat work</strong> ({w.whole ? 'no new chats' : 'one slot held'}) for {forPeople(`chat ${JSON.stringify(w.chatId)}`)}: {Math.max(0, Math.ceil((w.until - now) / 1000))} s left{' '}
          <button type="button" data-testid="wrap-up-done" onClick={() => void connection.command({ type: 'agent.wrapUpDone', chatId: w.chatId })}>
            Done
          </button>
        </span>
      ))}
    </div>
  );
}
