import type { Pause } from '../../model/agent';

export interface AgentInput {
  id: string;
}

/**
 * What the agent machine decides on. Which chats and offers hold the agent's slots is engine data (it changes with
 * every chat); the machine hears only when they fill up or free while the agent takes work (`SLOTS_FULL`,
 * `SLOTS_FREE`), and whether they are full when a pause ends (`RESUME`).
 */
export interface AgentContext {
  readonly id: string;
  readonly pause: Pause | null;
  /** Member queues the agent logged out of (`agent.leaveQueue`) during this session. */
  readonly leftQueues: readonly string[];
}

/** Events the engine sends to an agent actor; each carries the clock time where time matters. */
export type AgentEvent =
  | { type: 'LOGIN'; at: number }
  | { type: 'LOGOUT'; at: number }
  | { type: 'PAUSE'; reason: string; paid: boolean; at: number }
  /** `full`: every slot is held (a paused agent keeps its chats), so the agent resumes busy. */
  | { type: 'RESUME'; at: number; full: boolean }
  | { type: 'JOIN_QUEUE'; queueId: string }
  | { type: 'LEAVE_QUEUE'; queueId: string }
  /** A ready agent's slots in use reached the capacity (an offer, a chat or a wrap-up took the last one, or capacity fell). */
  | { type: 'SLOTS_FULL' }
  /** A busy agent has a free slot again. */
  | { type: 'SLOTS_FREE' };
