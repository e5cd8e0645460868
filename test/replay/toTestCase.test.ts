import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, createManualClock, createMemoryStore, type Engine } from 'chatroute';
import { exportJournal, replayJournal, toTestCase } from 'chatroute/replay';
import { record } from './recording';

const repo = fileURLToPath(new URL('../..', import.meta.url));
// Under node_modules, so the generated file resolves `vitest` like any test of this repo; outside the test tree.
const cacheDir = join(repo, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const dir = mkdtempSync(join(cacheDir, 'chatroute-test-case-'));
writeFileSync(
  join(dir, 'vitest.config.mjs'),
  `export default { resolve: { alias: [{ find: /^chatroute$/, replacement: ${JSON.stringify(join(repo, 'src', 'index.ts'))} }] }, test: { include: ['*.test.ts'] } };\n`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs generated test files in a child vitest; returns its exit status and output. */
function runVitest(files: Record<string, string>): { status: number | null; output: string } {
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  const child = spawnSync(process.execPath, [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs'), ...Object.keys(files)], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { status: child.status, output: `${child.stdout}${child.stderr}` };
}

describe('toTestCase', () => {
  const live = record(7, 300);
  const lines = exportJournal(live.store);
  // A "stuck chat" query: the first chat still waiting 20 s after it started.
  const stuck = (engine: Engine) =>
    live.chatIds.find((id) => {
      const chat = engine.getChat(id);
      return chat !== undefined && chat.state === 'queued' && engine.clock.now() - chat.enqueuedAt > 20_000;
    });
  const failing = toTestCase(lines, {
    check: (engine) => {
      const id = stuck(engine);
      return id !== undefined && `${id} has waited over 20 s`;
    },
    assertion: 'expect(engine.getChat(CHAT)?.state).not.toBe(\'queued\');',
  });
  const chatId = failing.failure?.message.split(' ')[0] as string;
  const failingSource = failing.source.replace('CHAT', JSON.stringify(chatId));

  it('writes the configuration, each command as a dispatch and each gap as a clock advance', () => {
    const whole = toTestCase(lines);
    expect(whole.upTo).toBe(live.lastSeq);
    expect(whole.failure).toBeUndefined();
    expect(whole.source).toContain(`import { createEngine, createManualClock } from 'chatroute';`);
    expect(whole.source).toContain(`queues: ${JSON.stringify(live.store && JSON.parse(JSON.parse(lines.split('\n')[1] as string).body).queues)}`);
    expect(whole.source).toMatch(/accepted\(\{"type":"agent.login","agentId":"\w+"\}\); \/\/ \d+/);
    expect(whole.source).toMatch(/clock\.advanceTo\(\d+\);\n {2}\/\/ \d+: timer \d+ fired at \d+/);
    expect(whole.source.match(/accepted\(/g)?.length).toBe(lines.split('\n').filter((l) => l.includes('kind\\":\\"command')).length);
  });

  it('cuts at the first entry where the check fails: the shortest failing prefix', () => {
    expect(failing.failure).toBeDefined();
    const seq = failing.upTo;
    expect(failing.failure?.seq).toBe(seq);
    // The live engine agrees: the check holds up to the entry before, and fails after it.
    const before = replayJournal({ journal: lines, to: seq - 1 });
    const after = replayJournal({ journal: lines, to: seq });
    expect(stuck(before.engine)).toBeUndefined();
    expect(stuck(after.engine)).toBe(chatId);
    expect(failingSource).toContain(`// After entry ${seq}: ${chatId} has waited over 20 s`);
    expect(failingSource).not.toContain(`// ${seq + 1}`);
  });

  it('generates tests that run: the whole journal passes and reproduces the state; the cut one fails on its assertion', () => {
    const { engine } = replayJournal({ journal: lines });
    const recordedState = JSON.stringify({
      chats: live.chatIds.map((id) => [engine.getChat(id) ?? null, engine.messages(id)]),
      agents: live.agentIds.map((id) => [engine.getAgent(id), engine.waitingActivities(id)]),
      stats: engine.stats(),
    });
    const whole = toTestCase(lines, {
      name: 'reproduces the recorded state',
      // Every chat and agent view, as the recorded engine answered after its last entry.
      assertion: [
        `const ids = ${JSON.stringify(live.chatIds)};`,
        `const state = JSON.stringify({ chats: ids.map((id) => [engine.getChat(id) ?? null, engine.messages(id)]), agents: ${JSON.stringify(live.agentIds)}.map((id) => [engine.getAgent(id), engine.waitingActivities(id)]), stats: engine.stats() });`,
        `expect(state).toBe(${JSON.stringify(recordedState)});`,
      ].join('\n'),
    });
    const audited = toTestCase(lines, { invariants: true });
    expect(audited.failure).toBeUndefined();
    const passing = runVitest({ 'whole.test.ts': whole.source, 'audited.test.ts': audited.source });
    expect(passing.output).toMatch(/Tests {2}2 passed/);
    expect(passing.status).toBe(0);
    const failed = runVitest({ 'stuck.test.ts': failingSource });
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain(`expected 'queued' not to be 'queued'`);
  });
});

describe('toTestCase minimize', () => {
  it('drops the commands a failure does not need, and the shorter test still fails the same way', () => {
    const live = record(12, 300);
    const lines = exportJournal(live.store);
    // "Some chat waited over 30 s": true of many prefixes; most commands are irrelevant to it.
    const check = (engine: Engine) => {
      for (let i = 1; i <= 400; i++) {
        const chat = engine.getChat(`chat-${i}`);
        if (chat === undefined) continue;
        if (chat.state === 'queued' && engine.clock.now() - chat.enqueuedAt > 30_000) return `chat-${i} waited over 30 s`;
      }
      return undefined;
    };
    // The same condition, as the test's own assertion: the minimized test must still fail on it.
    const assertion = [
      'const waiting = Array.from({ length: 400 }, (_, i) => engine.getChat(`chat-${i + 1}`));',
      "expect(waiting.filter((c) => c?.state === 'queued' && engine.clock.now() - c.enqueuedAt > 30_000)).toEqual([]);",
    ].join('\n');
    const prefix = toTestCase(lines, { check, assertion });
    const minimal = toTestCase(lines, { check, assertion, minimize: true });
    expect(prefix.failure).toBeDefined();
    expect(minimal.failure).toBeDefined();
    const commands = (source: string) => source.match(/accepted\(/g)?.length ?? 0;
    expect(commands(minimal.source)).toBeLessThan(commands(prefix.source));
    expect(commands(minimal.source)).toBeGreaterThanOrEqual(1); // a chat must at least start
    expect(minimal.source).not.toMatch(/timer \d+ fired/);
    const failed = runVitest({ 'minimal.test.ts': minimal.source });
    expect(failed.status).not.toBe(0);
    expect(failed.output).toMatch(/AssertionError: expected \[ \{[^]*\} \] to deeply equal \[\]/);
    expect(failed.output).toContain(`"id": "${minimal.failure?.message.split(' ')[0]}"`);
  });
});

describe('toTestCase at', () => {
  it('checks once more when the clock has run on past the last entry, and ends the test there', () => {
    const store = createMemoryStore();
    const clock = createManualClock(0);
    const engine = createEngine({ clock, store, queues: [{ id: 'q', name: 'Q', closeStatuses: ['done'] }], agents: [] });
    engine.dispatch({ type: 'chat.start', queueId: 'q', customer: { name: 'Eve' } });
    clock.advanceBy(120_000); // nothing journaled: nobody can take the chat
    const check = (e: Engine) => (e.clock.now() - (e.getChat('chat-1')?.enqueuedAt ?? 0) > 60_000 ? 'chat-1 waits over a minute' : undefined);
    expect(toTestCase(store, { check }).failure).toBeUndefined();
    const atReport = toTestCase(store, { check, at: clock.now() });
    expect(atReport.failure).toEqual({ seq: 1, message: 'chat-1 waits over a minute' });
    expect(atReport.source).toMatch(/\/\/ 1\n {2}clock\.advanceTo\(120000\);\n {2}\/\/ After entry 1: chat-1 waits over a minute\n\}\);/);
    expect(() => toTestCase(store, { at: -1 })).toThrow(/at must be >= 0/);
    // Options the journal does not hold go into the test as data, before the auditor's.
    const withOptions = toTestCase(store, { engine: { retainFinishedChats: 5 }, invariants: true });
    expect(withOptions.source).toContain('    retainFinishedChats: 5,\n    audit: true,\n  });');
  });
});
