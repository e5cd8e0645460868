import type { AgentConfig } from '../model/config';
import { ChatrouteError } from '../errors/ChatrouteError';
import type { AgentGroup, AgentSchedule, ArrivalSpec, ArrivalTrace, SimulationConfig } from './types';

/** An agent of the simulation: engine configuration plus its day. */
export type SimAgent = AgentConfig & AgentSchedule;

const invalid = (message: string): never => {
  throw new ChatrouteError('invalid-config', `simulate: ${message}`);
};

const seconds = (value: unknown, where: string): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : invalid(`${where} must be a number of seconds >= 0, got ${String(value)}`);

/** Expands a group into `count` agents `agent-1` … `agent-N`, spread over its shift groups by share. */
function expandGroup(group: AgentGroup): SimAgent[] {
  if (!Number.isInteger(group.count) || group.count < 0) invalid(`agents.count must be an integer >= 0, got ${String(group.count)}`);
  const shifts = group.shifts ?? [];
  const total = shifts.reduce((sum, s) => sum + s.share, 0);
  const agents: SimAgent[] = [];
  let assigned = 0;
  shifts.forEach((shift, i) => {
    // Largest-remainder rounding would be fairer; cumulative rounding keeps the total exact and is deterministic.
    const upTo = i === shifts.length - 1 ? group.count : Math.round((group.count * shifts.slice(0, i + 1).reduce((s, x) => s + x.share, 0)) / total);
    for (; assigned < upTo; assigned++) agents.push(agentAt(group, assigned, { startSec: shift.startSec, endSec: shift.endSec }));
  });
  for (; assigned < group.count; assigned++) agents.push(agentAt(group, assigned, undefined));
  return agents;
}

function agentAt(group: AgentGroup, index: number, shift: { startSec: number; endSec: number } | undefined): SimAgent {
  return {
    id: `agent-${index + 1}`,
    name: `Agent ${index + 1}`,
    capacity: group.capacity,
    queues: group.queues,
    ...(shift !== undefined ? { shift } : {}),
  };
}

/** Validated, defaulted simulation settings. */
export interface NormalizedSimulation {
  readonly config: SimulationConfig;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly intervalSec: number;
  readonly batches: number;
  readonly agents: SimAgent[];
  readonly arrivals: ArrivalSpec[] | ArrivalTrace;
}

export function normalizeSimulation(config: SimulationConfig): NormalizedSimulation {
  if (typeof config !== 'object' || config === null) invalid('needs a configuration object');
  if (!Number.isInteger(config.seed)) invalid(`seed must be an integer, got ${String(config.seed)}`);
  const durationSec = seconds(config.durationSec, 'durationSec');
  const warmupSec = seconds(config.warmupSec ?? 0, 'warmupSec');
  if (warmupSec >= durationSec) invalid(`warmupSec (${warmupSec}) must be shorter than durationSec (${durationSec})`);
  const intervalSec = seconds(config.intervalSec ?? 900, 'intervalSec');
  if (intervalSec <= 0) invalid('intervalSec must be > 0');
  const batches = config.batches ?? 20;
  if (!Number.isInteger(batches) || batches < 2 || batches > 1000) invalid(`batches must be an integer in 2..1000, got ${String(batches)}`);
  const agents = Array.isArray(config.agents) ? config.agents.map((a) => ({ ...a })) : expandGroup(config.agents);
  for (const agent of agents) {
    if (agent.shift !== undefined && !(seconds(agent.shift.endSec, `${agent.id}.shift.endSec`) > seconds(agent.shift.startSec, `${agent.id}.shift.startSec`))) {
      invalid(`agent ${agent.id}: shift must end after it starts`);
    }
  }
  const queueIds = new Set(config.queues.map((q) => q.id));
  const arrivals = config.arrivals;
  const specs = Array.isArray(arrivals) ? arrivals : (arrivals?.trace ?? invalid('arrivals must be an array of { queueId, ratePerSec | profile } or { trace }'));
  for (const spec of specs) if (!queueIds.has(spec.queueId)) invalid(`arrivals refer to unknown queue ${JSON.stringify(spec.queueId)}`);
  const response = config.offerResponse ?? {};
  if (response.missProbability !== undefined && !(response.missProbability >= 0 && response.missProbability <= 1)) {
    invalid(`offerResponse.missProbability must be in [0, 1], got ${String(response.missProbability)}`);
  }
  return { config, durationSec, warmupSec, intervalSec, batches, agents, arrivals };
}
