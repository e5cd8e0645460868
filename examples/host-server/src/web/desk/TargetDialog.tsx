import { useEffect, useState } from 'react';
import type { Desk, DirectoryAgent, TransferTarget } from 'chatroute';
import type { Connection } from '../common/Connection';
import { availability, useDirectory } from './directory';

interface Props {
  readonly mode: 'invite' | 'transfer';
  /** The desk's part of the directory: its queues (shown until the first page arrives) and its version. */
  readonly directory: Desk['directory'];
  readonly connection: Connection;
  /** Agents already in the chat: not offered. */
  readonly exclude: readonly string[];
  readonly onSubmit: (target: TransferTarget) => void;
  readonly onCancel: () => void;
}

const PAGE = 50;
const GROUPS: ReadonlyArray<[string, (a: DirectoryAgent) => boolean]> = [
  ['Available', (a) => a.available],
  ['Busy', (a) => !a.available && (a.state === 'ready' || a.state === 'busy')],
  ['Paused', (a) => a.state === 'paused'],
  ['Offline', (a) => a.state === 'offline'],
];

/**
 * "Invite to activity" / "Transfer activity": choose a person or a queue. Colleagues come from the host a page at a
 * time (a search narrows them), grouped by whether they can take the chat now; each queue says how many of its
 * members are available.
 */
export function TargetDialog({ mode, directory, connection, exclude, onSubmit, onCancel }: Props) {
  const [search, setSearch] = useState('');
  const { page, error } = useDirectory(connection, { search, limit: PAGE }, directory.version);
  const agents = (page?.agents ?? []).filter((a) => !exclude.includes(a.agentId));
  // Queues from the desk (a search narrows the colleagues, not this list); their availability from the page.
  const queues = directory.queues;
  const [kind, setKind] = useState<'agent' | 'queue'>('agent');
  const [agentId, setAgentId] = useState('');
  const [queueId, setQueueId] = useState(directory.queues[0]?.id ?? '');
  // A new page keeps the chosen colleague when it lists them, else chooses its first.
  useEffect(() => {
    if (page !== undefined && !agents.some((a) => a.agentId === agentId)) setAgentId(agents[0]?.agentId ?? '');
    if (page !== undefined && search === '' && agents.length === 0) setKind('queue');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [page]);
  const chosen = agents.find((a) => a.agentId === agentId);
  const queue = page?.queues.find((q) => q.id === queueId);
  const verb = mode === 'invite' ? 'Invite' : 'Transfer';
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog card"
        role="dialog"
        aria-label={mode === 'invite' ? 'Invite to activity' : 'Transfer activity'}
        data-testid="target-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (kind === 'agent' && agentId === '') return;
          onSubmit(kind === 'agent' ? { agentId } : { queueId });
        }}
      >
        <h2>{mode === 'invite' ? 'Invite to activity' : 'Transfer activity'}</h2>
        <label>
          <input type="radio" name="kind" checked={kind === 'agent'} onChange={() => setKind('agent')} /> A person
        </label>
        <input type="search" placeholder="Search colleagues" aria-label="Search colleagues" data-testid="target-search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <select data-testid="target-agent" value={agentId} disabled={kind !== 'agent'} onChange={(e) => setAgentId(e.target.value)}>
          {GROUPS.map(([label, test]) => {
            const members = agents.filter(test);
            return members.length === 0 ? null : (
              <optgroup key={label} label={label}>
                {members.map((a) => (
                  <option key={a.agentId} value={a.agentId}>
                    {a.name}
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
        <p className="muted" data-testid="target-agent-availability">
          {page === undefined ? 'Loading colleagues…' : chosen !== undefined ? `${chosen.name}: ${availability(chosen)}` : 'No colleague matches.'}
          {page !== undefined && page.total > page.agents.length ? ` Showing ${page.agents.length} of ${page.total}: search to narrow.` : ''}
        </p>
        <label>
          <input type="radio" name="kind" data-testid="target-kind-queue" checked={kind === 'queue'} onChange={() => setKind('queue')} /> A queue
        </label>
        <select data-testid="target-queue" value={queueId} disabled={kind !== 'queue'} onChange={(e) => setQueueId(e.target.value)}>
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
        {queue !== undefined && (
          <p className="muted" data-testid="target-queue-availability">
            {queue.available} available, {queue.loggedIn} logged in
          </p>
        )}
        {error !== undefined && <p className="error">{error}</p>}
        <div className="dialog-buttons">
          <button type="submit" className="primary" data-testid="target-submit">
            {verb}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
