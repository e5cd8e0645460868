import { applyDeskChange, type Desk, type DeskState as IncrementalDesk, type Message } from 'chatroute';
import type { AgentSession, ServerFrame, SupervisorForecastView } from '../../shared/protocol';

/** A reminder toast: the customer of `chatId` waits for an answer while the agent looks elsewhere. */
export interface Toast {
  readonly id: string;
  readonly chatId: string;
  readonly text: string;
}

/** Everything the desk shows, rebuilt from server frames only (the client owns no business state). */
export interface DeskState {
  readonly session?: AgentSession;
  /** Server time − client time, measured at welcome. */
  readonly clockOffset: number;
  /** The incremental desk, kept with chatroute's own reducer (`applyDeskChange`), as the server's engine builds it. */
  readonly incremental?: IncrementalDesk;
  readonly desk?: Desk;
  /** Transcripts of the open chats, oldest first, each message once. */
  readonly messages: Readonly<Record<string, readonly Message[]>>;
  /** Lines of an open chat the server did not send (older than its transcript window). */
  readonly omitted: Readonly<Record<string, number>>;
  /** Whether each open chat's customer has the widget open (the host's view; the engine's `customerAway` follows its grace). */
  readonly customerOnline: Readonly<Record<string, boolean>>;
  /** Until when (client time) each chat's customer shows as typing. */
  readonly typingUntil: Readonly<Record<string, number>>;
  readonly toasts: readonly Toast[];
  /**
   * The customer's name of each chat the desk has shown (open, offered, waiting), kept after the chat leaves the desk
   * (its wrap-up, a refusal about it) so messages can name it: the newest {@link NAMES_KEPT}.
   */
  readonly customers: Readonly<Record<string, string>>;
  /** Supervisors: the latest forecast of their queues. */
  readonly forecast?: SupervisorForecastView;
}

export type DeskAction =
  | { readonly type: 'frame'; readonly frame: ServerFrame }
  | { readonly type: 'dismiss'; readonly toastId: string }
  | { readonly type: 'reset' };

export const initialDeskState: DeskState = { clockOffset: 0, messages: {}, omitted: {}, customerOnline: {}, typingUntil: {}, toasts: [], customers: {} };

/** How many chats' customer names the desk remembers. */
export const NAMES_KEPT = 500;

/** Adds the customers of the chats on this desk; the oldest names go first once more than {@link NAMES_KEPT} are kept. */
function withCustomers(known: Readonly<Record<string, string>>, desk: Desk): Readonly<Record<string, string>> {
  const seen = [...desk.chats, ...desk.offers, ...desk.waiting.items].filter((c) => known[c.chatId] !== c.customer.name);
  if (seen.length === 0) return known;
  const next: Record<string, string> = { ...known };
  for (const c of seen) {
    delete next[c.chatId];
    next[c.chatId] = c.customer.name;
  }
  const ids = Object.keys(next);
  for (const id of ids.slice(0, Math.max(0, ids.length - NAMES_KEPT))) delete next[id];
  return next;
}

/** A typing indicator shows this long after the last typing frame (clients send one at most every 2 s while typing). */
export const TYPING_SHOWS_MS = 4_000;

/** Adds messages by id: a message can arrive in a transcript and as a live frame, and is kept once. */
function merge(existing: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  const seen = new Set(existing.map((m) => m.id));
  const added = incoming.filter((m) => !seen.has(m.id));
  if (added.length === 0) return existing;
  return [...existing, ...added].sort((a, b) => a.at - b.at);
}

/** Keeps only the entries of chats still on the desk. */
const onDesk = <T,>(record: Readonly<Record<string, T>>, open: ReadonlySet<string>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).filter(([chatId]) => open.has(chatId)));

/** A new desk: transcripts and markers of chats that left it are forgotten, so a chat picked again later starts fresh. */
function withDesk(state: DeskState, incremental: IncrementalDesk): DeskState {
  const desk = incremental.desk;
  if (desk === state.desk) return { ...state, incremental };
  const customers = withCustomers(state.customers, desk);
  if (state.desk !== undefined && desk.chats === state.desk.chats) return { ...state, incremental, desk, customers };
  const open = new Set(desk.chats.map((c) => c.chatId));
  return {
    ...state,
    incremental,
    desk,
    customers,
    messages: onDesk(state.messages, open),
    omitted: onDesk(state.omitted, open),
    customerOnline: onDesk(state.customerOnline, open),
    typingUntil: onDesk(state.typingUntil, open),
  };
}

export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  if (action.type === 'reset') return initialDeskState;
  if (action.type === 'dismiss') return { ...state, toasts: state.toasts.filter((t) => t.id !== action.toastId) };
  const frame = action.frame;
  switch (frame.type) {
    case 'welcome':
      if (frame.session.role !== 'agent') return state;
      return { ...state, session: frame.session, clockOffset: frame.serverTime - Date.now() };
    case 'desk.init':
      return withDesk(state, frame.state);
    case 'desk.change':
      return state.incremental === undefined ? state : withDesk(state, applyDeskChange(state.incremental, frame.change));
    case 'desk.changes': {
      if (state.incremental === undefined) return state;
      let incremental = state.incremental;
      for (const change of frame.changes) incremental = applyDeskChange(incremental, change);
      return withDesk(state, incremental);
    }
    case 'transcript': {
      const omitted = frame.omitted !== undefined ? { ...state.omitted, [frame.chatId]: frame.omitted } : state.omitted;
      return { ...state, omitted, messages: { ...state.messages, [frame.chatId]: merge(state.messages[frame.chatId] ?? [], frame.messages) } };
    }
    case 'message': {
      const chatId = frame.message.chatId;
      // A line from the customer ends their typing indicator.
      const typingUntil = frame.message.from.kind === 'customer' ? { ...state.typingUntil, [chatId]: 0 } : state.typingUntil;
      return { ...state, typingUntil, messages: { ...state.messages, [chatId]: merge(state.messages[chatId] ?? [], [frame.message]) } };
    }
    case 'presence':
      return { ...state, customerOnline: { ...state.customerOnline, [frame.chatId]: frame.customer === 'online' } };
    case 'forecast':
      return { ...state, forecast: frame.forecast };
    case 'typing':
      return { ...state, typingUntil: { ...state.typingUntil, [frame.chatId]: Date.now() + TYPING_SHOWS_MS } };
    case 'reminder': {
      const chat = state.desk?.chats.find((c) => c.chatId === frame.chatId);
      const text = `${chat?.customer.name ?? 'A customer'} (${chat?.queue.name ?? 'chat'}) is waiting for your answer`;
      const toast = { id: `${frame.chatId}-${frame.waitingSince}-${Date.now()}`, chatId: frame.chatId, text };
      // One toast per chat: a newer reminder replaces the older one.
      return { ...state, toasts: [...state.toasts.filter((t) => t.chatId !== frame.chatId), toast] };
    }
    default:
      return state;
  }
}
