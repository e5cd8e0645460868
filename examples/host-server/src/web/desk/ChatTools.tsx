import { useState } from 'react';
import type { DeskChat } from 'chatroute';
import type { AgentCommand } from '../../shared/protocol';
import type { Connection } from '../common/Connection';
import { formatDuration } from '../common/format';

interface Props {
  readonly chat: DeskChat;
  readonly now: number;
  readonly connection: Connection;
  /** Names the colleague who put the chat on hold. */
  readonly agentName: (agentId: string) => string;
  readonly onError: (message: string | undefined) => void;
}

/**
 * Hold and resume (`chat.hold` / `chat.resume`: the customer's inactivity clock stops; per queue the slot is freed
 * meanwhile), an agent-only note (`chat.note`: a monitoring supervisor's note is a whisper), and the chat's tags
 * (`chat.tag`, within the queue's `tags` policy; they land in the contact record). A monitoring supervisor only notes.
 */
export function ChatTools({ chat, now, connection, agentName, onError }: Props) {
  const [note, setNote] = useState('');
  const [tag, setTag] = useState('');
  const run = async (command: AgentCommand): Promise<boolean> => {
    const result = await connection.command(command);
    onError(result.ok ? undefined : result.error.message);
    return result.ok;
  };
  const { chatId } = chat;
  const participant = chat.monitoring !== true;
  const tags = chat.tags ?? [];

  return (
    <div className="chat-tools">
      {chat.hold !== undefined && (
        <div className="banner" data-testid="on-hold">
          On hold for {formatDuration(now - chat.hold.since)} by {agentName(chat.hold.by)}
          {chat.hold.reason !== undefined && `: “${chat.hold.reason}”`}
          {chat.hold.freesSlot ? ' · its slot is free meanwhile' : ''}
        </div>
      )}
      {participant && (
        <div className="chat-tools-row">
          {chat.hold === undefined ? (
            <button type="button" data-testid="hold" disabled={chat.customerLeft} onClick={() => void run({ type: 'chat.hold', chatId })}>
              Put on hold
            </button>
          ) : (
            <button type="button" data-testid="resume" onClick={() => void run({ type: 'chat.resume', chatId })}>
              Resume from hold
            </button>
          )}
          <span className="tags" data-testid="tags">
            {tags.map((t) => (
              <span key={t} className="tag" data-testid="tag">
                {t}
                <button type="button" className="link" aria-label={`Remove tag ${t}`} onClick={() => void run({ type: 'chat.tag', chatId, remove: [t] })}>
                  ×
                </button>
              </span>
            ))}
          </span>
          <form
            className="inline-form"
            onSubmit={async (e) => {
              e.preventDefault();
              const value = tag.trim();
              if (value !== '' && (await run({ type: 'chat.tag', chatId, add: [value] }))) setTag('');
            }}
          >
            <input aria-label="Tag" placeholder="Tag" data-testid="tag-text" value={tag} maxLength={64} onChange={(e) => setTag(e.target.value)} />
            <button type="submit" data-testid="tag-add">
              Add tag
            </button>
          </form>
        </div>
      )}
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const text = note.trim();
          if (text !== '' && (await run({ type: 'chat.note', chatId, text }))) setNote('');
        }}
      >
        <input
          aria-label={participant ? 'Note for agents' : 'Whisper to the agents'}
          placeholder={participant ? 'Note, agents only (the customer never sees it)' : 'Whisper to the agents (the customer never sees it)'}
          data-testid="note-text"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <button type="submit" data-testid="note-add">
          {participant ? 'Add note' : 'Whisper'}
        </button>
      </form>
    </div>
  );
}
