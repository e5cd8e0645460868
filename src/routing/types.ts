// The routing data the engine, the policies and the desk share live in model/; the router's own types stay here.
import type { RoutingPolicy } from '../model/policies';
import type { RoutingTask, Strategy } from '../model/routing';

export type { Candidate, RoutingTask, Strategy } from '../model/routing';

/** The router's decision: offer this task to these agents. */
export interface OfferDecision {
  readonly task: RoutingTask;
  readonly agentIds: readonly string[];
}

/** What the router needs to know of an agent, read off its snapshot. */
export interface AgentRoutingState {
  readonly agentId: string;
  readonly online: boolean;
  /** Ready: online, not paused, not full. */
  readonly ready: boolean;
  readonly pendingOffers: number;
  readonly slotsUsed: number;
  readonly idleSince: number;
  /** Member queues the agent is logged into now. */
  readonly loggedInQueues: ReadonlySet<string>;
}

/** A queue as the router needs it. */
export interface RouterQueueConfig {
  readonly id: string;
  readonly strategy: Strategy;
  /** The queue's routing policies; `undefined` (the fast path) when none is configured. */
  readonly policy?: RoutingPolicy | undefined;
  /** Manual selection: the queue's tasks wait (listed in `waiting`) but are never offered; agents pick them. */
  readonly manual?: boolean | undefined;
}

/** The part of the router's state a snapshot keeps (see {@link Router.exportState}). */
export interface RouterState {
  readonly offerStamp: number;
  readonly agentOrder: number;
  /** Per agent: id, configuration order, and the stamp of the last offer per queue. */
  readonly agents: ReadonlyArray<readonly [string, number, ReadonlyArray<readonly [string, number]>]>;
  /** Per task: agent → until when it may not be offered to them. */
  readonly declines: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, number]>]>;
  /** Ids of the tasks waiting in the router's lists. */
  readonly tasks: readonly string[];
}

/** An agent's memberships as the router needs them. */
export interface RouterAgentConfig {
  readonly id: string;
  /** Member queue id → penalty. */
  readonly penalties: ReadonlyMap<string, number>;
  /** Skill → level. */
  readonly skills?: ReadonlyMap<string, number> | undefined;
}
