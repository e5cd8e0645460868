import { createActor, setup } from 'xstate';
import { chatMachine } from 'chatroute';
import { lifecycles } from './lifecycle';

/** The smallest machine XState can run: two states toggling on one event. */
const minimal = setup({}).createMachine({ initial: 'a', states: { a: { on: { T: 'b' } }, b: { on: { T: 'a' } } } });

/**
 * Actor creations and events per chat lifecycle, counted in the benchmark's own workload (`lifecycles` with these
 * agents and capacity): how many agent events a lifecycle costs depends on how often agents fill up, which the pool
 * decides, so a one-agent count would misstate the floor.
 */
export function countActorWork(agents = 5_000, capacity = 3, count = 20_000): { creations: number; events: number } {
  let creations = 0;
  let events = 0;
  let counting = false;
  lifecycles(agents, capacity, count, {
    inspect: (e) => {
      if (!counting) return;
      if (e.type === '@xstate.actor') creations++;
      if (e.type === '@xstate.event' && !e.event.type.startsWith('xstate.')) events++;
    },
  }, () => {
    counting = true;
  });
  return { creations: creations / count, events: events / count };
}

/**
 * The XState floor: the same number of actor creations and transitions as `count` lifecycles, on the
 * minimal machine, with the same number of actors alive at once as the engine benchmark holds open chats (`live`),
 * so garbage collection sees the same population. Returns CPU microseconds per lifecycle (CPU time, not wall time,
 * so that a busy shared machine inflates neither side of the ratio).
 */
export function xstateFloorUsPerLifecycle(count: number, live = 0, work = countActorWork()): number {
  const { creations, events } = work;
  const alive: unknown[] = new Array(Math.max(1, live));
  // Fractional averages (0.4 agent events per lifecycle, say) are spread over the lifecycles exactly.
  let createdSoFar = 0;
  let sentSoFar = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    let actor = createActor(minimal).start();
    createdSoFar++;
    while (createdSoFar < creations * (i + 1)) {
      actor = createActor(minimal).start();
      createdSoFar++;
    }
    while (sentSoFar < events * (i + 1)) {
      actor.send({ type: 'T' });
      sentSoFar++;
    }
    alive[i % alive.length] = actor;
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / count;
}

/**
 * The chat machine alone, with no engine around it: CPU microseconds for a created actor with a fact listener, then
 * one offer, its acceptance, a status and the close; and the minimal machine doing the same work (one creation, four
 * events), with the same live population. Their ratio is what the real machine's guards, `assign` and emitted facts
 * cost over XState's floor before any engine code runs.
 */
export function chatMachineAlone(count: number, live = 0): { machineUs: number; floorUs: number; ratio: number } {
  const alive: unknown[] = new Array(Math.max(1, live));
  let facts = 0;
  const time = (work: (i: number) => void): number => {
    const cpu = process.cpuUsage();
    for (let i = 0; i < count; i++) work(i);
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / count;
  };
  const machineUs = time((i) => {
    const actor = createActor(chatMachine, { input: { queueId: 'q' } });
    actor.on('*', () => facts++);
    actor.start();
    actor.send({ type: 'OFFER', offers: [{ id: `offer-${i}`, agentId: 'a', kind: 'route', offeredAt: i, expiresAt: i + 30_000, policyQueueId: 'q' }] });
    actor.send({ type: 'ACCEPT', agentId: 'a', at: i });
    actor.send({ type: 'SET_STATUS', agentId: 'a', status: 'done', at: i });
    actor.send({ type: 'CLOSE', agentId: 'a', at: i });
    alive[i % alive.length] = actor;
  });
  const floorUs = time((i) => {
    const actor = createActor(minimal).start();
    for (let e = 0; e < 4; e++) actor.send({ type: 'T' });
    alive[i % alive.length] = actor;
  });
  if (facts !== count * 6) throw new Error(`the chat machine emitted ${facts / count} facts per lifecycle, expected 6 (queued, offer created and accepted, assigned, status, closed)`);
  return { machineUs, floorUs, ratio: machineUs / floorUs };
}
