import { useCallback, useEffect, useState } from 'react';
import type { AgentConfig, QueueConfig } from 'chatroute';
import type { AdminConfiguration, AdminResult } from '../../shared/admin';
import { PasswordSignIn } from '../common/PasswordSignIn';
import { adminApi, describe } from './adminApi';
import { AgentForm } from './AgentForm';
import { QueueForm } from './QueueForm';
import { EraseContact } from './EraseContact';
import { WebhooksPanel } from './WebhooksPanel';

const TOKEN_KEY = 'chatroute.adminToken';

type Editing = { readonly kind: 'queue'; readonly queue?: QueueConfig } | { readonly kind: 'agent'; readonly agent?: AgentConfig } | undefined;

const queueIds = (agent: AgentConfig) => agent.queues.map((m) => (typeof m === 'string' ? m : `${m.queueId} (${m.penalty ?? 0})`)).join(', ');

/**
 * The admin page: sign in as the admin, then create, change and remove queues and agents while the contact center
 * runs. Each change is one journaled engine command; a refusal (a queue with waiting chats, an agent still signed
 * in, a bad setting) shows with the engine's code and reason.
 */
export function AdminApp() {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? undefined);
  const [configuration, setConfiguration] = useState<AdminConfiguration>();
  const [editing, setEditing] = useState<Editing>();
  const [refusal, setRefusal] = useState<string>();

  /** Shows the new configuration, or the refusal; a lapsed token goes back to sign-in. */
  const apply = useCallback((result: AdminResult<AdminConfiguration>, done?: () => void) => {
    if (result.ok) {
      setConfiguration({ queues: result.queues, agents: result.agents });
      setRefusal(undefined);
      done?.();
    } else if (result.error.code === 'unauthorized') {
      sessionStorage.removeItem(TOKEN_KEY);
      setToken(undefined);
      setRefusal(result.error.message);
    } else {
      setRefusal(describe(result.error));
    }
  }, []);

  useEffect(() => {
    if (token !== undefined) void adminApi.configuration(token).then((r) => apply(r));
  }, [token, apply]);

  if (token === undefined) {
    return (
      <PasswordSignIn
        title="Admin"
        account={{ label: 'User', name: 'user' }}
        error={refusal}
        footer="Demo: admin / admin-demo."
        onSubmit={async (user, password) => {
          const result = await adminApi.signIn(user, password);
          if (!result.ok) return setRefusal(describe(result.error));
          sessionStorage.setItem(TOKEN_KEY, result.token);
          setRefusal(undefined);
          setToken(result.token);
        }}
      />
    );
  }
  const queues = configuration?.queues ?? [];
  const done = () => setEditing(undefined);
  return (
    <main className="admin">
      <header>
        <h1>Contact center configuration</h1>
        <button
          type="button"
          className="link"
          onClick={() => {
            void adminApi.signOut(token);
            sessionStorage.removeItem(TOKEN_KEY);
            setToken(undefined);
          }}
        >
          Sign out
        </button>
      </header>
      {refusal !== undefined && (
        <p className="refusal" role="alert" data-testid="admin-refusal">
          {refusal}
        </p>
      )}
      {editing?.kind === 'queue' && (
        <QueueForm key={editing.queue?.id ?? 'new'} queue={editing.queue} onCancel={done} onSave={async (queue) => apply(await adminApi.upsertQueue(token, queue), done)} />
      )}
      {editing?.kind === 'agent' && (
        <AgentForm key={editing.agent?.id ?? 'new'} agent={editing.agent} queues={queues} onCancel={done} onSave={async (upsert) => apply(await adminApi.upsertAgent(token, upsert), done)} />
      )}
      <section className="panel">
        <h2>Queues</h2>
        <table data-testid="queues">
          <thead>
            <tr>
              <th>Id</th>
              <th>Name</th>
              <th>Strategy</th>
              <th>Offer timeout</th>
              <th>Close statuses</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.id} data-testid="queue-row">
                <td>{q.id}</td>
                <td>{q.name}</td>
                <td>{q.strategy ?? 'longest-idle'}</td>
                <td>{(q.offerTimeoutMs ?? 20_000) / 1000} s</td>
                <td>{q.closeStatuses.join(', ')}</td>
                <RowActions onEdit={() => setEditing({ kind: 'queue', queue: q })} onRemove={async () => apply(await adminApi.removeQueue(token, q.id))} />
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="primary" data-testid="new-queue" onClick={() => setEditing({ kind: 'queue' })}>
          New queue
        </button>
      </section>
      <section className="panel">
        <h2>Agents</h2>
        <table data-testid="agents">
          <thead>
            <tr>
              <th>Id</th>
              <th>Name</th>
              <th>Capacity</th>
              <th>Queues (penalty)</th>
              <th>Supervises</th>
              <th>Now</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(configuration?.agents ?? []).map(({ config, state, hasPassword }) => (
              <tr key={config.id} data-testid="agent-row">
                <td>{config.id}</td>
                <td>{config.name}</td>
                <td>{config.capacity}</td>
                <td>{queueIds(config)}</td>
                <td>{(config.supervises ?? []).join(', ')}</td>
                <td>
                  {state}
                  {!hasPassword && ' (no password)'}
                </td>
                <RowActions onEdit={() => setEditing({ kind: 'agent', agent: config })} onRemove={async () => apply(await adminApi.removeAgent(token, config.id))} />
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="primary" data-testid="new-agent" onClick={() => setEditing({ kind: 'agent' })}>
          New agent
        </button>
      </section>
      <WebhooksPanel token={token} onRefusal={setRefusal} />
      <EraseContact token={token} />
    </main>
  );
}

/** The last cell of a queue's or an agent's row. */
function RowActions({ onEdit, onRemove }: { onEdit: () => void; onRemove: () => void }) {
  return (
    <td>
      <button type="button" onClick={onEdit}>
        Edit
      </button>{' '}
      <button type="button" className="danger" onClick={onRemove}>
        Remove
      </button>
    </td>
  );
}
