import { createEngine, createManualClock, type EngineEvent } from 'chatroute';

const clock = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** Describes one event in plain words, as a supervisor's wallboard would. */
function describe(e: EngineEvent, name: (agentId: string) => string): string | undefined {
  switch (e.type) {
    case 'chat.queued':
      return `${e.chatId} waits in ${e.queueId} (${e.reason})`;
    case 'offer.created': {
      const n = e.notification;
      return `offer to ${name(e.agentId)}: ${n.customer.name} from queue "${n.queue.name}", ${(e.at - n.enqueuedAt) / 1000}s in queue, answer by ${clock(n.expiresAt)}`;
    }
    case 'offer.accepted':
    case 'offer.rejected':
    case 'offer.expired':
      return `${name(e.agentId)}'s offer of ${e.chatId} ${e.type.split('.')[1]}`;
    case 'offer.withdrawn':
      return `${name(e.agentId)}'s offer of ${e.chatId} withdrawn (${e.reason})`;
    case 'chat.assigned':
      return `${e.chatId} is now with ${name(e.agentId)} (${e.via})`;
    case 'message.sent':
      return `${e.message.from.kind === 'agent' ? name(e.message.from.agentId) : 'customer'} in ${e.message.chatId}: "${e.message.text}"`;
    case 'customer.left':
      return `the customer left ${e.chatId}`;
    case 'chat.statusSet':
      return `${name(e.agentId)} sets ${e.chatId} to "${e.status}"`;
    case 'chat.closed':
      return `${name(e.agentId)} closes ${e.chatId} as "${e.status}"`;
    case 'chat.abandoned':
      return `${e.chatId} abandoned after ${e.waitedMs / 1000}s`;
    case 'agent.statusChanged':
      return `${name(e.agentId)} is ${e.state}${e.pause ? ` (${e.pause.paid ? 'paid' : 'unpaid'}: ${e.pause.reason})` : ''}`;
  }
}

/**
 * A small contact-center morning in virtual time: offers, a reject, a missed offer and its unpaid pause,
 * picking from waiting activities, the status required before closing. Prints one line per event.
 */
export function runQuickstart(print: (line: string) => void): void {
  const time = createManualClock(0);
  const engine = createEngine({
    clock: time,
    queues: [
      { id: 'sales', name: 'Sales', offerTimeoutMs: 20_000, closeStatuses: ['sold', 'no-sale'] },
      { id: 'support', name: 'Support', offerTimeoutMs: 20_000, closeStatuses: ['resolved', 'spam'] },
    ],
    agents: [
      { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales', 'support'] },
      { id: 'bob', name: 'Bob', capacity: 1, queues: ['support'] },
    ],
  });
  const name = (agentId: string) => engine.getAgent(agentId)?.name ?? agentId;
  engine.events$.subscribe((e) => {
    const line = describe(e, name);
    if (line !== undefined) print(`[${clock(e.at)}] ${line}`);
  });
  const say = (text: string) => print(`         > ${text}`);
  const wait = (ms: number) => time.advanceBy(ms);

  say('Alice and Bob log in.');
  engine.dispatch({ type: 'agent.login', agentId: 'alice' });
  wait(1_000);
  engine.dispatch({ type: 'agent.login', agentId: 'bob' });

  say('Eve asks Sales about prices. Alice, idle the longest, gets the offer and accepts it.');
  const eve = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve', contactId: 'c-eve' } });
  if (!eve.ok) throw new Error(eve.error.message);
  engine.dispatch({ type: 'message.send', chatId: eve.chatId, from: { kind: 'customer' }, text: 'How much is the pro plan?' });
  wait(4_000);
  engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: eve.chatId });
  engine.dispatch({ type: 'message.send', chatId: eve.chatId, from: { kind: 'agent', agentId: 'alice' }, text: '49 € a month.' });

  say('Sam needs Support. Bob rejects; the chat keeps its place and goes to Alice, who has a free slot.');
  wait(2_000);
  const sam = engine.dispatch({ type: 'chat.start', queueId: 'support', customer: { name: 'Sam' } });
  if (!sam.ok) throw new Error(sam.error.message);
  wait(3_000);
  engine.dispatch({ type: 'offer.reject', agentId: 'bob', chatId: sam.chatId });
  wait(2_000);
  engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: sam.chatId });

  say('Kim needs Support. Bob does not answer in 20 s: the offer expires and Bob goes on an unpaid pause.');
  const kim = engine.dispatch({ type: 'chat.start', queueId: 'support', customer: { name: 'Kim' } });
  if (!kim.ok) throw new Error(kim.error.message);
  wait(21_000);
  const waiting = engine.waitingActivities('bob').map((w) => `${w.customer.name} (${w.queue.name})`);
  say(`Bob's waiting activities: ${waiting.join(', ')}. He resumes and picks Kim himself.`);
  engine.dispatch({ type: 'agent.resume', agentId: 'bob' });
  engine.dispatch({ type: 'chat.pick', agentId: 'bob', chatId: kim.chatId });

  say('Alice tries to close Eve\'s chat without a status, is told to choose one, and closes it.');
  const refused = engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: eve.chatId });
  if (!refused.ok) say(`refused: ${refused.error.code}: ${refused.error.message}`);
  engine.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId: eve.chatId, status: 'sold' });
  engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: eve.chatId });

  say('Sam leaves; Alice still owes a status before her slot frees up.');
  wait(30_000);
  engine.dispatch({ type: 'customer.leave', chatId: sam.chatId });
  engine.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId: sam.chatId, status: 'resolved' });
  engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: sam.chatId });

  const alice = engine.getAgent('alice');
  say(`Alice: ${alice?.state}, ${alice?.slotsUsed}/${alice?.capacity} slots used.`);
  engine.stop();
}
