import { useState } from 'react';
import type { Desk } from 'chatroute';
import { failure, type Connection } from '../common/Connection';
import { formatDuration } from '../common/format';
import { useAgentNames } from './directory';
import { useNameChats } from './people';

/**
 * A supervisor's open assistance requests, above whatever the desk shows (dashboard, waiting list or a chat), each
 * with the way into its chat: Open (monitor: read along, unseen) or Join (barge: a participant the customer sees),
 * then the chat's tab opens. Resolve closes the request.
 */
export function AssistanceBar({ desk, now, connection, onOpen }: { desk: Desk; now: number; connection: Connection; onOpen: (chatId: string) => void }) {
  const [error, setError] = useState<string>();
  const forPeople = useNameChats();
  const name = useAgentNames(connection, desk.assistance.map((r) => r.agentId), desk.directory.version);
  if (desk.assistance.length === 0) return null;
  const queueName = (id: string) => desk.directory.queues.find((q) => q.id === id)?.name ?? id;
  const onDesk = (chatId: string) => desk.chats.some((c) => c.chatId === chatId);
  async function enter(chatId: string, mode: 'monitor' | 'barge') {
    if (!onDesk(chatId)) {
      const problem = failure(await connection.command({ type: 'supervisor.joinChat', chatId, mode }));
      setError(problem);
      if (problem !== undefined) return;
    }
    onOpen(chatId);
  }
  return (
    <div className="assistance-bar" role="region" aria-label="Assistance requests" data-testid="assistance-bar">
      <strong>Assistance requested</strong>
      {desk.assistance.map((r) => (
        <span key={r.id} data-testid="assistance-request">
          {name(r.agentId)} in {queueName(r.queueId)}
          {r.note !== undefined && `: “${r.note}”`} <span className="muted">{formatDuration(now - r.requestedAt)} ago</span>{' '}
          {onDesk(r.chatId) ? (
            <button type="button" onClick={() => onOpen(r.chatId)}>
              Show chat
            </button>
          ) : (
            <>
              <button type="button" data-testid="assistance-open" onClick={() => void enter(r.chatId, 'monitor')}>
                Open
              </button>
              <button type="button" data-testid="assistance-join" onClick={() => void enter(r.chatId, 'barge')}>
                Join
              </button>
            </>
          )}
          <button type="button" onClick={async () => setError(failure(await connection.command({ type: 'assistance.resolve', requestId: r.id })))}>
            Resolve
          </button>
        </span>
      ))}
      {error !== undefined && <span className="error">{forPeople(error)}</span>}
    </div>
  );
}
