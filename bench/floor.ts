import { createActor, setup } from 'xstate';
import { createEngine, createManualClock } from 'chatroute';

/** The smallest machine XState can run: two states toggling on one event. */
const minimal = setup({}).createMachine({ initial: 'a', states: { a: { on: { T: 'b' } }, b: { on: { T: 'a' } } } });

/** Actor creations and events the engine performs per chat lifecycle (start → offer → accept → status → close). */
export function countActorWork(): { creations: number; events: number } {
  let creations = 0;
  let events = 0;
  const engine = createEngine({
    clock: createManualClock(0),
    queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }],
    agents: [{ id: 'a', name: 'A', capacity: 1, queues: ['q'] }],
    inspect: (e) => {
      if (e.type === '@xstate.actor') creations++;
      if (e.type === '@xstate.event' && !e.event.type.startsWith('xstate.')) events++;
    },
  });
  engine.dispatch({ type: 'agent.login', agentId: 'a' });
  const before = { creations, events };
  const r = engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'c' } });
  if (!r.ok) throw new Error(r.error.message);
  engine.dispatch({ type: 'offer.accept', agentId: 'a', chatId: r.chatId });
  engine.dispatch({ type: 'chat.setStatus', agentId: 'a', chatId: r.chatId, status: 'done' });
  engine.dispatch({ type: 'chat.close', agentId: 'a', chatId: r.chatId });
  return { creations: creations - before.creations, events: events - before.events };
}

/**
 * The XState floor: the same number of actor creations and transitions as `lifecycles` lifecycles, on the
 * minimal machine, with the same number of actors alive at once as the engine benchmark holds open chats (`live`),
 * so garbage collection sees the same population. Returns CPU microseconds per lifecycle (CPU time, not wall time,
 * so that a busy shared machine inflates neither side of the ratio).
 */
export function xstateFloorUsPerLifecycle(lifecycles: number, live = 0): number {
  const { creations, events } = countActorWork();
  const alive: unknown[] = new Array(Math.max(1, live));
  const cpu = process.cpuUsage();
  for (let i = 0; i < lifecycles; i++) {
    let actor = createActor(minimal).start();
    for (let c = 1; c < creations; c++) actor = createActor(minimal).start();
    for (let e = 0; e < events; e++) actor.send({ type: 'T' });
    alive[i % alive.length] = actor;
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / lifecycles;
}
