import { useState } from 'react';
import type { Desk, DeskChat, Message } from 'chatroute';
import type { AgentSession } from '../../shared/protocol';
import { failure, type Connection } from '../common/Connection';
import { MessageList, type MessageLine } from '../common/MessageView';
import { ChatActions } from './ChatActions';
import { ChatTools } from './ChatTools';
import { Composer } from './Composer';
import { useAgentNames } from './directory';
import { useNameChats } from './people';

interface Props {
  readonly chat: DeskChat;
  readonly desk: Desk;
  readonly session: AgentSession;
  readonly messages: readonly Message[];
  readonly connection: Connection;
  /** The host's live view of the customer's widget (undefined: not known yet). */
  readonly customerOnline?: boolean;
  readonly customerTyping: boolean;
  /** Server time now, ticking (how long a chat has been on hold). */
  readonly now: number;
  /** Older lines of this chat the server did not send. */
  readonly omitted?: number;
}

/** The web chat widget: header, history with "Load older messages", the conversation, the composer and the controls. */
export function ChatWidget({ chat, desk, session, messages, connection, customerOnline, customerTyping, omitted, now }: Props) {
  const [older, setOlder] = useState<readonly Message[]>([]);
  // undefined: not loaded yet; null: no older page left.
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string>();
  const forPeople = useNameChats();

  // Participants carry their names; authors who left the chat since are looked up.
  const inChat = new Map(chat.participants.map((p) => [p.agentId, p.name]));
  const authors = [...messages, ...older].flatMap((m) => (m.from.kind === 'agent' && m.from.agentId !== session.agentId && !inChat.has(m.from.agentId) ? [m.from.agentId] : []));
  const lookedUp = useAgentNames(connection, authors, desk.directory.version);
  const agentName = (agentId: string) => (agentId === session.agentId ? session.name : (inChat.get(agentId) ?? lookedUp(agentId)));
  const toLine = (m: Message, isOlder: boolean): MessageLine => ({
    id: isOlder ? `older-${m.id}` : m.id,
    at: m.at,
    // A colleague's line is styled apart from the customer's: only the customer's lines wait for an answer.
    side: m.from.kind === 'system' ? 'system' : m.from.kind === 'customer' ? 'other' : m.from.agentId === session.agentId ? 'self' : 'colleague',
    ...(m.audience === 'agents' ? { note: true } : {}),
    // An agent-only line (a note or a supervisor's whisper) says so: the customer never sees it.
    author: `${m.audience === 'agents' ? 'Note, agents only · ' : ''}${m.from.kind === 'customer' ? chat.customer.name : m.from.kind === 'agent' ? agentName(m.from.agentId) : ''}`,
    text: m.text,
    attachments: m.attachments,
    older: isOlder,
  });

  async function loadOlder() {
    const page = await connection.query({ type: 'history', chatId: chat.chatId, ...(cursor ? { before: cursor } : {}) });
    if (!page.ok) return setError(page.error.message);
    // Pages come newest first; the list shows oldest first, so each older page goes on top.
    setOlder((shown) => [...[...page.messages].reverse(), ...shown]);
    setCursor(page.nextCursor ?? null);
  }

  const lines = [...older.map((m) => toLine(m, true)), ...messages.map((m) => toLine(m, false))];
  // The engine marks the customer away after its own grace; the host knows at once when the widget closes.
  const away = !chat.customerLeft && (chat.customerAway !== undefined || customerOnline === false);
  const others = chat.participants.filter((p) => p.agentId !== session.agentId).map((p) => p.name);
  return (
    <section className="chat-widget" data-testid="chat-widget">
      <header className="chat-header" data-testid="chat-header">
        <span className="chat-queue" data-testid="chat-queue">
          Queue {session.queueNumbers[chat.queue.id] ?? chat.queue.id} · {chat.queue.name}
        </span>
        <strong>{chat.customer.name}</strong>
        {away && (
          <span className="marker marker-offline" data-testid="customer-offline" title="The customer's chat window is closed or their connection dropped">
            offline
          </span>
        )}
        {!away && customerTyping && (
          <span className="marker marker-typing" data-testid="customer-typing">
            typing…
          </span>
        )}
        {chat.customer.email !== undefined && <span className="muted">{chat.customer.email}</span>}
        {others.length > 0 && <span className="muted">with {others.join(', ')}</span>}
        {chat.important && <span className="important-flag">★ Important</span>}
      </header>
      {chat.customerLeft && <div className="banner">The customer left. Choose a status and close the chat.</div>}
      {chat.invitation !== undefined && (
        <div className="banner" data-testid="invitation-pending">
          Invitation pending ({chat.invitation.state}).{' '}
          <button type="button" onClick={async () => setError(failure(await connection.command({ type: 'chat.cancelInvite', chatId: chat.chatId })))}>
            Cancel invitation
          </button>
        </div>
      )}
      {chat.monitoring === true && <div className="banner">You are monitoring this chat: the customer and the agents do not see you.</div>}
      <MessageList lines={lines}>
        {omitted !== undefined && omitted > 0 && (
          <p className="muted" data-testid="omitted">
            {omitted} earlier messages of this chat are not shown here.
          </p>
        )}
        {chat.hasHistory && cursor !== null && (
          <button type="button" className="load-older" data-testid="load-older" onClick={() => void loadOlder()}>
            Load older messages
          </button>
        )}
      </MessageList>
      {chat.monitoring !== true && <Composer chat={chat} session={session} connection={connection} onError={setError} />}
      <ChatActions chat={chat} desk={desk} connection={connection} onError={setError} />
      <ChatTools chat={chat} now={now} connection={connection} agentName={agentName} onError={setError} />
      {error !== undefined && (
        <p className="error" role="alert" data-testid="chat-error">
          {forPeople(error)}
        </p>
      )}
    </section>
  );
}
