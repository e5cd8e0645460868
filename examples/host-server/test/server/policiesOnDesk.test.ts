import { afterEach, describe, expect, it } from 'vitest';
import { signIn, startChat, startTestServer, testConfig, type TestServer } from './helpers';

// Issue 9 on the desk: the after-chat work the queue's wrap-up policy holds, shown on the agent's desk and ended
// from it (agent.wrapUpDone through the host).

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('routing policies on the desk', () => {
  it('shows a wrap-up after a chat closes, and the agent ends it from the desk', async () => {
    const config = testConfig();
    const queues = config.queues.map((q) => (q.id === 'sales' ? { ...q, policies: { wrapUp: { ms: 60_000 } } } : q));
    server = await startTestServer({ ...config, queues });
    const bob = await signIn(server, 'bob');
    const eve = await startChat(server, 'Eve');
    await bob.next('desk', (f) => f.desk.offers.length === 1);
    expect(await bob.command({ type: 'offer.accept', chatId: eve.chatId })).toMatchObject({ ok: true });
    const status = server.engine.configuration().queues.find((q) => q.id === 'sales')?.closeStatuses[0] as string;
    expect(await bob.command({ type: 'chat.setStatus', chatId: eve.chatId, status })).toMatchObject({ ok: true });
    expect(await bob.command({ type: 'chat.close', chatId: eve.chatId })).toMatchObject({ ok: true });
    await bob.next('desk', (f) => (f.desk.agent.wrapUps ?? []).some((w) => w.chatId === eve.chatId));
    expect(await bob.command({ type: 'agent.wrapUpDone', chatId: eve.chatId })).toMatchObject({ ok: true });
    await bob.next('desk', (f) => (f.desk.agent.wrapUps ?? []).length === 0);
    expect(server.engine.getAgent('bob')?.wrapUps ?? []).toEqual([]);
  });
});

describe('supervisor control from the desk', () => {
  it('lets a supervisor pause, resume and log out a colleague of a supervised queue; others are refused by the engine', async () => {
    server = await startTestServer();
    const carol = await signIn(server, 'carol');
    const bob = await signIn(server, 'bob');
    const alice = await signIn(server, 'alice');
    expect(await carol.command({ type: 'supervisor.pauseAgent', agentId: 'bob', reason: 'coaching' })).toMatchObject({ ok: true });
    expect(server.engine.getAgent('bob')).toMatchObject({ state: 'paused', pause: { reason: 'coaching' } });
    expect(await carol.command({ type: 'supervisor.resumeAgent', agentId: 'bob' })).toMatchObject({ ok: true });
    expect(server.engine.getAgent('bob')?.state).toBe('ready');
    // Alice supervises nothing: the engine refuses, whatever the desk sends as the actor.
    expect(await alice.command({ type: 'supervisor.logoutAgent', agentId: 'bob', supervisorId: 'carol' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await carol.command({ type: 'supervisor.logoutAgent', agentId: 'bob' })).toMatchObject({ ok: true });
    expect(server.engine.getAgent('bob')?.state).toBe('offline');
    bob.close();
  });
});

describe('the forecast on a supervisor desk', () => {
  it('sends supervisors the next half hour of their queues, and nobody else', async () => {
    server = await startTestServer();
    const carol = await signIn(server, 'carol');
    const frame = await carol.next('forecast');
    const { forecast } = frame;
    expect(forecast.horizonMs).toBe(30 * 60_000);
    expect(forecast.queues.map((q) => q.queueId).sort()).toEqual(['sales', 'support']);
    expect(forecast.queues.every((q) => q.intervals.length === 6)).toBe(true);
    const alice = await signIn(server, 'alice');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alice.frames.some((f) => f.type === 'forecast')).toBe(false);
  });
});
