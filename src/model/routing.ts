import type { StrategyName } from './config';
import type { TaskPolicy } from './policies';

/** An eligible agent as a strategy sees it, for one queue. */
export interface Candidate {
  readonly agentId: string;
  /** Position in the engine configuration: the last tie-break, so choices are deterministic. */
  readonly order: number;
  /** Penalty of this agent's membership of the queue: lower tiers are served first. */
  readonly penalty: number;
  /** Last login, resume, or chat taken or ended. */
  readonly idleSince: number;
  /** Offers + chats held now. */
  readonly slotsUsed: number;
  /** Increasing stamp of the last offer this queue made to the agent (0 = never). */
  readonly lastOfferedAt: number;
}

/**
 * A routing strategy: a pure function of the eligible candidates. Ordered strategies give a total order
 * (`compare`), which lets the router keep candidates in a heap; `random` picks uniformly in the best tier;
 * `ring-all` offers to every candidate of the best tier at once.
 */
export interface Strategy {
  readonly name: StrategyName;
  readonly kind: 'ordered' | 'random' | 'all';
  /** Orders candidates of the same penalty tier: negative when `a` should be offered before `b`. */
  readonly compare: (a: Candidate, b: Candidate) => number;
}

/**
 * Something that needs an agent: a waiting chat (`chat`), or an invitation to join an active one (`invite`).
 * It waits in a queue (offered by the queue's strategy to its eligible agents) or for one agent (a transfer or
 * an invitation addressed to a person: offered to that agent whenever available, whatever their queues).
 */
export interface RoutingTask {
  readonly id: string;
  readonly chatId: string;
  readonly kind: 'chat' | 'invite';
  /** Exactly one of `queueId` and `targetAgentId` is set. */
  readonly queueId: string | null;
  readonly targetAgentId: string | null;
  readonly priority: number;
  readonly enqueuedAt: number;
  /** Creation order: the tie-break after priority and enqueue time. */
  readonly seq: number;
  /** Agents who may not get it: for an invitation, the chat's current participants (the engine keeps the set up to date). */
  readonly exclude: ReadonlySet<string> | null;
  /** What the queue's routing policies need of this chat (skills, preferred agent, when it entered the queue). */
  readonly policy?: TaskPolicy;
}
