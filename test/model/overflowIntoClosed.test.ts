// Found by the policies model on a random seed (CI, Node 24): after a max-wait overflow brings a chat back to a queue
// nobody is logged into, its own overflow target is closed by business hours at that instant, so the chat must stay
// (never be moved into a closed queue). Invariant 18 now exempts a closed overflow target; this run holds it there.
import { it } from 'vitest';
import { AdvanceClock } from './commands/advanceClock';
import { DispatchCommand } from './commands/DispatchCommand';
import { createStartedWorld } from './world';
const config = {"queues":[{"id":"q0","name":"Queue 0","closeStatuses":["done","spam"],"strategy":"longest-idle","offerTimeoutMs":1000,"missedOffer":"unpaid-pause","rejectCooldownMs":0,"policies":{"overflow":{"to":"q1","whenNobodyLoggedIn":true}}},{"id":"q1","name":"Queue 1","closeStatuses":["done","spam"],"strategy":"longest-idle","offerTimeoutMs":1000,"missedOffer":"unpaid-pause","rejectCooldownMs":0,"policies":{"overflow":{"maxWaitMs":4000,"to":"q0","whenNobodyLoggedIn":false},"businessHours":{"timeZone":"UTC","weekly":{"thu":[{"from":"00:00","to":"00:02"},{"from":"00:03","to":"00:09"}]},"whenClosed":"refuse"}}}],"agents":[{"id":"a0","name":"Agent 0","capacity":1,"queues":[{"queueId":"q1","penalty":0}],"supervises":["q0"]}],"seed":0,"presence":{"agentGraceMs":1000,"agentChats":"keep","agentChatsAfterMs":2000,"customerGraceMs":2000}};
it('keeps a chat in an unstaffed queue while its overflow queue is closed, and checks every invariant on the way', () => {
  const world = createStartedWorld(config as never);
  const model = { started: 0 } as never;
  const steps = [new AdvanceClock(44000), new DispatchCommand('start', () => ({ type: 'chat.start', queueId: 'q0', customer: { name: 'customer 0' } })), new AdvanceClock(54370), new AdvanceClock(1630), new AdvanceClock(20000)];
  for (const step of steps) step.run(model, world as never);
});
