import type { AssistanceRequest } from '../../model/chat';
import type { LastAgents } from '../../policies/affinity';
import type { RandomSource } from '../../random/createRandom';
import type { Router } from '../../routing/Router';
import type { AgentRegistry } from '../agents/AgentRegistry';
import type { ChatRegistry } from '../chats/ChatRegistry';
import type { QueueRegistry } from '../config/QueueRegistry';
import type { IdSource } from '../kernel/IdSource';
import type { Statistics } from '../stats/Statistics';
import type { TimerTable } from '../timers/TimerTable';

/**
 * The parts an engine is assembled from, each owning a slice of its state: what a snapshot is taken of and restored
 * into. The kernel contributes only its event sequence.
 */
export interface EngineParts {
  readonly clock: { now(): number };
  /** When the engine (first) started: time in state counts from here. */
  startedAt: number;
  readonly sequence: { eventSeq: number };
  readonly ids: IdSource;
  readonly timers: TimerTable;
  readonly queues: QueueRegistry;
  readonly agents: AgentRegistry;
  readonly chats: ChatRegistry;
  readonly statistics: Statistics;
  readonly assistance: Map<string, AssistanceRequest>;
  readonly lastAgents: LastAgents;
  readonly router: Router;
  readonly random: RandomSource;
}
