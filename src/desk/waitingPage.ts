import type { WaitingActivity } from '../model/chat';
import { buildWaitingActivities } from '../engine/views/views';
import type { EngineState } from '../engine/ports';

/** One page of an agent's waiting list and the whole list's length. */
export interface WaitingPage {
  readonly count: number;
  readonly offset: number;
  readonly items: readonly WaitingActivity[];
}

/**
 * A page of an agent's waiting activities, most urgent first: what a desk shows beyond its `waitingLimit`.
 * An unknown agent gets an empty page.
 *
 * @example
 * ```ts
 * const { count, items } = engine.waitingPage('alice', { offset: 50, limit: 50 });
 * ```
 */
export function waitingPage(ctx: EngineState, agentId: string, options: { offset?: number; limit?: number } = {}): WaitingPage {
  const agent = ctx.agents.get(agentId);
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 50));
  if (agent === undefined) return Object.freeze({ count: 0, offset, items: Object.freeze([]) });
  const all = buildWaitingActivities(ctx, agent);
  return Object.freeze({ count: all.length, offset, items: Object.freeze(all.slice(offset, offset + limit)) });
}
