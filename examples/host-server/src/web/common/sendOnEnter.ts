import type { KeyboardEvent } from 'react';

/**
 * The composer's keyboard rule from the agent manual, shared by the desk and the customer widget: Enter sends,
 * Shift+Enter starts a new line, and Enter while an input method is composing (e.g. Japanese) is left alone.
 */
export function sendOnEnter(send: () => void): (event: KeyboardEvent<HTMLTextAreaElement>) => void {
  return (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
}
