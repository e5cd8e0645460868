/**
 * Keeps a message field within the longest text the server takes, and says when it cut something: a long paste
 * that silently lost its end would be sent as if whole.
 *
 * @example
 * ```ts
 * const { text, cut } = capText(event.target.value, 10_000);
 * setText(text);
 * setNotice(cut > 0 ? cutNotice(cut, 10_000) : undefined);
 * ```
 */
export function capText(value: string, max: number): { text: string; cut: number } {
  return value.length <= max ? { text: value, cut: 0 } : { text: value.slice(0, max), cut: value.length - max };
}

export const cutNotice = (cut: number, max: number): string =>
  `The text was cut to ${max.toLocaleString('en')} characters, the most a message may have: the last ${cut.toLocaleString('en')} were left out.`;
