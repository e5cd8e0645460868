import { useEffect, useRef, useState } from 'react';
import type { Desk } from 'chatroute';

const SOUND_KEY = 'chatroute.sound';
const NOTIFY_KEY = 'chatroute.notifications';

/** The desk's settings that outlive the tab: kept in localStorage (this browser, every tab). */
export const settings = {
  /** On unless the agent turned it off: an offer nobody hears waits until it expires. */
  sound: () => localStorage.getItem(SOUND_KEY) !== 'off',
  setSound: (on: boolean) => localStorage.setItem(SOUND_KEY, on ? 'on' : 'off'),
  notifications: () => localStorage.getItem(NOTIFY_KEY) === 'on' && typeof Notification !== 'undefined' && Notification.permission === 'granted',
  setNotifications: (on: boolean) => localStorage.setItem(NOTIFY_KEY, on ? 'on' : 'off'),
};

/** Asks the browser for permission (a click is the user gesture it needs); true when granted. */
export async function enableNotifications(): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  settings.setNotifications(permission === 'granted');
  return permission === 'granted';
}

/** Whether the page is visible now (a hidden tab has not been read, so it must not mark chats as read). */
export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

/** The page is not what the agent looks at: another tab, another window, or minimised. */
const unseen = (): boolean => document.visibilityState === 'hidden' || !document.hasFocus();

/**
 * Desktop notifications for a new offer and for new customer messages while the desk is not looked at, and the
 * count of unread messages and offers in the page title (`(3) chatroute desk`), so a busy agent sees from any tab
 * that something waits. Clicking a notification brings the desk forward and opens the chat.
 *
 * @example
 * ```ts
 * useDeskAttention(desk, notificationsOn, (chatId) => go({ kind: 'chat', chatId }));
 * ```
 */
export function useDeskAttention(desk: Desk, enabled: boolean, onOpen: (chatId: string) => void): void {
  const unread = desk.chats.reduce((n, c) => n + c.unread, 0);
  const waiting = unread + desk.offers.length;
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) chatroute desk` : 'chatroute desk';
  }, [waiting]);

  const seen = useRef<{ offers: Set<string>; unread: Map<string, number> }>({ offers: new Set(desk.offers.map((o) => o.offerId)), unread: new Map() });
  useEffect(() => {
    const before = seen.current;
    const notify = (title: string, body: string, chatId: string, tag: string) => {
      if (!enabled || !unseen() || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      const notification = new Notification(title, { body, tag });
      notification.onclick = () => {
        window.focus();
        onOpen(chatId);
        notification.close();
      };
    };
    for (const offer of desk.offers) {
      if (!before.offers.has(offer.offerId)) notify(`New chat: ${offer.customer.name}`, `${offer.queue.name} · accept or reject on the desk`, offer.chatId, `offer-${offer.offerId}`);
    }
    for (const chat of desk.chats) {
      const previous = before.unread.get(chat.chatId) ?? 0;
      if (chat.unread > previous && chat.lastMessage !== undefined) {
        notify(`${chat.customer.name} (${chat.queue.name})`, chat.lastMessage.text || 'sent a file', chat.chatId, `chat-${chat.chatId}`);
      }
    }
    seen.current = { offers: new Set(desk.offers.map((o) => o.offerId)), unread: new Map(desk.chats.map((c) => [c.chatId, c.unread])) };
  }, [desk.offers, desk.chats, enabled, onOpen]);
}
