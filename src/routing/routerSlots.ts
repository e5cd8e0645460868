import { agingCompare } from '../policies/aging';
import type { RoutingPolicy } from '../model/policies';
import type { PoolGroup } from './PoolGroup';
import type { QueueTasks } from './QueueTasks';
import { compareTasks, type WaitingList } from './WaitingList';
import type { AgentRoutingState, RoutingTask, Strategy } from './types';

// The router's records of queues and agents, and the small rules it reads them by.

/** A queue in the router. */
export interface QueueSlot {
  readonly id: string;
  policy: RoutingPolicy | undefined;
  strategy: Strategy;
  tasks: QueueTasks;
  /** Manual selection: tasks wait in the irregular list and the planner passes them by. */
  manual: boolean;
}

/** An agent in the router. */
export interface AgentSlot {
  readonly id: string;
  readonly order: number;
  penalties: ReadonlyMap<string, number>;
  skills: ReadonlyMap<string, number> | undefined;
  readonly lastOfferedAt: Map<string, number>;
  state: AgentRoutingState | undefined;
  /** Chosen by the last plan, until the engine reports the agent's new state. */
  reserved: boolean;
  /** In the pools of its groups now (free). */
  pooled: boolean;
  /** Queue → penalty of the member queues the agent is logged into (what its groups are made of). */
  entries: ReadonlyMap<string, number>;
  readonly groups: Set<PoolGroup>;
  /** Tasks addressed to this agent (transfers and invitations to a person), in serving order. */
  readonly targeted: WaitingList;
}

/** Free for an offer: not reserved by the last plan, online, ready, no offer pending. */
export const available = (agent: AgentSlot): boolean =>
  !agent.reserved && agent.state !== undefined && agent.state.online && agent.state.ready && agent.state.pendingOffers === 0;

/** A queue's serving order under its policies (aging or not). */
export const orderOf = (policy: RoutingPolicy | undefined): ((a: RoutingTask, b: RoutingTask) => number) => (policy !== undefined && policy.agingPerMs > 0 ? agingCompare(policy.agingPerMinute) : compareTasks);
/** Queues whose chats' eligibility does not change with their wait (no widening, no relaxation). */
export const steady = (policy: RoutingPolicy | undefined): boolean => policy === undefined || (policy.widening === undefined && policy.relaxAfterMs.length === 0);

/** Whether two sets of queue ids hold the same ids. */
export function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
