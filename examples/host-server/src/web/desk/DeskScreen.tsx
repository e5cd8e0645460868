import { useCallback, useEffect, useRef, useState, type Dispatch } from 'react';
import type { Desk } from 'chatroute';
import type { AgentSession } from '../../shared/protocol';
import type { Connection } from '../common/Connection';
import { useNow } from '../common/format';
import { AssistanceBar } from './AssistanceBar';
import { ChatWidget } from './ChatWidget';
import { Dashboard } from './Dashboard';
import type { DeskAction, DeskState } from './deskState';
import { OfferBox } from './OfferBox';
import { CustomerNamesContext } from './people';
import { enableNotifications, settings, useDeskAttention, usePageVisible } from './notifications';
import { unlockSound, useChimes } from './sound';
import { StatusControl, UnpaidPauseBanner, WrapUpBar } from './StatusControl';
import { Toasts } from './Toasts';
import { WaitingActivities } from './WaitingActivities';

/**
 * What the main area shows. A chat tab shows its chat; clicking the current tab goes back to the previous screen. The
 * sidebar's buttons (Dashboard, Waiting activities) always open their screen: a second click never goes into a chat
 * (which would also dismiss that chat's reminder toasts as if the agent had read it).
 */
export type Screen = { readonly kind: 'dashboard' } | { readonly kind: 'waiting' } | { readonly kind: 'chat'; readonly chatId: string };

interface Props {
  readonly state: DeskState;
  readonly desk: Desk;
  readonly session: AgentSession;
  readonly connection: Connection;
  readonly dispatch: Dispatch<DeskAction>;
  readonly onSignOut: () => void;
}

const same = (a: Screen, b: Screen) => a.kind === b.kind && (a.kind !== 'chat' || (b.kind === 'chat' && a.chatId === b.chatId));

