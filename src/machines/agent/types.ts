import type { Pause } from '../../engine/types';

export interface AgentInput {
  id: string;
  capacity: number;
}

export interface AgentContext {
  readonly id: string;
  readonly capacity: number;
  /** Chats with a pending offer to this agent: each holds a slot, like a reservation. */
  readonly offers: readonly string[];
  /** Chats this agent participates in (active or closing): each holds a slot. */
  readonly chats: readonly string[];
  readonly pause: Pause | null;
  /** Last login, resume, or chat taken or ended: the key of `longest-idle`. */
  readonly idleSince: number;
  /** Member queues the agent logged out of (`agent.leaveQueue`) during this session. */
  readonly leftQueues: readonly string[];
  /** Closed chats whose after-chat work (wrap-up) still holds a slot. Absent in snapshots from before wrap-ups. */
  readonly wrapUps?: readonly string[];
}

/** Events the engine sends to an agent actor; each carries the clock time where time matters. */
export type AgentEvent =
  | { type: 'LOGIN'; at: number }
  | { type: 'LOGOUT'; at: number }
  | { type: 'PAUSE'; reason: string; paid: boolean; at: number }
  | { type: 'RESUME'; at: number }
  | { type: 'JOIN_QUEUE'; queueId: string }
  | { type: 'LEAVE_QUEUE'; queueId: string }
  | { type: 'OFFER_RECEIVED'; chatId: string }
  | { type: 'OFFER_ENDED'; chatId: string }
  | { type: 'OFFER_ACCEPTED'; chatId: string; at: number }
  | { type: 'CHAT_JOINED'; chatId: string; at: number }
  | { type: 'CHAT_LEFT'; chatId: string; at: number }
  | { type: 'WRAP_UP_STARTED'; chatId: string }
  | { type: 'WRAP_UP_ENDED'; chatId: string; at: number }
  | { type: 'SET_CAPACITY'; capacity: number };
