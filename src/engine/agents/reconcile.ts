import type { AgentState, Pause } from '../../model/agent';
import { recordWork, workFlags } from '../stats/work';
import type { AgentRecord, EngineContext, TimeBucket } from '../ports';
import { agentStateOf } from '../ports';
import { dropWrapUps } from './wrapUps';
import { clearAgentPresence } from './withdrawOffers';

function bucketOf(state: AgentState, pause: Pause | null): TimeBucket {
  if (state === 'paused') return pause?.paid ? 'pausedPaid' : 'pausedUnpaid';
  return state;
}

/**
 * Settles an agent whose actor or slots changed: announces a new state (`agent.statusChanged`), moves its time into
 * the new bucket, ends what a logout ends (presence, wrap-ups), and records its work for occupancy.
 */
export function reconcileAgent(ctx: EngineContext, agent: AgentRecord, retentionMs: number): void {
  const snapshot = agent.actor.getSnapshot();
  const context = snapshot.context;
  const state = agentStateOf(snapshot.value);
  if (state !== agent.reportedState || context.pause !== agent.reportedPause) {
    const previous = agent.reportedState;
    const now = ctx.clock.now();
    agent.time[agent.bucket] += now - agent.bucketSince;
    agent.bucket = bucketOf(state, context.pause);
    agent.bucketSince = now;
    agent.reportedState = state;
    agent.reportedPause = context.pause;
    ctx.emit({ type: 'agent.statusChanged', agentId: agent.config.id, state, previous, ...(context.pause ? { pause: context.pause } : {}) });
    // Presence is about a logged-in agent's connection: logging out (or being logged out) ends it.
    if (state === 'offline') clearAgentPresence(ctx, agent);
  }
  if (agent.wrapUps.size > 0 || agent.bucket === 'wrapUp') wrapUpBucket(ctx, agent, state);
  recordWork(agent.work, workFlags(state, agent.chats.length), ctx.clock.now(), retentionMs);
}

/** After-chat work is its own bucket of time in state: wrap-ups held, no chat, not paused. Logging out drops them. */
function wrapUpBucket(ctx: EngineContext, agent: AgentRecord, state: AgentState): void {
  if (state === 'offline') dropWrapUps(ctx, agent);
  const bucket = state !== 'offline' && state !== 'paused' && agent.wrapUps.size > 0 && agent.chats.length === 0 ? 'wrapUp' : bucketOf(state, agent.reportedPause);
  if (bucket === agent.bucket) return;
  const now = ctx.clock.now();
  agent.time[agent.bucket] += now - agent.bucketSince;
  agent.bucket = bucket;
  agent.bucketSince = now;
}

export { bucketOf };
