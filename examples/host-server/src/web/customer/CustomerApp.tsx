import { useCallback, useEffect, useState } from 'react';
import type { Credentials, CustomerChat, CustomerMessage, CustomerSession } from '../../shared/protocol';
import { Connection, type LinkStatus } from '../common/Connection';
import { Conversation } from './Conversation';
import { StartForm } from './StartForm';

const TOKEN_KEY = 'chatroute.chatToken';

/**
 * The identity an embedding site vouches for, passed as `/chat#site=<siteId>&identity=<token>`: a fragment never
 * reaches a server or its logs. Read once, then removed from the address bar (so a shared link carries nobody).
 */
function siteIdentity(): { site: string; token: string } | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  const site = params.get('site');
  const token = params.get('identity');
  if (site === null || token === null) return undefined;
  history.replaceState(null, '', location.pathname + location.search);
  return { site, token };
}

interface ChatState {
  readonly session?: CustomerSession;
  readonly chat?: CustomerChat;
  readonly messages: readonly CustomerMessage[];
  readonly omitted?: number;
  /** Who of the agents is typing, and until when (client time). */
  readonly typing?: { readonly name: string; readonly until: number };
}

/**
 * The customer's widget: a start form, then the conversation. The chat token stays in sessionStorage (this tab
 * only: on a shared computer the next person's tab does not open this chat), so a reload, a dropped socket or a
 * server restart returns to the same chat; it reaches that chat and nothing else, and lapses after the chat ends.
 * On every (re)connect the server sends the chat and its whole transcript, which replace what the tab had.
 */
export function CustomerApp() {
  const [connection, setConnection] = useState<Connection>();
  const [status, setStatus] = useState<LinkStatus>('connecting');
  const [state, setState] = useState<ChatState>({ messages: [] });
  const [error, setError] = useState<string>();
  const [identity] = useState(siteIdentity);

  const connect = useCallback((credentials: Credentials) => {
    setError(undefined);
    setState({ messages: [] });
    const next = new Connection(credentials, {
      onFrame(frame) {
        if (frame.type === 'welcome' && frame.session.role === 'customer') {
          const session = frame.session;
          sessionStorage.setItem(TOKEN_KEY, session.token);
          setState((s) => ({ ...s, session }));
          setError(undefined);
        } else if (frame.type === 'chat') {
          const chat = frame.chat;
          setState((s) => ({ ...s, chat }));
        } else if (frame.type === 'chat.transcript') {
          const { messages, omitted } = frame;
          setState((s) => ({ ...s, messages, ...(omitted !== undefined ? { omitted } : {}) }));
        } else if (frame.type === 'chat.typing') {
          const typing = { name: frame.name, until: Date.now() + 4_000 };
          setState((s) => ({ ...s, typing }));
        } else if (frame.type === 'chat.message') {
          const message = frame.message;
          setState((s) => {
            if (s.messages.some((m) => m.id === message.id)) return s;
            const { typing: _typing, ...rest } = s;
            // A line from the agent who was typing ends the indicator.
            return { ...(message.from === 'agent' ? rest : s), messages: [...s.messages, message] };
          });
        } else if (frame.type === 'error') {
          setError(frame.message);
        }
      },
      onStatus: setStatus,
      onClosed(closed) {
        if (closed.code === 4001) {
          sessionStorage.removeItem(TOKEN_KEY);
          setState({ messages: [] });
        }
        setConnection(undefined);
      },
    });
    setStatus('connecting');
    setConnection(next);
  }, []);

  useEffect(() => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token !== null) connect({ role: 'customer', token });
  }, [connect]);

  const startOver = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    connection?.signOut();
    setState({ messages: [] });
  };

  if (state.session === undefined || state.chat === undefined) {
    return <StartForm busy={connection !== undefined} error={error} onStart={(start) => connect({ role: 'customer', start: { ...start, ...(identity !== undefined ? { identity } : {}) } })} />;
  }
  return (
    <Conversation
      session={state.session}
      chat={state.chat}
      messages={state.messages}
      {...(state.omitted !== undefined ? { omitted: state.omitted } : {})}
      {...(state.typing !== undefined ? { typing: state.typing } : {})}
      connection={connection}
      status={status}
      error={error}
      onError={setError}
      onStartOver={startOver}
    />
  );
}
