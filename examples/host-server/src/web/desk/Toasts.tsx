import { useEffect } from 'react';
import type { Toast } from './deskState';

const TOAST_MS = 15_000;

function ToastView({ toast, onOpen, onDismiss }: { toast: Toast; onOpen: () => void; onDismiss: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast.id]); // a new reminder for the chat restarts the timer
  return (
    <div className="toast" role="status" data-testid="toast">
      <span>{toast.text}</span>
      <button type="button" onClick={onOpen}>
        Open
      </button>
      <button type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

/** Reminder toasts, bottom right: a customer waits in a chat the agent is not looking at. */
export function Toasts({ toasts, onOpen, onDismiss }: { toasts: readonly Toast[]; onOpen: (chatId: string) => void; onDismiss: (toastId: string) => void }) {
  return (
    <div className="toasts">
      {toasts.map((t) => (
        <ToastView
          key={t.id}
          toast={t}
          onOpen={() => {
            onDismiss(t.id);
            onOpen(t.chatId);
          }}
          onDismiss={() => onDismiss(t.id)}
        />
      ))}
    </div>
  );
}
