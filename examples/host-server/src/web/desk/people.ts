import { createContext, useCallback, useContext } from 'react';

/** The customer's name of a chat the desk has seen (open, offered, waiting, or just closed), if it knows it. */
export type CustomerOf = (chatId: string) => string | undefined;

/** A JSON-quoted id, as the engine quotes ids in its messages (`chat "c-12"`). */
const QUOTED_CHAT = /\b(no )?chat "((?:[^"\\]|\\.)*)"/g;

/**
 * Rewrites a message for a person: every chat the engine names by its internal id (`chat "c-12"`) is named by its
 * customer instead ("the chat with Eve"), or as "that chat" when the desk does not know it (`no chat "x"` reads
 * "no such chat"). Agents know chats by customer; an internal id tells them nothing.
 *
 * @example
 * ```ts
 * nameChats('the customer left chat "c-12"; only setting a status and closing remain', (id) => (id === 'c-12' ? 'Eve' : undefined));
 * // 'the customer left the chat with Eve; only setting a status and closing remain'
 * ```
 */
export function nameChats(text: string, customerOf: CustomerOf): string {
  return text.replace(QUOTED_CHAT, (_match, no: string | undefined, quoted: string) => {
    let chatId = quoted;
    try {
      chatId = JSON.parse(`"${quoted}"`) as string;
    } catch {
      // not valid JSON escapes: the text between the quotes is the id
    }
    const name = customerOf(chatId);
    if (no !== undefined) return name !== undefined ? `no chat with ${name}` : 'no such chat';
    return name !== undefined ? `the chat with ${name}` : 'that chat';
  });
}

/** The desk's customer names, for {@link useNameChats}; DeskScreen provides them. */
export const CustomerNamesContext = createContext<CustomerOf>(() => undefined);

/**
 * A function that words a message (usually a refusal) for the agent, naming chats by customer.
 *
 * @example
 * ```tsx
 * const forPeople = useNameChats();
 * setError(forPeople(failure(result)));
 * ```
 */
export function useNameChats(): <T extends string | undefined>(text: T) => T {
  const customerOf = useContext(CustomerNamesContext);
  return useCallback(<T extends string | undefined>(text: T): T => (text === undefined ? text : (nameChats(text, customerOf) as T)), [customerOf]);
}
