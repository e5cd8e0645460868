import type { AgentState } from '../model/agent';
import { agentStateOf, chatStateOf, type EngineState } from '../engine/ports';
import type { EngineMeter } from './EngineMeter';
import type { EngineMetrics } from './types';

/** What `engine.metrics()` returns: the meter's counters and histograms, and the gauges read off the engine now. */
export function metricsOf(state: EngineState, meter: EngineMeter, lastEventSeq: number, uncommitted: number): EngineMetrics {
  const now = state.clock.now();
  const waiting = new Map<string, { waiting: number; oldest: number }>();
  for (const queueId of state.queues.keys()) waiting.set(queueId, { waiting: 0, oldest: now });
  let passivated = 0;
  for (const chat of state.chats.values()) {
    if (!chat.actor.live) passivated++;
    const { value, context } = chat.actor.getSnapshot();
    const s = chatStateOf(value);
    if ((s !== 'queued' && s !== 'offered') || context.reservedFor !== null) continue;
    const entry = waiting.get(context.queueId);
    if (entry === undefined) continue;
    entry.waiting++;
    if (chat.waitStartedAt < entry.oldest) entry.oldest = chat.waitStartedAt;
  }
  const agents: Record<AgentState, number> & { disconnected: number } = { offline: 0, ready: 0, busy: 0, paused: 0, disconnected: 0 };
  for (const agent of state.agents.values()) {
    const s = agentStateOf(agent.actor.getSnapshot().value);
    agents[s]++;
    if (agent.presence !== null && s !== 'offline') agents.disconnected++;
  }
  const commands: Record<string, { accepted: number; refused: Record<string, number> }> = {};
  for (const [type, counts] of meter.commands) commands[type] = { accepted: counts.accepted, refused: { ...counts.refused } };
  return {
    commands,
    invalidCommands: meter.invalidCommands,
    dispatchMs: meter.dispatchMs.data(),
    timers: Object.fromEntries(meter.timers),
    timerMs: meter.timerMs.data(),
    lastEventSeq,
    journal: {
      entries: meter.journalEntries,
      appendMs: meter.appendMs.data(),
      snapshots: meter.snapshots,
      snapshotMs: meter.snapshotMs.data(),
      commits: meter.commits,
      commitMs: meter.commitMs.data(),
      uncommitted,
    },
    recovery: meter.recovery,
    queues: [...waiting].map(([queueId, w]) => ({ queueId, waiting: w.waiting, oldestWaitMs: w.waiting === 0 ? 0 : now - w.oldest })),
    agents,
    chats: { live: state.chats.size, passivated },
  };
}
