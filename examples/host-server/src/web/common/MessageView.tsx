import type { Attachment } from 'chatroute';
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { formatBytes, formatTime } from './format';

export interface MessageLine {
  readonly id: string;
  readonly at: number;
  /** `self` lines sit right, `other` (the customer) and `colleague` (another agent) left, `system` centred. */
  readonly side: 'self' | 'other' | 'colleague' | 'system';
  /** An agent-only line (a note, a whisper): styled apart, the customer never sees it. */
  readonly note?: boolean;
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
    <div className={`msg msg-${line.side}${line.note ? ' msg-note' : ''}${line.older ? ' msg-older' : ''}`} data-testid="message" data-side={line.side}>
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

/** Within this many pixels of the end counts as "reading the newest": new lines keep the view there. */
const NEAR_END_PX = 48;

/**
 * A list of lines that follows the newest while the reader is at the end, and otherwise stays still: a new line, a
 * re-render or a tick never moves the view while someone reads older messages, and older lines put on top (Load
 * older messages) keep the line being read where it was.
 */
export function MessageList({ lines, children }: { lines: readonly MessageLine[]; children?: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const before = useRef<{ height: number; firstId: string | undefined }>({ height: 0, firstId: undefined });
  useLayoutEffect(() => {
    const el = box.current;
    if (el === null) return;
    const firstId = lines[0]?.id;
    const previous = before.current;
    if (atEnd.current) el.scrollTop = el.scrollHeight;
    else if (previous.firstId !== undefined && firstId !== previous.firstId) el.scrollTop += el.scrollHeight - previous.height; // lines added on top
    before.current = { height: el.scrollHeight, firstId };
  }, [lines]);
  return (
    <div
      className="messages"
      data-testid="messages"
      ref={box}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_END_PX;
      }}
    >
      {children}
      {lines.map((line) => (
        <MessageView key={line.id} line={line} />
      ))}
    </div>
  );
}
