import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, createManualClock } from 'chatroute';
import { exportJournal, replayJournal, toTestCase } from 'chatroute/replay';
import { createSqliteStore } from 'chatroute/sqlite';
import { agents, queues, record } from './recording';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chatroute-replay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function replayCli(...args: string[]) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'src/cli/replay.ts'), ...args], { cwd: repo, encoding: 'utf8' });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('chatroute-replay', () => {
  const live = record(11, 250);
  const jsonl = join(dir, 'journal.jsonl');
  writeFileSync(jsonl, exportJournal(live.store));
  const to = live.checkpoints[Math.floor(live.checkpoints.length / 2)]?.seq as number;

  it('prints the state at an entry of a JSON-lines journal: every chat and agent as the API replays them', () => {
    const out = replayCli(jsonl, '--to', String(to), '--json');
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const printed = JSON.parse(out.stdout) as { seq: number; chats: unknown[]; agents: unknown[]; stats: unknown };
    const { engine, chatIds } = replayJournal({ journal: live.store, to });
    expect(printed.seq).toBe(to);
    expect(printed.chats).toEqual(chatIds.map((id) => engine.getChat(id)));
    expect(printed.agents).toEqual(live.agentIds.map((id) => engine.getAgent(id)));
    expect(printed.stats).toEqual(engine.stats());
    const text = replayCli(jsonl, '--to', String(to));
    expect(text.stdout).toMatch(new RegExp(`^entry ${to} of ${live.lastSeq} \\(replayable from 0\\)`));
    expect(text.stdout).toContain('agents (3):');
  });

  it('shows one chat with its messages, and writes the test case', () => {
    const { engine, chatIds } = replayJournal({ journal: live.store, to });
    const chatId = chatIds.find((id) => engine.messages(id).length > 0) as string;
    const out = replayCli(jsonl, '--to', String(to), '--chat', chatId, '--json', '--export-test', join(dir, 'case.test.ts'));
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ seq: to, chat: engine.getChat(chatId), messages: engine.messages(chatId) });
    expect(readFileSync(join(dir, 'case.test.ts'), 'utf8')).toBe(toTestCase(live.store, { upTo: to }).source);
    expect(out.stderr).toBe(`wrote ${join(dir, 'case.test.ts')}: entries up to ${to}\n`);
  });

  it('reads a SQLite journal, and refuses what it cannot replay with a clear message', () => {
    const path = join(dir, 'center.db');
    const clock = createManualClock(0);
    const engine = createEngine({ clock, queues, agents, store: createSqliteStore({ path }) });
    engine.dispatch({ type: 'agent.login', agentId: 'bob' });
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    clock.advanceBy(10_000); // bob misses the offer: a timer entry
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Ann' } });
    const out = replayCli(path, '--json');
    engine.stop();
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toMatchObject({ seq: 4, chats: [{ id: 'chat-1', state: 'queued' }, { id: 'chat-2', state: 'queued' }], agents: [{ id: 'alice', state: 'offline' }, { id: 'bob', state: 'paused' }, { id: 'carol' }] });
    const bad = replayCli(jsonl, '--to', String(live.lastSeq + 5));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^chatroute-replay: invalid-argument: replayJournal: to must be an entry from 0 to \d+/);
    expect(replayCli().status).toBe(2);
  });
});
