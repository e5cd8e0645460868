import { createEngine, createManualClock } from 'chatroute';
import { Router } from '../src/routing/Router';
import { percentile } from './stats';

/**
 * Routing decision latency in a loaded engine: `agents` agents (capacity 1) all busy, `waiting` chats queued. Each
 * step closes one chat, which frees its agent; the router decides which waiting chat that agent gets; the agent
 * accepts; a new chat arrives so the queue stays at `waiting`. The router's planning calls that made an offer are
 * timed (wrapped in place), so the figure is the decision itself, inside real transactions.
 */
export function decisionLatency(agents: number, waiting: number, samples: number) {
  const clock = createManualClock(0);
  const engine = createEngine({
    clock,
    queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }],
    agents: Array.from({ length: agents }, (_, i) => ({ id: `a${i}`, name: `A${i}`, capacity: 1, queues: ['q'] })),
    retainFinishedChats: 0,
  });
  const owner = new Map<string, string>();
  const offers: Array<[string, string]> = [];
  engine.events$.subscribe((e) => {
    if (e.type === 'offer.created') offers.push([e.chatId, e.agentId]);
  });
  const acceptAll = () => {
    while (offers.length > 0) {
      const [chatId, agentId] = offers.pop() as [string, string];
      engine.dispatch({ type: 'offer.accept', agentId, chatId });
      owner.set(agentId, chatId);
    }
  };
  for (let i = 0; i < agents; i++) engine.dispatch({ type: 'agent.login', agentId: `a${i}` });
  for (let i = 0; i < agents + waiting; i++) {
    engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'c' } });
    acceptAll();
  }
  const original = Router.prototype.plan;
  const times: number[] = [];
  Router.prototype.plan = function timed(this: Router, now: number) {
    const t0 = performance.now();
    const decisions = original.call(this, now);
    const dt = performance.now() - t0;
    if (decisions.length > 0) times.push(dt * 1000);
    return decisions;
  };
  try {
    for (let i = 0; i < samples; i++) {
      const agentId = `a${i % agents}`;
      const chatId = owner.get(agentId) as string;
      engine.dispatch({ type: 'chat.setStatus', agentId, chatId, status: 'done' });
      engine.dispatch({ type: 'chat.close', agentId, chatId });
      acceptAll();
      engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'c' } });
    }
  } finally {
    Router.prototype.plan = original;
  }
  engine.stop();
  times.sort((a, b) => a - b);
  return { decisions: times.length, p50Us: percentile(times, 50), p99Us: percentile(times, 99), p999Us: percentile(times, 99.9) };
}
