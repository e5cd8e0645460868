import { useRef, useState } from 'react';
import type { DeskChat } from 'chatroute';
import type { AgentSession, UploadReceipt } from '../../shared/protocol';
import type { Connection } from '../common/Connection';
import { EmojiPicker } from '../common/EmojiPicker';
import { FileDrop } from '../common/FileDrop';
import { useLinkStatus } from '../common/linkStatus';
import { capText, cutNotice } from '../common/capText';
import { sendOnEnter } from '../common/sendOnEnter';

interface Props {
  readonly chat: DeskChat;
  readonly session: AgentSession;
  readonly connection: Connection;
  readonly onError: (message: string | undefined) => void;
}

/**
 * The message field and its tools: Enter sends, Shift+Enter starts a new line; templates and emoticons insert at
 * the cursor; files upload first and go with the next message.
 */
export function Composer({ chat, session, connection, onError }: Props) {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<readonly UploadReceipt[]>([]);
  const [notice, setNotice] = useState<string>();
  const field = useRef<HTMLTextAreaElement>(null);
  const max = session.limits.maxTextLength;
  const disabled = chat.customerLeft;
  // While reconnecting, sending is off and what is typed stays in the field (nothing is queued behind the agent's back).
  const online = useLinkStatus() === 'online';

  /** Puts `insert` where the cursor is (or at the end), then puts the cursor after it. */
  function insertAtCursor(insert: string) {
    const el = field.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const capped = capText(text.slice(0, start) + insert + text.slice(end), max);
    setText(capped.text);
    setNotice(capped.cut > 0 ? cutNotice(capped.cut, max) : undefined);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + insert.length, start + insert.length);
    });
  }

  async function send() {
    const body = text.trim();
    const sending = files;
    if (!online || (body === '' && sending.length === 0)) return;
    // Clear at once: the agent may type the next message before the server answers. Restore on refusal.
    setText('');
    setFiles([]);
    setNotice(undefined);
    const result = await connection.command({
      type: 'message.send',
      chatId: chat.chatId,
      ...(body !== '' ? { text: body } : {}),
      ...(sending.length > 0 ? { uploads: sending.map((f) => f.uploadId) } : {}),
    });
    if (result.ok) return onError(undefined);
    onError(result.error.message);
    setText((typed) => (typed === '' ? body : typed));
    setFiles((current) => (current.length === 0 ? sending : current));
  }

  async function insertTemplate(templateId: string) {
    if (templateId === '') return;
    const result = await connection.query({ type: 'template', chatId: chat.chatId, templateId });
    if (!result.ok) return onError(result.error.message);
    insertAtCursor(result.text);
  }

  return (
    <div className="composer">
      <textarea
        ref={field}
        data-testid="composer-text"
        placeholder={disabled ? 'The customer left' : 'Type a message; Enter sends, Shift+Enter starts a new line'}
        value={text}
        disabled={disabled}
        rows={3}
        // Focused when the chat opens (this component mounts per chat), so the agent can type at once.
        autoFocus
        onChange={(e) => {
          const capped = capText(e.target.value, max);
          setText(capped.text);
          setNotice(capped.cut > 0 ? cutNotice(capped.cut, max) : undefined);
          if (capped.text !== '') connection.typing(chat.chatId);
        }}
        onKeyDown={sendOnEnter(() => void send())}
      />
      <div className="composer-tools">
        <select data-testid="template-select" value="" disabled={disabled || chat.templates.length === 0} onChange={(e) => void insertTemplate(e.target.value)}>
          <option value="">Templates…</option>
          {chat.templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
        <EmojiPicker disabled={disabled} onPick={insertAtCursor} />
        <FileDrop
          token={session.token}
          chatId={chat.chatId}
          maxBytes={session.limits.maxUploadBytes}
          types={session.limits.uploadTypes}
          files={files}
          onChange={setFiles}
          onError={onError}
        />
        <button type="button" className="primary" data-testid="send-button" disabled={disabled || !online} title={online ? undefined : 'Reconnecting…'} onClick={() => void send()}>
          Send
        </button>
      </div>
      {notice !== undefined && (
        <p className="notice" role="status" data-testid="composer-notice">
          {notice}
        </p>
      )}
    </div>
  );
}
