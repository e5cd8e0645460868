// What the takeover bench's driver and nodes share: the contact center, the lines a node prints, and the journal
// tail the driver writes before the first node starts.
import { createManualClock, openEngine, type AgentConfig, type QueueConfig } from '../src/index';
import type { PostgresStore } from '../src/postgres/index';

export const queues: QueueConfig[] = [{ id: 'q', name: 'Q', closeStatuses: ['done'] }];
export const agents: AgentConfig[] = Array.from({ length: 20 }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, capacity: 3, queues: ['q'] }));

/** A line from a node (stdout). */
export type NodeLine =
  | { readonly k: 'owner'; readonly node: string; readonly epoch: number; readonly recoveryMs: number }
  | { readonly k: 'stepped-down'; readonly node: string; readonly epoch: number; readonly afterServingMs: number; readonly why: string }
  | { readonly k: 'ack'; readonly id: number; readonly ok: boolean }
  | { readonly k: 'nack'; readonly id: number };

/**
 * Writes a journal of at least `entries` entries and no snapshot after the first (whole lifecycles: start, accept,
 * two messages, status, close), then releases the lease without the final snapshot a stop would write, so the next
 * owner replays all of it. Times advance 50 ms per command from `startAt`; nothing is left pending.
 */
export async function writeTail(store: PostgresStore, entries: number, startAt: number): Promise<number> {
  await store.acquire();
  const clock = createManualClock(startAt);
  const engine = await openEngine({ store, clock, queues, agents, snapshotEvery: 1_000_000_000 });
  const step = <T>(result: T): T => {
    clock.advanceBy(50);
    return result;
  };
  for (const agent of agents) step(engine.dispatch({ type: 'agent.login', agentId: agent.id }));
  let written = agents.length;
  for (let i = 0; written < entries; i++) {
    const r = step(engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: `Customer ${i}`, contactId: `c-${i % 50}` } }));
    if (!r.ok) throw new Error(r.error.message);
    const agentId = engine.getChat(r.chatId)?.offers[0]?.agentId;
    if (agentId === undefined) throw new Error('no offer');
    step(engine.dispatch({ type: 'offer.accept', agentId, chatId: r.chatId }));
    step(engine.dispatch({ type: 'message.send', chatId: r.chatId, from: { kind: 'customer' }, text: `hello ${i}` }));
    step(engine.dispatch({ type: 'message.send', chatId: r.chatId, from: { kind: 'agent', agentId }, text: `hi ${i}` }));
    step(engine.dispatch({ type: 'chat.setStatus', agentId, chatId: r.chatId, status: 'done' }));
    step(engine.dispatch({ type: 'chat.close', agentId, chatId: r.chatId }));
    written += 6;
    if (i % 100 === 99) await engine.flush();
  }
  await engine.flush();
  await store.release();
  return written;
}
