import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, startChat, startTestServer, type TestServer } from './helpers';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

// Issue 21: the supervisor's team panel reads each colleague's state, since when, chats and slots.
describe('the team query', () => {
  it("answers a supervisor with the members of her queues: state and since when, chats, slots of the capacity", async () => {
    const startedAt = server.engine.clock.now();
    const alice = await signIn(server, 'alice');
    const carol = await signIn(server, 'carol');
    const eve = await startChat(server, 'Eve', 'sales');
    await alice.next('desk', (f) => f.desk.offers.some((o) => o.chatId === eve.chatId) || f.desk.chats.length > 0);
    if (server.engine.getChat(eve.chatId)?.offer?.agentId === 'alice') expect(await alice.command({ type: 'offer.accept', chatId: eve.chatId })).toMatchObject({ ok: true });
    const team = await carol.request({ query: { type: 'team' } });
    expect(team).toMatchObject({ ok: true });
    const agents = (team as unknown as { agents: Array<Record<string, unknown>> }).agents;
    expect(agents.map((a) => a.agentId)).toEqual(['alice', 'bob']);
    const [a, b] = agents as [Record<string, unknown>, Record<string, unknown>];
    // Alice signed in after the server started: her state's start is known (ready: one chat of three slots).
    expect(a).toMatchObject({ name: 'Alice', state: 'ready', sinceKnown: true, chats: 1, slotsUsed: 1, capacity: 3 });
    expect(a.since as number).toBeGreaterThanOrEqual(startedAt);
    // Bob never did: offline at least since the server started.
    expect(b).toMatchObject({ name: 'Bob', state: 'offline', sinceKnown: false, chats: 0, slotsUsed: 0, capacity: 3 });
    expect(b.since as number).toBeLessThanOrEqual(startedAt);
    alice.close();
    carol.close();
    eve.client.close();
  });

  it('refuses an agent who supervises no queue, and a query with more than its type', async () => {
    const bob = await signIn(server, 'bob');
    expect(await bob.request({ query: { type: 'team' } })).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'only a supervisor sees a team: you supervise no queue' } });
    const carol = await signIn(server, 'carol');
    expect(await carol.request({ query: { type: 'team', limit: 5 } })).toMatchObject({ type: 'error' });
    bob.close();
    carol.close();
  });
});
