import type { ChartLayout } from '../../shared/inspector';

/**
 * The edge an actor most likely took from `before` to `after` (both lists of active state ids, outermost first):
 * one leaving a state it left (the innermost such source wins: a child's transition is tried before its parent's)
 * and entering one it entered. Undefined when the state did not change or no edge explains it.
 *
 * @example
 * ```ts
 * lastTransition(chart, ['chat', 'chat.offered'], ['chat', 'chat.active']); // the id of offered → active
 * ```
 */
export function lastTransition(chart: ChartLayout, before: readonly string[], after: readonly string[]): string | undefined {
  if (before.join() === after.join()) return undefined;
  const target = after[after.length - 1];
  const entered = new Set(after.filter((id) => !before.includes(id)));
  for (const source of [...before].reverse()) {
    const edge = chart.edges.find((e) => e.source === source && (e.target === target || entered.has(e.target)));
    if (edge !== undefined) return edge.id;
  }
  return undefined;
}
