import type { Attachment } from 'chatroute';
import type { ReactNode } from 'react';
import { formatBytes, formatTime } from './format';

export interface MessageLine {
  readonly id: string;
  readonly at: number;
  /** `self` lines sit right, `other` left, `system` centred. */
  readonly side: 'self' | 'other' | 'system';
  readonly author: string;
  readonly text: string;
  readonly attachments: readonly Attachment[];
  /** Lines from the contact's earlier chats ("Load older messages"). */
  readonly older?: boolean;
}

/** Only files this server stored are linked; anything else (there should be nothing else) shows as plain text. */
const isOurs = (url: string): boolean => /^\/uploads\/[\w-]+$/.test(url);

function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { url, name, mimeType, size } = attachment;
  if (!isOurs(url)) return <span className="attachment">{name}</span>;
  if (mimeType.startsWith('image/')) {
    return (
      <a className="attachment attachment-image" href={url} target="_blank" rel="noopener noreferrer">
        <img src={url} alt={name} />
      </a>
    );
  }
  return (
    <a className="attachment" href={url} download={name} rel="noopener noreferrer">
      📎 {name} <span className="muted">({formatBytes(size)})</span>
    </a>
  );
}

/**
 * One line of a conversation, for the desk and the customer widget alike. Every piece of user text goes into
 * the page as a text node, which React escapes; nothing here (or anywhere in the app) sets HTML from strings.
 */
export function MessageView({ line }: { line: MessageLine }) {
  return (
    <div className={`msg msg-${line.side}${line.older ? ' msg-older' : ''}`} data-testid="message">
      {line.side !== 'system' && (
        <div className="msg-meta">
          {line.author} · {formatTime(line.at)}
        </div>
      )}
      {line.text !== '' && <div className="msg-text">{line.text}</div>}
      {line.attachments.map((a) => (
        <AttachmentView key={a.url} attachment={a} />
      ))}
    </div>
  );
}

/** A list of lines, scrolled to the newest. */
export function MessageList({ lines, children }: { lines: readonly MessageLine[]; children?: ReactNode }) {
  return (
    <div
      className="messages"
      data-testid="messages"
      ref={(el) => {
        if (el !== null) el.scrollTop = el.scrollHeight;
      }}
    >
      {children}
      {lines.map((line) => (
        <MessageView key={line.id} line={line} />
      ))}
    </div>
  );
}
