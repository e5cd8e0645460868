import { useCallback, useEffect, useState } from 'react';
import type { Credentials, CustomerChat, CustomerMessage, CustomerSession } from '../../shared/protocol';
import { Connection } from '../common/Connection';
import { Conversation } from './Conversation';
import { StartForm } from './StartForm';

const TOKEN_KEY = 'chatroute.chatToken';

interface ChatState {
  readonly session?: CustomerSession;
  readonly chat?: CustomerChat;
  readonly messages: readonly CustomerMessage[];
}

/**
 * The customer's widget: a start form, then the conversation. The chat token stays in sessionStorage so a reload
 * returns to the same chat; it reaches that chat and nothing else.
 */
export function CustomerApp() {
  const [connection, setConnection] = useState<Connection>();
  const [state, setState] = useState<ChatState>({ messages: [] });
  const [error, setError] = useState<string>();

  const connect = useCallback((credentials: Credentials) => {
    setError(undefined);
    setState({ messages: [] });
    const next = new Connection(
      credentials,
      (frame) => {
        if (frame.type === 'welcome' && frame.session.role === 'customer') {
          const session = frame.session;
          sessionStorage.setItem(TOKEN_KEY, session.token);
          setState((s) => ({ ...s, session }));
        } else if (frame.type === 'chat') {
          const chat = frame.chat;
          setState((s) => ({ ...s, chat }));
        } else if (frame.type === 'chat.transcript') {
          const messages = frame.messages;
          setState((s) => ({ ...s, messages }));
        } else if (frame.type === 'chat.message') {
          const message = frame.message;
          setState((s) => (s.messages.some((m) => m.id === message.id) ? s : { ...s, messages: [...s.messages, message] }));
        } else if (frame.type === 'error') {
          setError(frame.message);
        }
      },
      (closed) => {
        if (closed.code === 4001) sessionStorage.removeItem(TOKEN_KEY);
        setConnection(undefined);
      },
    );
    setConnection(next);
  }, []);

  useEffect(() => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token !== null) connect({ role: 'customer', token });
  }, [connect]);

  const startOver = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    connection?.close();
    setState({ messages: [] });
  };

  if (state.session === undefined || state.chat === undefined) {
    return <StartForm busy={connection !== undefined} error={error} onStart={(start) => connect({ role: 'customer', start })} />;
  }
  return (
    <Conversation
      session={state.session}
      chat={state.chat}
      messages={state.messages}
      connection={connection}
      error={error}
      onError={setError}
      onStartOver={startOver}
    />
  );
}
