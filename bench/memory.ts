import { createActor, setup } from 'xstate';
import { createEngine, createManualClock } from 'chatroute';

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  if (gc === undefined) throw new Error('run the benchmark with node --expose-gc (npm run bench does)');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap per idle agent (10,000 logged in, no chats: actor, router indexes, bookkeeping) and per waiting chat (50,000
 * queued while nobody is logged in: actor, task, waiting-list entry), each as a heap delta after full GCs.
 */
export function heapPerEntity(chats = 50_000, agents = 10_000): { heapBytesPerWaitingChat: number; heapBytesPerIdleAgent: number } {
  const before = heapUsed();
  const engine = createEngine({
    clock: createManualClock(0),
    queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }],
    agents: Array.from({ length: agents }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, capacity: 3, queues: ['q'] })),
  });
  for (let i = 0; i < agents; i++) engine.dispatch({ type: 'agent.login', agentId: `a${i}` });
  const withAgents = heapUsed();
  for (let i = 0; i < agents; i++) engine.dispatch({ type: 'agent.logout', agentId: `a${i}` });
  const beforeChats = heapUsed();
  for (let i = 0; i < chats; i++) engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: `Customer ${i}`, contactId: `c-${i}` } });
  const withChats = heapUsed();
  if (engine.waitingActivities('a0').length !== chats) throw new Error('every chat should be waiting');
  engine.stop();
  return { heapBytesPerWaitingChat: (withChats - beforeChats) / chats, heapBytesPerIdleAgent: (withAgents - before) / agents };
}

/** The floor of any design with one XState actor per chat: heap per started actor of the smallest machine. */
export function heapPerMinimalActor(count = 50_000): number {
  const machine = setup({}).createMachine({ initial: 'a', states: { a: { on: { T: 'b' } }, b: {} } });
  const before = heapUsed();
  const actors = Array.from({ length: count }, () => createActor(machine).start());
  const bytes = heapUsed() - before;
  if (actors.length !== count) throw new Error('unreachable');
  return bytes / count;
}
