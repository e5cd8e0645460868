import { useState } from 'react';
import type { WaitingActivity } from 'chatroute';
import { failure, type Connection } from '../common/Connection';
import { formatDuration } from '../common/format';
import { useNameChats } from './people';

function note(item: WaitingActivity, now: number, me: string): string {
  if (item.kind === 'invite') return 'invitation to join';
  if (item.reservedFor !== undefined) return 'transferred to you';
  // Affinity: the chat waits for its preferred (or last) agent first, then goes to everyone.
  if (item.preferredAgentId !== undefined && item.preferredUntil !== undefined && item.preferredUntil > now) {
    const left = `${Math.ceil((item.preferredUntil - now) / 1000)} s`;
    return item.preferredAgentId === me ? `reserved for you (${left})` : `reserved for ${item.preferredAgentId} (${left})`;
  }
  return item.state === 'offered' ? 'offered to a colleague' : 'waiting';
}

/**
 * Chats the agent may take without a notification: from queues they are logged out of, or offered to a colleague
 * (accepting here withdraws that offer). Accept is `chat.pick`.
 */
export function WaitingActivities({ items, now, me, connection }: { items: readonly WaitingActivity[]; now: number; me: string; connection: Connection }) {
  const [error, setError] = useState<string>();
  const forPeople = useNameChats();
  return (
    <section className="panel" data-testid="waiting-list">
      <h2>Waiting activities</h2>
      {items.length === 0 && <p className="muted">Nothing is waiting.</p>}
      <table>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.chatId}-${item.kind}`} data-testid="waiting-item">
              <td>{item.customer.name}</td>
              <td>{item.queue.name}</td>
              <td>{formatDuration(now - item.enqueuedAt)}</td>
              <td className="muted" data-testid="waiting-note">{note(item, now, me)}</td>
              <td>
                <button
                  type="button"
                  className="accept"
                  data-testid="waiting-accept"
                  onClick={async () => setError(failure(await connection.command({ type: 'chat.pick', chatId: item.chatId })))}
                >
                  Accept
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error !== undefined && <p className="error">{forPeople(error)}</p>}
    </section>
  );
}
