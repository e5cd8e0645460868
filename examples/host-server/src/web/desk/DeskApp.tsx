import { useCallback, useEffect, useReducer, useState } from 'react';
import type { Credentials } from '../../shared/protocol';
import { Connection, type Closed, type LinkStatus } from '../common/Connection';
import { ConnectionBanner } from '../common/ConnectionBanner';
import { LinkStatusContext } from '../common/linkStatus';
import { DeskScreen } from './DeskScreen';
import { deskReducer, initialDeskState } from './deskState';
import { SignIn } from './SignIn';
import { unlockSound } from './sound';

const TOKEN_KEY = 'chatroute.agentToken';

/**
 * The agent desk: sign in, then render what the server streams. The session token is kept in sessionStorage (per
 * tab, gone when the tab closes): a reload, a dropped socket or a server restart resumes without the password. While
 * the socket is down the desk stays on screen with a banner; on reconnecting the server sends the desk and every
 * open chat's transcript again, which replace what the tab had.
 */
export function DeskApp() {
  const [state, dispatch] = useReducer(deskReducer, initialDeskState);
  const [connection, setConnection] = useState<Connection>();
  const [status, setStatus] = useState<LinkStatus>('connecting');
  const [error, setError] = useState<string>();

  const connect = useCallback((credentials: Credentials) => {
    setError(undefined);
    let signedIn = false;
    const next = new Connection(credentials, {
      onFrame(frame) {
        if (frame.type === 'welcome' && frame.session.role === 'agent') {
          signedIn = true;
          sessionStorage.setItem(TOKEN_KEY, frame.session.token);
          // Signing in to the desk also logs the agent in to the queues (refused harmlessly if already in, as after
          // a reconnect: the server kept the agent's state).
          void next.command({ type: 'agent.login' });
        }
        if (frame.type === 'error' && !signedIn) setError(frame.message);
        dispatch({ type: 'frame', frame });
      },
      onStatus: setStatus,
      onClosed(closed: Closed) {
        if (!signedIn || closed.code === 4001) sessionStorage.removeItem(TOKEN_KEY);
        if (signedIn && closed.code !== 1000) setError(`Signed out (${closed.reason || closed.code}). Sign in again.`);
        dispatch({ type: 'reset' });
        setConnection(undefined);
      },
    });
    setStatus('connecting');
    setConnection(next);
  }, []);

  useEffect(() => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token !== null) connect({ role: 'agent', token });
  }, [connect]);

  if (state.session === undefined || state.desk === undefined || connection === undefined) {
    return (
      <SignIn
        busy={connection !== undefined}
        error={error}
        onSignIn={(agentId, password) => {
          // The sign-in click is the user gesture that lets the desk chime for offers (sound is on by default).
          unlockSound();
          connect({ role: 'agent', agentId, password });
        }}
      />
    );
  }
  return (
    <LinkStatusContext.Provider value={status}>
      <ConnectionBanner status={status} offline="Connection lost. Reconnecting… (your chats stay with you)" back="Connected again" />
      <DeskScreen
        state={state}
        desk={state.desk}
        session={state.session}
        connection={connection}
        dispatch={dispatch}
        onSignOut={() => {
          sessionStorage.removeItem(TOKEN_KEY);
          connection.signOut();
        }}
      />
    </LinkStatusContext.Provider>
  );
}
