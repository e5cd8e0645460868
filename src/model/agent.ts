import type { OfferView } from './chat';

/** State of an agent. `busy` = every slot used; `paused` wins over `busy`. */
export type AgentState = 'offline' | 'ready' | 'busy' | 'paused';

/** Why and how an agent is paused. */
export interface Pause {
  readonly reason: string;
  readonly paid: boolean;
  readonly since: number;
}

/** An agent's membership of a queue, and whether the agent is logged into it now. */
export interface AgentQueueView {
  readonly queueId: string;
  readonly penalty: number;
  readonly loggedIn: boolean;
}

/** An agent as returned by `engine.getAgent`: plain frozen data. */
export interface AgentView {
  readonly id: string;
  readonly name: string;
  readonly state: AgentState;
  readonly pause?: Pause;
  /** Since when the agent's connection is down (`agent.disconnected`): no offers meanwhile. Absent while connected. */
  readonly disconnectedSince?: number;
  /** Chats the agent participates in (active and closing). */
  readonly chats: readonly string[];
  /** Pending offers to this agent. */
  readonly offers: readonly OfferView[];
  readonly capacity: number;
  /** Offers + chats + wrap-ups − `held`. */
  readonly slotsUsed: number;
  /** Chats of `chats` on hold whose slot is free meanwhile (queue policy `hold.freesSlot`); absent while none. */
  readonly held?: readonly string[];
  readonly queues: readonly AgentQueueView[];
  /** Since when the agent has been idle in the `longest-idle` sense (last login, resume, or chat taken or ended). */
  readonly idleSince?: number;
  /** Milliseconds spent in each state since the engine started; they sum to the elapsed time. */
  readonly timeInState: TimeInState;
  /** After-chat work in progress (queue policy `wrapUp`): each holds a slot until `until` or `agent.wrapUpDone`. */
  readonly wrapUps?: readonly WrapUpView[];
}

/** One wrap-up: the closed chat, when it ends, and whether it holds the whole agent (no offers) or one slot. */
export interface WrapUpView {
  readonly chatId: string;
  readonly until: number;
  readonly whole: boolean;
}

/** Where an agent's time went, in milliseconds, kept exactly by the clock. */
export interface TimeInState {
  readonly offline: number;
  readonly ready: number;
  readonly busy: number;
  readonly pausedPaid: number;
  readonly pausedUnpaid: number;
  /** After-chat work: wrap-ups held while the agent has no chat (queue policy `wrapUp`). Always set by the engine. */
  readonly wrapUp?: number;
}

