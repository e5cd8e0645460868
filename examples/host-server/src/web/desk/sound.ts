import { useEffect, useRef } from 'react';

let context: AudioContext | undefined;

/**
 * Lets the desk play sound: browsers start an audio context only from a user gesture, so the desk calls this from
 * the sign-in click (and, after a reload that resumed the session without one, from the agent's first click, and
 * from ticking "Sound"). Harmless to call again.
 *
 * @example
 * ```ts
 * form.onsubmit = () => { unlockSound(); signIn(); };
 * ```
 */
export function unlockSound(): void {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
  } catch {
    // No audio device: the visual notification is enough.
  }
}

/**
 * A short two-tone chime, synthesised (no audio file to serve). Sound is on by default (the setting is remembered in
 * localStorage); it is heard once a gesture has unlocked the audio ({@link unlockSound}).
 *
 * @example
 * ```ts
 * if (settings.sound()) chime();
 * ```
 */
export function chime(): void {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    const start = context.currentTime;
    for (const [i, frequency] of [880, 660].entries()) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.15, start + i * 0.15);
      gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.15 + 0.14);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + i * 0.15);
      oscillator.stop(start + i * 0.15 + 0.15);
    }
  } catch {
    // No audio device: the visual notification is enough.
  }
}

/** What deserves a sound: ids of offers and toasts on screen, and unread messages in chats not on screen. */
export interface Signals {
  readonly offerIds: readonly string[];
  readonly toastIds: readonly string[];
  readonly unreadElsewhere: number;
}

/** Chimes when, and only when, something new arrives: a new offer, a new reminder, more unread messages elsewhere. */
export function useChimes(enabled: boolean, signals: Signals): void {
  const previous = useRef(signals);
  const key = `${signals.offerIds.join()}|${signals.toastIds.join()}|${signals.unreadElsewhere}`;
  useEffect(() => {
    const before = previous.current;
    previous.current = signals;
    const arrived =
      signals.offerIds.some((id) => !before.offerIds.includes(id)) ||
      signals.toastIds.some((id) => !before.toastIds.includes(id)) ||
      signals.unreadElsewhere > before.unreadElsewhere;
    if (enabled && arrived) chime();
    // Only a change of the signals rings; ticking the box does not.
  }, [key]);
}
