import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, createManualClock, type Engine } from 'chatroute';
import { createSqliteStore } from 'chatroute/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { IntervalsAnswer } from '../../src/shared/webhooks';
import { startTestServer, tempDir, testConfig, type TestServer } from './helpers';

// Issue 18 (left over): the host's report follower on an old data folder whose event log no longer reaches back to
// seq 0 (`cursor-expired`) goes on from the oldest event kept, never stalls, and shows the gap: on the supervisor's
// interval answer, in /metrics and in the log.

const servers: TestServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const config = testConfig();
const RETAIN = 40;

/** Work on the engine: `n` chats in sales, taken by alice and closed. */
function work(engine: Engine, clock: ReturnType<typeof createManualClock>, n: number, prefix: string): void {
  for (let i = 0; i < n; i++) {
    const r = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: `${prefix} customer ${i}` } });
    if (!r.ok) throw new Error(r.error.message);
    engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: r.chatId });
    clock.advanceBy(2_000);
    const status = config.queues.find((q) => q.id === 'sales')?.closeStatuses?.[0];
    if (status !== undefined) engine.dispatch({ type: 'chat.setStatus', agentId: 'alice', chatId: r.chatId, status });
    engine.dispatch({ type: 'chat.close', agentId: 'alice', chatId: r.chatId });
  }
}

describe('reports on a data folder whose event log moved past 0', () => {
  it('start from the oldest event kept, mark the gap on the supervisor answer, /metrics and the log, and go on', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const path = join(dir, 'engine.db');
    const clock = createManualClock(Date.UTC(2026, 11, 8, 9));
    // An old folder: a day of work with a short event retention, so events 1… are gone from the archive.
    const open = () => createEngine({ clock, queues: config.queues, agents: config.agents, store: createSqliteStore({ path }), eventRetention: RETAIN, snapshotEvery: 10 });
    const old = open();
    old.dispatch({ type: 'agent.login', agentId: 'alice' });
    work(old, clock, 30, 'old');
    old.stop();
    let engine: Engine | undefined;
    const server = await startTestServer(config, {
      dataDir: join(dir, 'data'),
      clock,
      openEngine: async () => (engine = open()),
    });
    servers.push(server);
    if (engine === undefined) throw new Error('the host did not open the engine');
    const expired = await engine.eventsAfter(0);
    expect(!expired.ok && expired.error.code).toBe('cursor-expired');
    const oldest = !expired.ok ? (expired.error.oldestSeq as number) : 0;

    await server.context.records.caughtUp();
    const gap = { afterSeq: 0, resumedAt: oldest, at: clock.now() };
    expect(server.context.records.reportGaps).toEqual([gap]);
    expect(server.context.records.stats()).toMatchObject({ reportError: null, reportGaps: 1, reportEventsSkipped: oldest - 1, reportSeq: engine.metrics().lastEventSeq });

    const signIn = await fetch(`${server.url}/api/admin/sign-in`, { method: 'POST', body: JSON.stringify({ user: 'admin', password: 'admin-demo' }) });
    const { token } = (await signIn.json()) as { token: string };
    const day = async () => {
      const from = Date.UTC(2026, 11, 8);
      const response = await fetch(`${server.url}/api/reports/intervals?from=${from}&to=${from + 86_400_000}`, { headers: { Authorization: `Bearer ${token}` } });
      return (await response.json()) as IntervalsAnswer;
    };
    const first = await day();
    expect(first.gaps).toEqual([gap]);
    // What the kept events hold is rebuilt: the chats recorded within the retention are counted.
    const handled = first.intervals.filter((i) => i.queueId === 'sales').reduce((n, i) => n + i.answered, 0);
    expect(handled).toBeGreaterThan(0);
    expect(handled).toBeLessThan(30);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^chatroute_host_report_gaps 1$/m);
    expect(metrics).toMatch(new RegExp(`^chatroute_host_report_events_skipped ${oldest - 1}$`, 'm'));
    const logged = server.logs.filter((line) => line.includes('the reports skipped events past the event retention'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`"resumedAt":${oldest}`);
    expect(server.logs.join('\n')).not.toContain('old customer');

    // Never stalls: new work is reported, with no new gap.
    work(engine, clock, 3, 'new');
    await server.context.records.caughtUp();
    const second = await day();
    expect(second.intervals.filter((i) => i.queueId === 'sales').reduce((n, i) => n + i.answered, 0)).toBe(handled + 3);
    expect(second.gaps).toEqual([gap]);
    expect(second.seq).toBe(engine.metrics().lastEventSeq);
  });
});
