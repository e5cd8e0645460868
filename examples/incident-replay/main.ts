// The flight recorder, end to end: a morning is recorded (an archiving store keeps every journaled input), a
// supervisor reports "chat-2 got stuck", and the journal is replayed to the moment it went wrong and turned into a
// minimal failing test. Run: npx tsx examples/incident-replay/main.ts
import { createArchivingStore, replayJournal, toTestCase } from 'chatroute/replay';
import { createEngine, createManualClock, createMemoryStore, type Engine } from 'chatroute';

export function incident(print: (line: string) => void): void {
  // 1. Live: the engine runs on a store whose every entry is also written to an archive (a file in production).
  const archive: string[] = [];
  const clock = createManualClock(Date.UTC(2026, 10, 30, 9));
  const engine = createEngine({
    clock,
    store: createArchivingStore(createMemoryStore(), { write: (line) => archive.push(line) }),
    queues: [{ id: 'care', name: 'Care', closeStatuses: ['solved'] }],
    agents: [
      { id: 'alice', name: 'Alice', capacity: 1, queues: ['care'] },
      { id: 'bob', name: 'Bob', capacity: 1, queues: [] },
    ],
  });
  engine.dispatch({ type: 'agent.login', agentId: 'alice' });
  engine.dispatch({ type: 'agent.login', agentId: 'bob' });
  engine.dispatch({ type: 'chat.start', queueId: 'care', customer: { name: 'Eve' } });
  engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: 'chat-1' });
  clock.advanceBy(60_000);
  engine.dispatch({ type: 'chat.start', queueId: 'care', customer: { name: 'Ann' } });
  clock.advanceBy(30_000);
  engine.dispatch({ type: 'chat.transfer', agentId: 'alice', chatId: 'chat-1', target: { agentId: 'bob' } });
  engine.dispatch({ type: 'agent.pause', agentId: 'bob', reason: 'meeting', paid: true });
  clock.advanceBy(10 * 60_000);
  const reportedAt = clock.now();
  engine.stop();

  // 2. The report, ten minutes later: "Ann (chat-2) has been waiting forever". Replay the archive up to the report
  //    and find where she first waits over 5 minutes (with nothing journaled since, that is the report's time).
  const journal = archive.join('');
  // Specific enough that minimizing keeps the cause: Ann waits although Alice, who serves Care, is at work.
  const stuck = (e: Engine) => {
    const chat = e.getChat('chat-2');
    const waits = chat?.state === 'queued' && e.clock.now() - chat.enqueuedAt > 5 * 60_000;
    return waits && e.getAgent('alice')?.state !== 'offline' ? 'chat-2 waits over 5 minutes while Alice is logged in' : undefined;
  };
  const { source, failure } = toTestCase(journal, {
    check: stuck,
    at: reportedAt,
    minimize: true,
    assertion: "expect(engine.getChat('chat-2')?.state).not.toBe('queued');",
  });
  print(`fails after entry ${failure?.seq}: ${failure?.message}`);

  // 3. Look at that moment exactly as the live engine saw it: why does nobody take her?
  const { engine: then, chatIds } = replayJournal({ journal, to: failure?.seq, at: reportedAt });
  for (const id of chatIds) {
    const chat = then.getChat(id);
    print(`${id}: ${chat?.state}, waiting for ${JSON.stringify(chat?.waitingFor ?? null)}, with ${chat?.participants.map((p) => p.agentId).join(', ') || 'nobody'}`);
  }
  for (const id of ['alice', 'bob']) {
    const agent = then.getAgent(id);
    print(`${id}: ${agent?.state}${agent?.pause ? ` (${agent.pause.reason}, ${agent.pause.paid ? 'paid' : 'unpaid'})` : ''}`);
  }

  // 4. The cause, which the minimal test keeps: Care's only agent misses an offer (here, while handing chat-1 over),
  //    the missed-offer pause takes her off the queue, and nobody is left. The failing test, to commit with the
  //    routing change that fixes it (a second Care agent, or missedOffer: 'none'):
  print(source);
}

if (import.meta.url === `file://${process.argv[1]}`) incident(console.log);
