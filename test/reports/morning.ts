import { createEngine, createManualClock, type EngineEvent } from 'chatroute';

export const queues = [{ id: 'sales', name: 'Sales', closeStatuses: ['won', 'lost'], offerTimeoutMs: 10_000, serviceLevelMs: 20_000, shortAbandonMs: 5_000 }];
export const agents = [
  { id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] },
  { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
];

/** A small morning whose figures are worked out by hand in the tests. */
export function morning() {
  const clock = createManualClock(0);
  const engine = createEngine({ clock, queues, agents });
  const events: EngineEvent[] = [];
  engine.events$.subscribe((e) => events.push(e));
  engine.dispatch({ type: 'agent.login', agentId: 'alice' }); // t=0
  // Eve at 0: offered to alice, missed at 10 s (alice paused, unpaid), then bob logs in at 12 s and takes it at 15 s.
  const eve = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'c-eve', email: 'eve@example.com' } });
  clock.advanceTo(10_000);
  clock.advanceTo(12_000);
  engine.dispatch({ type: 'agent.login', agentId: 'bob' });
  clock.advanceTo(15_000);
  if (!eve.ok) throw new Error('eve');
  engine.dispatch({ type: 'offer.accept', agentId: 'bob', chatId: eve.chatId });
  engine.dispatch({ type: 'message.send', chatId: eve.chatId, from: { kind: 'customer' }, text: 'hi, =cmd|stuff' });
  clock.advanceTo(75_000);
  engine.dispatch({ type: 'chat.setStatus', agentId: 'bob', chatId: eve.chatId, status: 'won' });
  engine.dispatch({ type: 'chat.close', agentId: 'bob', chatId: eve.chatId }); // handled 60 s
  // Sam at 16 min: nobody free (alice paused); he leaves after 3 s: a short abandon, in the second interval.
  clock.advanceTo(16 * 60_000);
  engine.dispatch({ type: 'agent.pause', agentId: 'bob', reason: 'lunch', paid: false });
  const sam = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Sam' } });
  clock.advanceBy(3_000);
  if (!sam.ok) throw new Error('sam');
  engine.dispatch({ type: 'customer.leave', chatId: sam.chatId });
  return { engine, clock, events, eve: eve.chatId, sam: sam.chatId };
}

