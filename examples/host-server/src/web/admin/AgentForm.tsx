import { useState } from 'react';
import type { AgentConfig, QueueConfig } from 'chatroute';
import type { AgentUpsert } from '../../shared/admin';

interface Props {
  readonly agent: AgentConfig | undefined;
  readonly queues: readonly QueueConfig[];
  readonly onSave: (upsert: AgentUpsert) => void;
  readonly onCancel: () => void;
}

/** Member queues as `{ queueId → penalty }`. */
function memberships(agent: AgentConfig | undefined): Record<string, number> {
  return Object.fromEntries((agent?.queues ?? []).map((m) => (typeof m === 'string' ? [m, 0] : [m.queueId, m.penalty ?? 0])));
}

/**
 * Creates an agent (with a password, stored scrypt-hashed) or changes one: name, capacity, member queues with
 * penalties, supervised queues; a password given here replaces the old one and signs the agent out everywhere.
 */
export function AgentForm({ agent, queues, onSave, onCancel }: Props) {
  const [id, setId] = useState(agent?.id ?? '');
  const [name, setName] = useState(agent?.name ?? '');
  const [capacity, setCapacity] = useState(String(agent?.capacity ?? 2));
  const [members, setMembers] = useState(memberships(agent));
  const [supervises, setSupervises] = useState<readonly string[]>(agent?.supervises ?? []);
  const [password, setPassword] = useState('');

  function submit() {
    const config: AgentConfig = {
      id: id.trim(),
      name: name.trim(),
      capacity: Number(capacity),
      queues: Object.entries(members).map(([queueId, penalty]) => (penalty === 0 ? queueId : { queueId, penalty })),
      ...(supervises.length > 0 ? { supervises: [...supervises] } : {}),
    };
    onSave({ agent: config, ...(password !== '' ? { password } : {}) });
  }

  return (
    <form
      className="card"
      data-testid="agent-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2>{agent === undefined ? 'New agent' : `Agent ${agent.id}`}</h2>
      <div className="row">
        <label>
          Id (sign-in name)
          <input name="agentId" value={id} onChange={(e) => setId(e.target.value)} disabled={agent !== undefined} required />
        </label>
        <label>
          Name
          <input name="agentName" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Capacity
          <input name="capacity" type="number" min="1" value={capacity} onChange={(e) => setCapacity(e.target.value)} />
        </label>
        <label>
          {agent === undefined ? 'Password (8+ characters)' : 'New password (empty: keep)'}
          <input name="agentPassword" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required={agent === undefined} />
        </label>
      </div>
      <h3>Member queues (penalty: higher gets chats only when no lower one can)</h3>
      <div className="memberships">
        {queues.map((q) => (
          <label key={q.id}>
            <input
              type="checkbox"
              data-testid={`member-${q.id}`}
              checked={q.id in members}
              onChange={(e) => {
                const { [q.id]: _dropped, ...others } = members;
                setMembers(e.target.checked ? { ...others, [q.id]: 0 } : others);
              }}
            />{' '}
            {q.name}
            {q.id in members && (
              <>
                {' '}
                penalty{' '}
                <input type="number" min="0" aria-label={`Penalty in ${q.name}`} value={members[q.id]} onChange={(e) => setMembers({ ...members, [q.id]: Number(e.target.value) })} />
              </>
            )}
          </label>
        ))}
      </div>
      <h3>Supervises</h3>
      <div className="memberships">
        {queues.map((q) => (
          <label key={q.id}>
            <input
              type="checkbox"
              checked={supervises.includes(q.id)}
              onChange={(e) => setSupervises(e.target.checked ? [...supervises, q.id] : supervises.filter((s) => s !== q.id))}
            />{' '}
            {q.name}
          </label>
        ))}
      </div>
      <button type="submit" className="primary" data-testid="agent-save">
        Save agent
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
