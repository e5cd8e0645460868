import type { Desk, Message } from 'chatroute';
import type { AgentSession, ServerFrame } from '../../shared/protocol';

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
  readonly desk?: Desk;
  /** Transcripts of the open chats, oldest first, each message once. */
  readonly messages: Readonly<Record<string, readonly Message[]>>;
  readonly toasts: readonly Toast[];
}

export type DeskAction =
  | { readonly type: 'frame'; readonly frame: ServerFrame }
  | { readonly type: 'dismiss'; readonly toastId: string }
  | { readonly type: 'reset' };

export const initialDeskState: DeskState = { clockOffset: 0, messages: {}, toasts: [] };

/** Adds messages by id: a message can arrive in a transcript and as a live frame, and is kept once. */
function merge(existing: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  const seen = new Set(existing.map((m) => m.id));
  const added = incoming.filter((m) => !seen.has(m.id));
  if (added.length === 0) return existing;
  return [...existing, ...added].sort((a, b) => a.at - b.at);
}

export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  if (action.type === 'reset') return initialDeskState;
  if (action.type === 'dismiss') return { ...state, toasts: state.toasts.filter((t) => t.id !== action.toastId) };
  const frame = action.frame;
  switch (frame.type) {
    case 'welcome':
      if (frame.session.role !== 'agent') return state;
      return { ...state, session: frame.session, clockOffset: frame.serverTime - Date.now() };
    case 'desk': {
      // Forget transcripts of chats that left the desk, so a chat picked again later starts fresh.
      const open = new Set(frame.desk.chats.map((c) => c.chatId));
      const messages = Object.fromEntries(Object.entries(state.messages).filter(([chatId]) => open.has(chatId)));
      return { ...state, desk: frame.desk, messages };
    }
    case 'transcript':
      return { ...state, messages: { ...state.messages, [frame.chatId]: merge(state.messages[frame.chatId] ?? [], frame.messages) } };
    case 'message': {
      const chatId = frame.message.chatId;
      return { ...state, messages: { ...state.messages, [chatId]: merge(state.messages[chatId] ?? [], [frame.message]) } };
    }
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
