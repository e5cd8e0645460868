import { useState } from 'react';

const emoticons = ['😀', '😊', '😉', '😂', '🙂', '🙁', '😢', '😮', '🤔', '👍', '👎', '🙏', '👋', '🎉', '❤️', '✅'];

/** A button that opens a small grid of emoticons; clicking one inserts it. */
export function EmojiPicker({ disabled = false, onPick }: { disabled?: boolean; onPick: (emoji: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <span className="emoji">
      <button type="button" aria-label="Emoticons" aria-expanded={open} data-testid="emoji-button" disabled={disabled} onClick={() => setOpen(!open)}>
        😊
      </button>
      {open && (
        <span className="emoji-picker" role="menu" data-testid="emoji-picker">
          {emoticons.map((emoji) => (
            <button
              key={emoji}
              type="button"
              role="menuitem"
              onClick={() => {
                onPick(emoji);
                setOpen(false);
              }}
            >
              {emoji}
            </button>
          ))}
        </span>
      )}
    </span>
  );
}
