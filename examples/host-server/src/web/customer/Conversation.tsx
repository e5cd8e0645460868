import { useState } from 'react';
import type { CustomerChat, CustomerMessage, CustomerSession, UploadReceipt } from '../../shared/protocol';
import type { Connection, LinkStatus } from '../common/Connection';
import { ConnectionBanner } from '../common/ConnectionBanner';
import { EmojiPicker } from '../common/EmojiPicker';
import { FileDrop } from '../common/FileDrop';
import { MessageList, type MessageLine } from '../common/MessageView';
import { capText, cutNotice } from '../common/capText';
import { useNow } from '../common/format';
import { sendOnEnter } from '../common/sendOnEnter';

interface Props {
  readonly session: CustomerSession;
  readonly chat: CustomerChat;
  readonly messages: readonly CustomerMessage[];
  readonly omitted?: number;
  readonly typing?: { readonly name: string; readonly until: number };
  readonly connection: Connection | undefined;
  readonly status: LinkStatus;
  readonly error: string | undefined;
  readonly onError: (message: string | undefined) => void;
  readonly onStartOver: () => void;
}

/** "You are number 3 in line · about 2 minutes": what a waiting customer most wants to know. */
function place(chat: CustomerChat): string | undefined {
  if (chat.state !== 'waiting' || chat.position === undefined) return undefined;
  const line = chat.position === 1 ? 'You are next in line' : `You are number ${chat.position} in line`;
  if (chat.estimatedWaitMs === undefined) return `${line}.`;
  const minutes = Math.round(chat.estimatedWaitMs / 60_000);
  return `${line} · estimated wait ${minutes >= 1 ? `about ${minutes} minute${minutes === 1 ? '' : 's'}` : 'under a minute'}.`;
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
export function Conversation({ session, chat, messages, omitted, typing, connection, status, error, onError, onStartOver }: Props) {
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string>();
  const now = useNow(0);
  const max = session.limits.maxTextLength;
  const setCapped = (value: string) => {
    const capped = capText(value, max);
    setText(capped.text);
    setNotice(capped.cut > 0 ? cutNotice(capped.cut, max) : undefined);
  };
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
    setNotice(undefined);
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
          <div>
            <strong data-testid="chat-status">{progress(chat)}</strong>
            {place(chat) !== undefined && (
              <p className="queue-place muted" data-testid="queue-place">
                {place(chat)}
              </p>
            )}
          </div>
          {!ended && (
            <button type="button" className="danger" data-testid="leave" disabled={!online} onClick={() => void connection?.command({ type: 'customer.leave' })}>
              Leave
            </button>
          )}
        </header>
        {!ended && <ConnectionBanner status={status} offline="Reconnecting… You can send again as soon as the connection is back." back="Connected again" />}
        <MessageList lines={messages.map(toLine)}>
          {omitted !== undefined && omitted > 0 && <p className="muted">{omitted} earlier messages are not shown.</p>}
        </MessageList>
        {typing !== undefined && typing.until > now && !ended && (
          <p className="muted" data-testid="agent-typing">
            {typing.name} is typing…
          </p>
        )}
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
              value={text}
              onChange={(e) => {
                setCapped(e.target.value);
                if (e.target.value !== '') connection?.typing();
              }}
              onKeyDown={sendOnEnter(() => void send())}
            />
            <div className="composer-tools">
              <EmojiPicker onPick={(emoji) => setCapped(text + emoji)} />
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
        {notice !== undefined && (
          <p className="notice" role="status" data-testid="customer-notice">
            {notice}
          </p>
        )}
        {error !== undefined && <p className="error">{error}</p>}
      </section>
    </main>
  );
}
