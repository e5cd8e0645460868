import type { Message } from 'chatroute';

/** What the dashboard's open-chats list says of a chat: since when its customer waits for an answer, and its last line. */
export interface ChatGlance {
  /** The customer's first line after the last answer to them; absent when nothing waits for an answer. */
  readonly waitingSince?: number;
  readonly lastLine?: { readonly author: 'customer' | 'agent' | 'note' | 'system'; readonly agentId?: string; readonly text: string; readonly at: number };
}

/**
 * Reads a transcript (oldest first) as the open-chats list shows it: a customer waits from their first line after an
 * agent's last line to them (a note or a system line answers nobody); the last line is the newest of any kind.
 *
 * @example
 * ```ts
 * const { waitingSince, lastLine } = glance(state.messages[chatId] ?? []);
 * ```
 */
export function glance(messages: readonly Message[]): ChatGlance {
  let waitingSince: number | undefined;
  for (const m of messages) {
    if (m.from.kind === 'customer') waitingSince ??= m.at;
    else if (m.from.kind === 'agent' && m.audience !== 'agents') waitingSince = undefined;
  }
  const last = messages[messages.length - 1];
  if (last === undefined) return waitingSince !== undefined ? { waitingSince } : {};
  const author = last.audience === 'agents' ? 'note' : last.from.kind;
  const text = last.text !== '' ? last.text : last.attachments.map((a) => a.name).join(', ');
  const lastLine = { author, ...(last.from.kind === 'agent' ? { agentId: last.from.agentId } : {}), text, at: last.at } as const;
  return { ...(waitingSince !== undefined ? { waitingSince } : {}), lastLine };
}
