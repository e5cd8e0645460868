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
      const what = n.kind === 'invite' ? `an invitation from ${n.from?.name} to join` : n.kind === 'transfer' ? `a transfer from ${n.from?.name}:` : 'an offer:';
      return `${name(e.agentId)} gets ${what} ${n.customer.name} (queue "${n.queue.name}", ${(e.at - n.enqueuedAt) / 1000}s in queue), answer by ${clock(n.expiresAt)}`;
    }
    case 'offer.accepted':
    case 'offer.rejected':
    case 'offer.expired':
      return `${name(e.agentId)}'s offer of ${e.chatId} ${e.type.split('.')[1]}`;
    case 'offer.withdrawn':
      return `${name(e.agentId)}'s offer of ${e.chatId} withdrawn (${e.reason})`;
    case 'chat.assigned':
      return `${e.chatId} is now with ${name(e.agentId)} (${e.via})`;
    case 'participant.joined':
      return `${name(e.agentId)} joins ${e.chatId}`;
    case 'participant.left':
      return `${name(e.agentId)} leaves ${e.chatId} (${e.reason})`;
    case 'chat.ownerChanged':
      return `${e.chatId} is now owned by ${name(e.owner)}`;
    case 'chat.transferred':
      return `${name(e.agentId)} transfers ${e.chatId} to ${'agentId' in e.target ? name(e.target.agentId) : `queue ${e.target.queueId}`}`;
    case 'message.sent': {
      const who = e.message.from.kind === 'agent' ? name(e.message.from.agentId) : e.message.from.kind;
      return `${who} in ${e.message.chatId}: "${e.message.text}"`;
    }
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
    default:
      return undefined;
  }
}

/**
 * A small contact-center morning in virtual time: offers, a reject, a missed offer and its unpaid pause, picking
 * from waiting activities, an invitation (two agents in one chat, then one leaves), a transfer, and the status
 * required before closing. Prints one line per event.
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
      { id: 'bob', name: 'Bob', capacity: 2, queues: ['support'] },
    ],
  });
  const name = (agentId: string) => engine.getAgent(agentId)?.name ?? agentId;
  engine.events$.subscribe((e) => {
    const line = describe(e, name);
    if (line !== undefined) print(`[${clock(e.at)}] ${line}`);
  });
  const say = (text: string) => print(`         > ${text}`);
  const wait = (ms: number) => time.advanceBy(ms);
  const start = (queueId: string, customer: string) => {
    const r = engine.dispatch({ type: 'chat.start', queueId, customer: { name: customer } });
    if (!r.ok) throw new Error(r.error.message);
    return r.chatId;
  };

  say('Alice and Bob log in.');
  engine.dispatch({ type: 'agent.login', agentId: 'alice' });
  wait(1_000);
  engine.dispatch({ type: 'agent.login', agentId: 'bob' });

  say('Eve asks Sales about prices. Alice gets the offer and accepts it.');
  const eve = start('sales', 'Eve');
  engine.dispatch({ type: 'message.send', chatId: eve, from: { kind: 'customer' }, text: 'Does the pro plan include support?' });
  wait(4_000);
  engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: eve });

  say('Sam needs Support. Bob rejects; the chat keeps its place and goes to Alice, who has a free slot.');
  const sam = start('support', 'Sam');
  wait(3_000);
  engine.dispatch({ type: 'offer.reject', agentId: 'bob', chatId: sam });
  wait(2_000);
  engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: sam });

  say('Kim needs Support. Bob does not answer in 20 s: the offer expires and Bob goes on an unpaid pause.');
  const kim = start('support', 'Kim');
  wait(21_000);
  const waiting = engine.waitingActivities('bob').map((w) => `${w.customer.name} (${w.queue.name})`);
  say(`Bob's waiting activities: ${waiting.join(', ')}. He resumes and picks Kim himself.`);
  engine.dispatch({ type: 'agent.resume', agentId: 'bob' });
  engine.dispatch({ type: 'chat.pick', agentId: 'bob', chatId: kim });

  say('Alice invites Bob into Eve\'s chat; both chat with Eve. Alice leaves; Eve goes on with Bob.');
  engine.dispatch({ type: 'chat.invite', agentId: 'alice', chatId: eve, target: { agentId: 'bob' } });
  wait(2_000);
  engine.dispatch({ type: 'offer.accept', agentId: 'bob', chatId: eve });
  engine.dispatch({ type: 'message.send', chatId: eve, from: { kind: 'agent', agentId: 'bob' }, text: 'Yes: support is included.' });
  engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: eve });
  engine.dispatch({ type: 'message.send', chatId: eve, from: { kind: 'customer' }, text: 'Thanks Bob!' });

  say('Bob tries to close without a status, is told to choose one, and closes.');
  const refused = engine.dispatch({ type: 'chat.close', agentId: 'bob', chatId: eve });
  if (!refused.ok) say(`refused: ${refused.error.code}: ${refused.error.message}`);
  engine.dispatch({ type: 'chat.setStatus', agentId: 'bob', chatId: eve, status: 'sold' });
  engine.dispatch({ type: 'chat.close', agentId: 'bob', chatId: eve });

  say('Alice transfers Sam to Bob; her slot is free at once, and Bob accepts the transfer.');
  wait(10_000);
  engine.dispatch({ type: 'chat.transfer', agentId: 'alice', chatId: sam, target: { agentId: 'bob' } });
  engine.dispatch({ type: 'offer.accept', agentId: 'bob', chatId: sam });

  say('Kim leaves; Bob still owes a status before that slot frees up.');
  wait(30_000);
  engine.dispatch({ type: 'customer.leave', chatId: kim });
  engine.dispatch({ type: 'chat.setStatus', agentId: 'bob', chatId: kim, status: 'resolved' });
  engine.dispatch({ type: 'chat.close', agentId: 'bob', chatId: kim });

  for (const agentId of ['alice', 'bob']) {
    const agent = engine.getAgent(agentId);
    const t = agent?.timeInState;
    say(`${agent?.name}: ${agent?.state}, ${agent?.slotsUsed}/${agent?.capacity} slots; ready ${(t?.ready ?? 0) / 1000}s, busy ${(t?.busy ?? 0) / 1000}s, unpaid pause ${(t?.pausedUnpaid ?? 0) / 1000}s.`);
  }
  engine.stop();
}
