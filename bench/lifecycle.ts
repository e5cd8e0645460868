import { createEngine, createManualClock, type Engine, type EngineOptions } from 'chatroute';

/** A contact center of `agents` agents × `capacity`, all logged in, on a manual clock. */
export function contactCenter(agents: number, capacity: number, extra: Partial<EngineOptions> = {}): { engine: Engine; offers: Map<string, string> } {
  const engine = createEngine({
    ...extra,
    clock: createManualClock(0),
    queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }],
    agents: Array.from({ length: agents }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, capacity, queues: ['q'] })),
    retainFinishedChats: 0,
  });
  // chatId → agentId of its pending offer, as a host would track notifications.
  const offers = new Map<string, string>();
  engine.events$.subscribe((e) => {
    if (e.type === 'offer.created') offers.set(e.chatId, e.agentId);
  });
  for (let i = 0; i < agents; i++) engine.dispatch({ type: 'agent.login', agentId: `a${i}` });
  return { engine, offers };
}

/**
 * Full chat lifecycles per second: start → offer → accept → status → close, with half of all slots busy so
 * routing works on a realistic pool.
 */
export function lifecycles(
  agents: number,
  capacity: number,
  count: number,
  extra: Partial<EngineOptions> = {},
  /** Called once the contact center is set up, as the measured lifecycles begin. */
  onStart?: () => void,
): { lifecyclesPerSec: number; usPerLifecycle: number; cpuUsPerLifecycle: number } {
  const { engine, offers } = contactCenter(agents, capacity, extra);
  onStart?.();
  const open: Array<[string, string]> = [];
  const target = Math.floor((agents * capacity) / 2);
  let head = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const r = engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'c' } });
    if (!r.ok) throw new Error(r.error.message);
    const agentId = offers.get(r.chatId);
    if (agentId === undefined) throw new Error('no offer: the bench keeps slots free, so every chat must be offered');
    offers.delete(r.chatId);
    engine.dispatch({ type: 'offer.accept', agentId, chatId: r.chatId });
    open.push([r.chatId, agentId]);
    if (open.length - head > target) {
      const [chatId, owner] = open[head++] as [string, string];
      engine.dispatch({ type: 'chat.setStatus', agentId: owner, chatId, status: 'done' });
      engine.dispatch({ type: 'chat.close', agentId: owner, chatId });
    }
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // A durable engine's stop() writes a final snapshot: not part of the lifecycle figure.
  if (extra.store === undefined) engine.stop();
  return { lifecyclesPerSec: (count / ms) * 1000, usPerLifecycle: (ms * 1000) / count, cpuUsPerLifecycle: (used.user + used.system) / count };
}
