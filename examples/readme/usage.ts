import { createEngine, createManualClock } from 'chatroute';

const clock = createManualClock(0); // virtual time; the default is the system clock
const engine = createEngine({
  clock,
  queues: [{ id: 'sales', name: 'Sales', offerTimeoutMs: 20_000, closeStatuses: ['resolved', 'spam'] }],
  agents: [{ id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] }],
});
engine.events$.subscribe((e) => console.log(e.at, e.type));

engine.dispatch({ type: 'agent.login', agentId: 'alice' });
const chat = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
if (!chat.ok) throw new Error(chat.error.message);
clock.advanceBy(5_000);
engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: chat.chatId });
engine.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId: chat.chatId, status: 'resolved' });
engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: chat.chatId });
