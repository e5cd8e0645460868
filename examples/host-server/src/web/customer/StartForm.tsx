import { useEffect, useState } from 'react';
import type { QueueRef } from 'chatroute';

interface Props {
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly onStart: (start: { queueId: string; name: string; email?: string }) => void;
}

/** Name, email and topic (the queue). The email is shown to the agent; it links no earlier chats (anyone can type any address). */
export function StartForm({ busy, error, onStart }: Props) {
  const [queues, setQueues] = useState<readonly QueueRef[]>([]);
  const [queueId, setQueueId] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  useEffect(() => {
    fetch('/api/queues')
      .then((r) => r.json() as Promise<QueueRef[]>)
      .then((list) => {
        setQueues(list);
        setQueueId((current) => current || (list[0]?.id ?? ''));
      })
      .catch(() => setQueues([]));
  }, []);
  return (
    <main className="customer">
      <form
        className="card start-form"
        data-testid="start-form"
        onSubmit={(e) => {
          e.preventDefault();
          onStart({ queueId, name: name.trim(), ...(email.trim() !== '' ? { email: email.trim() } : {}) });
        }}
      >
        <h1>Chat with us</h1>
        <label>
          Your name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
        </label>
        <label>
          Email
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={320} />
        </label>
        <label>
          Topic
          <select name="queue" value={queueId} onChange={(e) => setQueueId(e.target.value)}>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy || queueId === ''} data-testid="start-chat">
          Start chat
        </button>
        {error !== undefined && <p className="error">{error}</p>}
      </form>
    </main>
  );
}
