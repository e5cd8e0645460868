// The routing data the engine, the policies and the desk share live in model/; the router's own types stay here.
import type { RoutingTask } from '../model/routing';

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
