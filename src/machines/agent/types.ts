import type { Pause } from '../../engine/types';

export interface AgentInput {
  id: string;
}

/**
 * What the agent machine decides on. Which chats and offers hold the agent's slots is engine data (it changes with
 * every chat); the machine hears only when the slots fill up or free again (`SLOTS_FULL`, `SLOTS_FREE`).
 */
export interface AgentContext {
  readonly id: string;
  /** Every slot is held (offers, chats and wrap-ups reached the capacity): online means busy, and resume too. */
  readonly full: boolean;
  readonly pause: Pause | null;
  /** Member queues the agent logged out of (`agent.leaveQueue`) during this session. */
  readonly leftQueues: readonly string[];
}

/** Events the engine sends to an agent actor; each carries the clock time where time matters. */
export type AgentEvent =
  | { type: 'LOGIN'; at: number }
  | { type: 'LOGOUT'; at: number }
  | { type: 'PAUSE'; reason: string; paid: boolean; at: number }
  | { type: 'RESUME'; at: number }
  | { type: 'JOIN_QUEUE'; queueId: string }
  | { type: 'LEAVE_QUEUE'; queueId: string }
  /** The slots in use reached the capacity (an offer, a chat or a wrap-up took the last one, or capacity fell). */
  | { type: 'SLOTS_FULL' }
  /** A slot is free again. */
  | { type: 'SLOTS_FREE' };