export function DeskScreen({ state, desk, session, connection, dispatch, onSignOut }: Props) {
  const now = useNow(state.clockOffset);
  const [screen, setScreen] = useState<Screen>({ kind: 'dashboard' });
  const [previous, setPrevious] = useState<Screen>({ kind: 'dashboard' });
  const [sound, setSound] = useState(settings.sound);
  const [notifications, setNotifications] = useState(settings.notifications);
  const [signOutError, setSignOutError] = useState<string>();

  // Signing out logs the agent out of the engine too, so no offer waits for a desk nobody looks at.
  const signOut = async () => {
    if (desk.agent.state !== 'offline') {
      const result = await connection.command({ type: 'agent.logout' });
      if (!result.ok) return setSignOutError(`Cannot sign out: ${result.error.message}`);
    }
    onSignOut();
  };

  const goTo = (next: Screen) => {
    if (next.kind !== 'chat') {
      if (screen.kind === 'chat') setPrevious(screen);
      setScreen(next);
    } else if (same(next, screen)) {
      setScreen(previous);
      setPrevious(screen);
    } else {
      setPrevious(screen);
      setScreen(next);
    }
  };

  // Toasts remind of chats the agent is not looking at: the one on screen needs none.
  useEffect(() => {
    if (screen.kind === 'chat') for (const t of state.toasts) if (t.chatId === screen.chatId) dispatch({ type: 'dismiss', toastId: t.id });
  }, [screen, state.toasts, dispatch]);

  // A session resumed from a reload had no sign-in click: the agent's first click anywhere unlocks the sound.
  useEffect(() => {
    document.addEventListener('pointerdown', unlockSound, { once: true });
    return () => document.removeEventListener('pointerdown', unlockSound);
  }, []);

  // For callbacks that outlive a render (notifications, the assistance bar): opens a chat, whatever is on screen.
  const current = useRef(screen);
  current.current = screen;
  const openChat = useCallback((chatId: string) => {
    if (current.current.kind === 'chat' && current.current.chatId === chatId) return;
    setPrevious(current.current);
    setScreen({ kind: 'chat', chatId });
  }, []);
  useDeskAttention(desk, notifications, openChat);

  const onScreen = (chatId: string) => screen.kind === 'chat' && screen.chatId === chatId;
  useChimes(sound, {
    offerIds: desk.offers.map((o) => o.offerId),
    toastIds: state.toasts.filter((t) => !onScreen(t.chatId)).map((t) => t.id),
    unreadElsewhere: desk.chats.reduce((n, c) => n + (onScreen(c.chatId) ? 0 : c.unread), 0),
  });

  // The chat on screen is read: tell the engine, so its unread count (and the tab's flashing) stops.
  // A hidden tab has not been read: its unread count (and the title, and notifications) wait until it is seen.
  const visible = usePageVisible();
  const open = screen.kind === 'chat' ? desk.chats.find((c) => c.chatId === screen.chatId) : undefined;
  useEffect(() => {
    if (visible && open !== undefined && open.unread > 0 && open.monitoring !== true) void connection.command({ type: 'chat.read', chatId: open.chatId });
  }, [open?.chatId, open?.unread, visible, connection]);
  // A chat that closed (or was transferred away) leaves the screen.
  useEffect(() => {
    if (screen.kind === 'chat' && open === undefined) setScreen({ kind: 'dashboard' });
  }, [screen, open]);

  const customers = state.customers;
  const customerOf = useCallback((chatId: string) => customers[chatId], [customers]);

  return (
    <CustomerNamesContext.Provider value={customerOf}>
      <div className={`desk${desk.offers.length > 0 ? ' desk-offering' : ''}`}>
        <header className="topbar">
          <span className="brand">chatroute</span>
          <nav className="tabs" role="tablist">
            {desk.chats.map((chat) => {
              const active = screen.kind === 'chat' && screen.chatId === chat.chatId;
              const flash = !active && chat.unread > 0;
              return (
                <button
                  key={chat.chatId}
                  role="tab"
                  aria-selected={active}
                  className={`tab${active ? ' tab-active' : ''}${flash ? ' tab-flash' : ''}`}
                  data-testid="chat-tab"
                  data-flashing={flash}
                  onClick={() => goTo({ kind: 'chat', chatId: chat.chatId })}
                >
                  {chat.important && '★ '}
                  {chat.customer.name}
                  {chat.unread > 0 && <span className="badge">{chat.unread}</span>}
                </button>
              );
            })}
          </nav>
          <span className="who">
            {session.name}
            <button type="button" className="link" onClick={() => void signOut()}>
              Sign out
            </button>
          </span>
        </header>
        <aside className="sidebar">
          <button type="button" className="waiting-button" data-testid="waiting-button" onClick={() => goTo({ kind: 'waiting' })}>
            Waiting activities
            <span className={`badge${desk.waiting.count === 0 ? ' badge-zero' : ''}`} data-testid="waiting-count">
              {desk.waiting.count}
            </span>
          </button>
          <nav className="menu">
            <button type="button" className={screen.kind === 'dashboard' ? 'menu-active' : ''} onClick={() => goTo({ kind: 'dashboard' })}>
              Dashboard
            </button>
          </nav>
          <StatusControl agent={desk.agent} pauseReasons={session.pauseReasons} connection={connection} />
          <label className="sound">
            <input
              type="checkbox"
              data-testid="sound-setting"
              checked={sound}
              onChange={(e) => {
                if (e.target.checked) unlockSound();
              settings.setSound(e.target.checked);
                setSound(e.target.checked);
              }}
            />{' '}
            Sound
          </label>
          <label className="sound">
            <input
              type="checkbox"
              data-testid="notifications-setting"
              checked={notifications}
              onChange={async (e) => {
                const on = e.target.checked ? await enableNotifications() : (settings.setNotifications(false), false);
                setNotifications(on);
              }}
            />{' '}
            Desktop notifications
          </label>
        </aside>
        <main className="main">
          <AssistanceBar desk={desk} now={now} connection={connection} onOpen={openChat} />
          <UnpaidPauseBanner agent={desk.agent} connection={connection} />
          <WrapUpBar agent={desk.agent} now={now} connection={connection} />
          {signOutError !== undefined && (
            <p className="error" role="alert">
              {signOutError}
            </p>
          )}
          {screen.kind === 'dashboard' && <Dashboard desk={desk} now={now} connection={connection} supervisor={session.supervises.length > 0} forecast={state.forecast} token={session.token} messages={state.messages} onOpen={(chatId) => goTo({ kind: 'chat', chatId })} />}
          {screen.kind === 'waiting' && <WaitingActivities items={desk.waiting.items} now={now} me={desk.agent.id} connection={connection} />}
          {open !== undefined && (
            <ChatWidget
              key={open.chatId}
              chat={open}
              desk={desk}
              session={session}
              messages={state.messages[open.chatId] ?? []}
              connection={connection}
              {...(state.customerOnline[open.chatId] !== undefined ? { customerOnline: state.customerOnline[open.chatId] } : {})}
              customerTyping={(state.typingUntil[open.chatId] ?? 0) > Date.now()}
              now={now}
              {...(state.omitted[open.chatId] !== undefined ? { omitted: state.omitted[open.chatId] } : {})}
            />
          )}
        </main>
        <OfferBox offers={desk.offers} now={now} connection={connection} />
        <Toasts toasts={state.toasts} onOpen={(chatId) => goTo({ kind: 'chat', chatId })} onDismiss={(toastId) => dispatch({ type: 'dismiss', toastId })} />
      </div>
    </CustomerNamesContext.Provider>
  );
}
