import { createEngine, createManualClock, type DeskState } from 'chatroute';

/**
 * What one chat's lifecycle (start → offer → accept → message → status → close) costs the engine when `watchers`
 * agents of the queue have a desk open, while 50 chats wait in the queue (so every desk shows a waiting list).
 * `mode: 'incremental'`: each watcher subscribes `deskChanges$` (a host forwards the bytes), and one subscriber takes
 * `queueChanges$` (serialized once, as a host would). `mode: 'desk$'`: each watcher subscribes `desk$`; `'none'`: no desk. Returns CPU µs
 * per lifecycle and the changes and bytes produced per lifecycle.
 */
export function deskLifecycleCost(watchers: number, mode: 'incremental' | 'desk$' | 'none', count = 500): { cpuUsPerLifecycle: number; changesPerLifecycle: number; bytesPerLifecycle: number } {
  const clock = createManualClock(0);
  const agents = Array.from({ length: watchers + 1 }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, capacity: 1, queues: ['q'] }));
  const engine = createEngine({ clock, queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }], agents, retainFinishedChats: 0 });
  // Only a0 works; the others are paused and merely see the queue.
  for (const a of agents) engine.dispatch({ type: 'agent.login', agentId: a.id });
  for (const a of agents.slice(1)) engine.dispatch({ type: 'agent.pause', agentId: a.id, reason: 'watching', paid: true });
  let changes = 0;
  let bytes = 0;
  const states = new Map<string, DeskState>();
  if (mode === 'incremental') {
    for (const a of agents) {
      engine.deskChanges$(a.id).subscribe((c) => {
        changes++;
        bytes += JSON.stringify(c).length;
        if (c.type === 'desk.init') states.set(a.id, c.state);
      });
    }
    engine.queueChanges$().subscribe((c) => {
      changes++;
      bytes += JSON.stringify(c).length;
    });
  } else if (mode === 'desk$') {
    for (const a of agents) {
      engine.desk$(a.id).subscribe((d) => {
        changes++;
        bytes += JSON.stringify(d).length;
      });
    }
  }
  engine.dispatch({ type: 'agent.pause', agentId: 'a0', reason: 'fill', paid: true });
  for (let i = 0; i < 50; i++) engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: `w${i}` } });
  engine.dispatch({ type: 'agent.resume', agentId: 'a0' });
  // a0 takes the 50 waiting chats first, so every lifecycle below starts with a queue of 50 (refilled as it goes).
  const lifecycle = (name: string) => {
    const r = engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name } });
    if (!r.ok) throw new Error(r.error.message);
    const offered = engine.getAgent('a0')?.offers[0];
    if (offered === undefined) throw new Error('no offer to a0');
    engine.dispatch({ type: 'offer.accept', agentId: 'a0', chatId: offered.chatId });
    engine.dispatch({ type: 'message.send', chatId: offered.chatId, from: { kind: 'customer' }, text: 'hello' });
    engine.dispatch({ type: 'chat.setStatus', agentId: 'a0', chatId: offered.chatId, status: 'done' });
    engine.dispatch({ type: 'chat.close', agentId: 'a0', chatId: offered.chatId });
  };
  for (let i = 0; i < 20; i++) lifecycle(`warm${i}`);
  changes = 0;
  bytes = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) lifecycle(`c${i}`);
  const used = process.cpuUsage(cpu);
  engine.stop();
  return { cpuUsPerLifecycle: (used.user + used.system) / count, changesPerLifecycle: changes / count, bytesPerLifecycle: bytes / count };
}
