// A snapshot written before issue 13, when the agent machine kept the slots (offers, chats, wrap-ups) in its context:
// the engine of today restores it to the same state, and goes on from there.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine, createManualClock, type AgentView, type ChatView, type Store, type StoredRecord } from 'chatroute';

interface Fixture {
  readonly now: number;
  readonly store: { readonly formatVersion: number; readonly snapshot: StoredRecord; readonly entries: StoredRecord[] };
  readonly views: { readonly agents: AgentView[]; readonly chats: ChatView[] };
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/before-issue-13.json', import.meta.url), 'utf8')) as Fixture;

/** The fixture as a store: what it held then, and whatever is written now. */
function storeOf(f: Fixture): Store {
  let snapshot = f.store.snapshot;
  const entries = [...f.store.entries];
  return {
    load: () => ({ formatVersion: f.store.formatVersion, snapshot, entries: entries.filter((e) => e.seq > snapshot.seq) }),
    initialize: () => {},
    append: (records) => void entries.push(...records),
    saveSnapshot: (record) => void (snapshot = record),
    truncateAfter: () => {},
    close: () => {},
  };
}

describe('a snapshot from before the agent slots moved into the engine', () => {
  it('restores every agent and chat as they were, and the agents go on from there', () => {
    const clock = createManualClock(fixture.now);
    const engine = createEngine({
      clock,
      store: storeOf(fixture),
      queues: [{ id: 'sales', name: 'Sales', offerTimeoutMs: 30_000, closeStatuses: ['resolved'], policies: { wrapUp: { ms: 60_000 } } }],
      agents: [
        { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
        { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
      ],
    });
    for (const agent of fixture.views.agents) expect(engine.getAgent(agent.id)).toEqual(agent);
    for (const chat of fixture.views.chats) expect(engine.getChat(chat.id)).toEqual(chat);
    // alice: busy with an offer (chat-3) and a wrap-up (chat-1); bob: paused holding chat-2, so he resumes busy.
    expect(engine.dispatch({ type: 'agent.resume', agentId: 'bob' })).toEqual({ ok: true });
    expect(engine.getAgent('bob')?.state).toBe('busy');
    expect(engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: 'chat-3' })).toEqual({ ok: true });
    expect(engine.getAgent('alice')).toMatchObject({ state: 'busy', chats: ['chat-3'], slotsUsed: 2 });
    clock.advanceBy(60_000); // the wrap-up ends: a slot frees
    expect(engine.getAgent('alice')).toMatchObject({ state: 'ready', slotsUsed: 1 });
    engine.dispatch({ type: 'chat.setStatus', agentId: 'bob', chatId: 'chat-2', status: 'resolved' });
    engine.dispatch({ type: 'chat.close', agentId: 'bob', chatId: 'chat-2' });
    expect(engine.getAgent('bob')).toMatchObject({ state: 'busy', chats: [], slotsUsed: 1, wrapUps: [{ chatId: 'chat-2' }] });
  });
});
