import { useCallback, useEffect, useReducer, useState } from 'react';
import type { Credentials } from '../../shared/protocol';
import { Connection, type Closed } from '../common/Connection';
import { DeskScreen } from './DeskScreen';
import { deskReducer, initialDeskState } from './deskState';
import { SignIn } from './SignIn';

const TOKEN_KEY = 'chatroute.agentToken';

/**
 * The agent desk: sign in, then render what the server streams. A reload reconnects with the session token kept
 * in sessionStorage (per tab, gone when the tab closes), without asking for the password again.
 */
export function DeskApp() {
  const [state, dispatch] = useReducer(deskReducer, initialDeskState);
  const [connection, setConnection] = useState<Connection>();
  const [error, setError] = useState<string>();

  const connect = useCallback((credentials: Credentials) => {
    setError(undefined);
    let signedIn = false;
    const next = new Connection(
      credentials,
      (frame) => {
        if (frame.type === 'welcome' && frame.session.role === 'agent') {
          signedIn = true;
          sessionStorage.setItem(TOKEN_KEY, frame.session.token);
          // Signing in to the desk also logs the agent in to the queues (refused harmlessly if already in).
          void next.command({ type: 'agent.login' });
        }
        if (frame.type === 'error' && !signedIn) setError(frame.message);
        dispatch({ type: 'frame', frame });
      },
      (closed: Closed) => {
        if (!signedIn) sessionStorage.removeItem(TOKEN_KEY);
        else if (closed.code !== 1000) setError(`Disconnected (${closed.code}${closed.reason ? `: ${closed.reason}` : ''}). Sign in again.`);
        dispatch({ type: 'reset' });
        setConnection(undefined);
      },
    );
    setConnection(next);
  }, []);

  useEffect(() => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token !== null) connect({ role: 'agent', token });
  }, [connect]);

  if (state.session === undefined || state.desk === undefined || connection === undefined) {
    return <SignIn busy={connection !== undefined} error={error} onSignIn={(agentId, password) => connect({ role: 'agent', agentId, password })} />;
  }
  return (
    <DeskScreen
      state={state}
      desk={state.desk}
      session={state.session}
      connection={connection}
      dispatch={dispatch}
      onSignOut={() => {
        sessionStorage.removeItem(TOKEN_KEY);
        connection.close();
      }}
    />
  );
}
