import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, startTestServer, type TestFrame, type TestServer } from './helpers';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const rawInit = (frames: readonly TestFrame[]) => frames.find((f): f is Extract<TestFrame, { type: 'desk.init' }> => f.type === 'desk.init');

describe('the directory over the protocol', () => {
  it('desk.init carries the queues and the directory version, not the colleagues', async () => {
    const alice = await signIn(server, 'alice');
    await alice.next('desk');
    expect(rawInit(alice.frames)?.state.desk.directory).toEqual({ version: 0, queues: [{ id: 'sales', name: 'Sales' }, { id: 'support', name: 'Support' }] });
    alice.close();
  });

  it('answers a directory query with colleagues by name and their availability, searched and paged', async () => {
    const alice = await signIn(server, 'alice');
    const bob = await signIn(server, 'bob');
    expect(await alice.request({ query: { type: 'directory' } })).toEqual({
      ok: true,
      version: 0,
      total: 2,
      offset: 0,
      agents: [
        { agentId: 'bob', name: 'Bob', state: 'ready', available: true, freeSlots: 3, queues: ['sales'] },
        { agentId: 'carol', name: 'Carol', state: 'offline', available: false, freeSlots: 2, queues: ['support'] },
      ],
      queues: [
        { id: 'sales', name: 'Sales', loggedIn: 2, available: 2 },
        { id: 'support', name: 'Support', loggedIn: 1, available: 1 },
      ],
    });
    expect(await alice.request({ query: { type: 'directory', search: 'car' } })).toMatchObject({ total: 1, agents: [{ agentId: 'carol' }], queues: [] });
    expect(await alice.request({ query: { type: 'directory', offset: 1, limit: 1 } })).toMatchObject({ total: 2, agents: [{ agentId: 'carol' }], queues: [] });
    expect(await alice.request({ query: { type: 'directory', queueIds: ['support'] } })).toMatchObject({ total: 1, agents: [{ agentId: 'carol' }] });
    expect(await bob.request({ query: { type: 'directory', ids: ['alice', 'bob'] } })).toMatchObject({ agents: [{ name: 'Alice' }, { name: 'Bob' }] });
    alice.close();
    bob.close();
  });

  it('refuses a malformed directory query with bad-frame', async () => {
    const alice = await signIn(server, 'alice');
    for (const query of [{ type: 'directory', limit: 1_000 }, { type: 'directory', offset: -1 }, { type: 'directory', search: 7 }, { type: 'directory', ids: 'bob' }, { type: 'directory', everyone: true }]) {
      expect(await alice.request({ query })).toMatchObject({ type: 'error', code: 'bad-frame' });
    }
    alice.close();
  });

  it('sends colleague changes to tabs that loaded a page only, queue changes to every tab', async () => {
    const alice = await signIn(server, 'alice');
    const bob = await signIn(server, 'bob');
    await alice.request({ query: { type: 'directory' } });
    server.engine.dispatch({ type: 'agent.upsert', agent: { id: 'dan', name: 'Dan', capacity: 1, queues: ['sales'] } });
    server.engine.dispatch({ type: 'queue.upsert', queue: { id: 'vip', name: 'VIP', closeStatuses: ['done'] } });
    const queueChange = (f: TestFrame) => f.type === 'desk.change' && f.change.type === 'directory.queue';
    await alice.waitFor(queueChange);
    await bob.waitFor(queueChange);
    const colleagueChanges = (frames: readonly TestFrame[]) => frames.filter((f) => f.type === 'desk.change' && f.change.type === 'directory.agent');
    expect(colleagueChanges(alice.frames)).toEqual([{ type: 'desk.change', change: { type: 'directory.agent', agent: { agentId: 'dan', name: 'Dan' }, version: 1 } }]);
    expect(colleagueChanges(bob.frames)).toEqual([]);
    expect(alice.desk?.directory.version).toBe(2);
    expect(bob.desk?.directory.queues.map((q) => q.id)).toEqual(['sales', 'support', 'vip']);
    // Bob's page, read now, is at the current version and lists Dan.
    expect(await bob.request({ query: { type: 'directory', search: 'dan' } })).toMatchObject({ version: 2, agents: [{ agentId: 'dan' }] });
    alice.close();
    bob.close();
  });
});
