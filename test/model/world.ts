import { expect } from 'vitest';
import {
  createEngine,
  createManualClock,
  createRandom,
  type AgentConfig,
  type ChatView,
  type DispatchResult,
  type Engine,
  type EngineEvent,
  type ManualClock,
  type PresenceOptions,
  type QueueConfig,
} from 'chatroute';

/** One step of a run, as data: replaying the steps must give the same events (invariant 10). */
export type Step = { kind: 'dispatch'; command: unknown } | { kind: 'advance'; ms: number };

/** What the model tracks beyond the engine's own queries. */
export interface Model {
  started: number;
}

/** The system under test, with everything it emitted and everything done to it. */
export interface World {
  readonly engine: Engine;
  readonly clock: ManualClock;
  readonly queues: readonly QueueConfig[];
  readonly agents: readonly AgentConfig[];
  readonly events: EngineEvent[];
  readonly steps: Step[];
  readonly chatIds: string[];
  /** When agents added at runtime (`agent.upsert`) were hired. */
  hiredAt?: Map<string, number>;
  /** How late the clock may fire timers (a live clock under load): time-based invariants allow for it. */
  lateMs?: number;
  /** Slots an agent held when its capacity was lowered below them: a ceiling that only comes down. */
  slotsAtCapacityChange?: Map<string, number>;
  /** The invariants checked after each step, when not `checkInvariants` (issue 21: holds that free slots). */
  check?: (world: World, model: Model, stepFrom: number) => void;
}

export interface WorldConfig {
  queues: QueueConfig[];
  agents: AgentConfig[];
  seed: number;
  /** The engine's presence policy (issue 9). */
  presence?: PresenceOptions;
}

export function createWorld(config: WorldConfig): World {
  const clock = createManualClock(0);
  // The engine's own auditor runs after every input: it must stay silent (issue 22), checked with the invariants.
  const engine = createEngine({ ...config, clock, random: createRandom(config.seed), retainFinishedChats: 1_000_000, audit: true });
  const events: EngineEvent[] = [];
  engine.events$.subscribe((e) => events.push(e));
  return { engine, clock, queues: config.queues, agents: config.agents, events, steps: [], chatIds: [] };
}

/** A world whose agents are all logged in (recorded as steps, so replays match): the day has started. */
export function createStartedWorld(config: WorldConfig): World {
  const world = createWorld(config);
  for (const agent of config.agents) dispatch(world, { type: 'agent.login', agentId: agent.id });
  return world;
}

/** Everything a refused command must leave untouched. */
export function snapshotOf(world: World): string {
  const { engine } = world;
  return JSON.stringify({
    agents: world.agents.map((a) => engine.getAgent(a.id)),
    waiting: world.agents.map((a) => engine.waitingActivities(a.id)),
    chats: world.chatIds.map((id) => engine.getChat(id)),
    messages: world.chatIds.map((id) => engine.messages(id).length),
  });
}

/** Dispatches, checking invariant 9 when refused, then records the step. */
export function dispatch(world: World, command: unknown): DispatchResult {
  const before = snapshotOf(world);
  const count = world.events.length;
  const result = world.engine.dispatch(command);
  world.steps.push({ kind: 'dispatch', command });
  if (!result.ok) {
    expect(world.events.length, `refused ${JSON.stringify(command)} emitted events`).toBe(count);
    expect(snapshotOf(world), `refused ${JSON.stringify(command)} changed state`).toBe(before);
  } else if ('chatId' in result && typeof result.chatId === 'string') {
    world.chatIds.push(result.chatId);
  }
  return result;
}

export function advance(world: World, ms: number): void {
  world.clock.advanceBy(ms);
  world.steps.push({ kind: 'advance', ms });
}

export const chats = (world: World): ChatView[] => world.chatIds.map((id) => world.engine.getChat(id) as ChatView);

/** Picks the `index`-th element (modulo), or undefined for an empty list: commands choose targets from live state. */
export const nth = <T>(list: readonly T[], index: number): T | undefined =>
  list.length === 0 ? undefined : list[index % list.length];

/** Replays the recorded steps on a fresh engine and returns its events. */
export function replay(config: WorldConfig, steps: readonly Step[]): EngineEvent[] {
  const world = createWorld(config);
  for (const step of steps) {
    if (step.kind === 'dispatch') world.engine.dispatch(step.command);
    else world.clock.advanceBy(step.ms);
  }
  return world.events;
}
