import { useState } from 'react';
import type { CustomerChat, CustomerMessage, CustomerSession, UploadReceipt } from '../../shared/protocol';
import type { Connection, LinkStatus } from '../common/Connection';
import { ConnectionBanner } from '../common/ConnectionBanner';
import { EmojiPicker } from '../common/EmojiPicker';
import { FileDrop } from '../common/FileDrop';
import { MessageList, type MessageLine } from '../common/MessageView';
import { sendOnEnter } from '../common/sendOnEnter';

interface Props {
  readonly session: CustomerSession;
  readonly chat: CustomerChat;
  readonly messages: readonly CustomerMessage[];
  readonly connection: Connection | undefined;
  readonly status: LinkStatus;
  readonly error: string | undefined;
  readonly onError: (message: string | undefined) => void;
  readonly onStartOver: () => void;
}

function progress(chat: CustomerChat): string {
  if (chat.state === 'waiting') return `Waiting for an agent of ${chat.queue.name}…`;
  if (chat.state === 'active') return `You are chatting with ${chat.agents.join(' and ')} (${chat.queue.name})`;
  return chat.ended === 'left' ? 'You left the chat.' : 'The chat has ended.';
}

const toLine = (m: CustomerMessage): MessageLine => ({
  id: m.id,
  at: m.at,
  side: m.from === 'you' ? 'self' : m.from === 'system' ? 'system' : 'other',
  author: m.from === 'you' ? 'You' : (m.name ?? ''),
  text: m.text,
  attachments: m.attachments,
});

/**
 * The customer's side of the chat: the conversation, a field (Enter sends), files, and leave. While the connection
 * is down a banner says so and Send is off; what the customer types stays in the field until it can go.
 */
export function Conversation({ session, chat, messages, connection, status, error, onError, onStartOver }: Props) {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<readonly UploadReceipt[]>([]);
  const ended = chat.state === 'ended' || connection === undefined;
  const online = status === 'online';

  async function send() {
    const body = text.trim();
    const sending = files;
    if (connection === undefined || !online || (body === '' && sending.length === 0)) return;
    // Clear at once so typing on is never wiped by a late answer; restore on refusal.
    setText('');
    setFiles([]);
    const result = await connection.command({
      type: 'message.send',
      ...(body !== '' ? { text: body } : {}),
      ...(sending.length > 0 ? { uploads: sending.map((f) => f.uploadId) } : {}),
    });
    if (result.ok) return onError(undefined);
    onError(result.error.message);
    setText((typed) => (typed === '' ? body : typed));
    setFiles((current) => (current.length === 0 ? sending : current));
  }

  return (
    <main className="customer">
      <section className="card conversation" data-testid="conversation">
        <header className="chat-header">
          <strong data-testid="chat-status">{progress(chat)}</strong>
          {!ended && (
            <button type="button" className="danger" data-testid="leave" disabled={!online} onClick={() => void connection?.command({ type: 'customer.leave' })}>
              Leave
            </button>
          )}
        </header>
        {!ended && <ConnectionBanner status={status} offline="Reconnecting… You can send again as soon as the connection is back." back="Connected again" />}
        <MessageList lines={messages.map(toLine)} />
        {ended ? (
          <button type="button" className="primary" onClick={onStartOver}>
            Start a new chat
          </button>
        ) : (
          <div className="composer">
            <textarea
              data-testid="customer-text"
              placeholder="Write a message; Enter sends"
              rows={2}
              maxLength={10_000}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={sendOnEnter(() => void send())}
            />
            <div className="composer-tools">
              <EmojiPicker onPick={(emoji) => setText(text + emoji)} />
              <FileDrop
                token={session.token}
                chatId={session.chatId}
                maxBytes={session.limits.maxUploadBytes}
                types={session.limits.uploadTypes}
                files={files}
                onChange={setFiles}
                onError={onError}
              />
              <button type="button" className="primary" data-testid="customer-send" disabled={!online} title={online ? undefined : 'Reconnecting…'} onClick={() => void send()}>
                Send
              </button>
            </div>
          </div>
        )}
        {error !== undefined && <p className="error">{error}</p>}
      </section>
    </main>
  );
}
