import { useState } from 'react';
import type { Desk, TransferTarget } from 'chatroute';

interface Props {
  readonly mode: 'invite' | 'transfer';
  readonly directory: Desk['directory'];
  /** Agents already in the chat: not offered. */
  readonly exclude: readonly string[];
  readonly onSubmit: (target: TransferTarget) => void;
  readonly onCancel: () => void;
}

/** "Invite to activity" / "Transfer activity": choose a person or a queue. */
export function TargetDialog({ mode, directory, exclude, onSubmit, onCancel }: Props) {
  const agents = directory.agents.filter((a) => !exclude.includes(a.agentId));
  const [kind, setKind] = useState<'agent' | 'queue'>(agents.length > 0 ? 'agent' : 'queue');
  const [agentId, setAgentId] = useState(agents[0]?.agentId ?? '');
  const [queueId, setQueueId] = useState(directory.queues[0]?.id ?? '');
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
          onSubmit(kind === 'agent' ? { agentId } : { queueId });
        }}
      >
        <h2>{mode === 'invite' ? 'Invite to activity' : 'Transfer activity'}</h2>
        <label>
          <input type="radio" name="kind" checked={kind === 'agent'} disabled={agents.length === 0} onChange={() => setKind('agent')} /> A person
        </label>
        <select data-testid="target-agent" value={agentId} disabled={kind !== 'agent'} onChange={(e) => setAgentId(e.target.value)}>
          {agents.map((a) => (
            <option key={a.agentId} value={a.agentId}>
              {a.name}
            </option>
          ))}
        </select>
        <label>
          <input type="radio" name="kind" data-testid="target-kind-queue" checked={kind === 'queue'} onChange={() => setKind('queue')} /> A queue
        </label>
        <select data-testid="target-queue" value={queueId} disabled={kind !== 'queue'} onChange={(e) => setQueueId(e.target.value)}>
          {directory.queues.map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
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
