import { ChatrouteError } from '../../errors/ChatrouteError';
import type { QueueStats } from '../../model/stats';
import { agentStateOf, slotsUsed, type EngineState, type QueueCounters } from '../ports';
import { countsIn } from '../stats/Statistics';
import { workIn } from '../stats/work';

/**
 * `engine.stats()`: figures per queue over the engine's lifetime (running counters) or the last `windowMs` (the
 * per-queue record logs). The formulas are in the README ("Statistics"); what is "now" (waiting, longest wait, waiting
 * over the service-level threshold, estimated wait) is read off the live chats and agents.
 */
export function queueStats(ctx: EngineState, windowMs?: number): readonly QueueStats[] {
  if (windowMs !== undefined && (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs <= 0 || windowMs > ctx.statistics.retentionMs)) {
    throw new ChatrouteError('invalid-argument', `stats({ windowMs }) must be in (0, ${ctx.statistics.retentionMs}] (options.statsRetentionMs), got ${String(windowMs)}`);
  }
  const now = ctx.clock.now();
  const from = windowMs === undefined ? null : now - windowMs;
  const waitingSince = new Map<string, number[]>();
  for (const chat of ctx.chats.values()) {
    const { value, context } = chat.actor.getSnapshot();
    if ((value === 'queued' || value === 'offered') && context.reservedFor === null) {
      const list = waitingSince.get(context.queueId) ?? [];
      list.push(chat.waitStartedAt);
      waitingSince.set(context.queueId, list);
    }
  }
  return Object.freeze(
    [...ctx.queues.values()].map((queue) => {
      const c: QueueCounters =
        from === null ? ctx.statistics.counters(queue.id) : countsIn(ctx.statistics.log(queue.id), from, queue.serviceLevelMs, queue.shortAbandonMs);
      const waiting = waitingSince.get(queue.id) ?? [];
      let oldest = now;
      let overSl = 0;
      for (const since of waiting) {
        if (since < oldest) oldest = since;
        if (now - since > queue.serviceLevelMs) overSl++;
      }
      // Short abandons are left out; a chat still waiting past the threshold already counts as missed.
      const reached = c.answered + (c.abandoned - c.shortAbandoned) + overSl;
      const ahtMs = c.closed === 0 ? null : c.handleMs / c.closed;
      let staffed = 0;
      let handling = 0;
      let slots = 0;
      let freeNow = false;
      for (const agentId of ctx.membersByQueue.get(queue.id) ?? []) {
        const agent = ctx.agents.get(agentId);
        if (agent === undefined) continue;
        const work = workIn(agent.work, from, now);
        staffed += work.staffed;
        handling += work.handling;
        const { value, context } = agent.actor.getSnapshot();
        const state = agentStateOf(value);
        if (state === 'offline' || state === 'paused' || agent.presence !== null || context.leftQueues.includes(queue.id)) continue;
        slots += agent.config.capacity;
        if (state === 'ready' && agent.offers.length === 0 && slotsUsed(agent) < agent.config.capacity) freeNow = true;
      }
      let estimatedWaitMs: number | null = null;
      if (slots > 0 && waiting.length === 0 && freeNow) estimatedWaitMs = 0;
      else if (slots > 0 && ahtMs !== null) estimatedWaitMs = ((waiting.length + 1) * ahtMs) / slots;
      return Object.freeze({
        queueId: queue.id,
        waiting: waiting.length,
        longestWaitMs: waiting.length === 0 ? 0 : now - oldest,
        offered: c.offered,
        answered: c.answered,
        abandoned: c.abandoned,
        answeredWithinSl: c.answeredWithinSl,
        serviceLevel: reached === 0 ? 1 : c.answeredWithinSl / reached,
        serviceLevelMs: queue.serviceLevelMs,
        shortAbandoned: c.shortAbandoned,
        shortAbandonMs: queue.shortAbandonMs,
        waitingOverSl: overSl,
        asaMs: c.answered === 0 ? null : c.waitAnsweredMs / c.answered,
        closed: c.closed,
        ahtMs,
        occupancy: staffed === 0 ? null : handling / staffed,
        estimatedWaitMs,
        windowMs: windowMs ?? null,
      });
    }),
  );
}
