import { describe, expect, it } from 'vitest';
import { ChatrouteError, createEngine, createManualClock, createMemoryStore } from 'chatroute';
import { exportJournal, replayJournal } from 'chatroute/replay';
import { agents, queryAll, queues, record } from './recording';

describe('replayJournal', () => {
  it.each([1, 2, 3])('replays an exported journal to any entry: every query equals the live engine at that point (seed %i)', (seed) => {
    const live = record(seed, 500);
    expect(live.checkpoints.length).toBeGreaterThan(20);
    const lines = exportJournal(live.store);
    for (const point of live.checkpoints) {
      const replay = replayJournal({ journal: lines, to: point.seq, at: point.now });
      expect(replay.seq).toBe(point.seq);
      expect(queryAll(replay.engine, point.chatIds, live.agentIds)).toBe(point.state);
      // The chats it lists are the ones the live engine answered for.
      expect(replay.chatIds).toEqual(point.chatIds.filter((id) => replay.engine.getChat(id) !== undefined));
      replay.engine.stop();
    }
  });

  it('replays from the store itself, to the end by default, and leaves the store as it was', () => {
    const live = record(4, 300);
    const before = exportJournal(live.store);
    const replay = replayJournal({ journal: live.store, at: live.clock.now() });
    expect(replay.seq).toBe(live.lastSeq);
    expect(queryAll(replay.engine, live.chatIds, live.agentIds)).toBe(queryAll(live.engine, live.chatIds, live.agentIds));
    // The replayed engine runs on: same commands, same answers.
    for (const engine of [live.engine, replay.engine]) {
      engine.dispatch({ type: 'agent.login', agentId: 'carol' });
      engine.dispatch({ type: 'chat.start', queueId: 'care', customer: { name: 'Zed' }, chatId: 'late' });
      engine.clock === live.clock ? live.clock.advanceBy(30_000) : replay.clock.advanceBy(30_000);
    }
    expect(queryAll(replay.engine, [...live.chatIds, 'late'], live.agentIds)).toBe(queryAll(live.engine, [...live.chatIds, 'late'], live.agentIds));
    expect(exportJournal(live.store)).not.toBe(before); // the live engine journaled the new inputs...
    expect(exportJournal(live.store).startsWith(before)).toBe(true); // ...after the old ones, untouched by the replay
  });

  it('reads decoded entries as well as stored records, and refuses a damaged line', () => {
    const live = record(5, 150);
    const lines = exportJournal(live.store).trim().split('\n');
    const decoded = lines.map((line) => {
      const value = JSON.parse(line) as { seq?: number; body?: string; snapshot?: boolean };
      if (value.snapshot === true || value.body === undefined) return line;
      const [seq, at, input] = JSON.parse(value.body) as [number, number, unknown];
      return JSON.stringify({ seq, at, input });
    });
    const at = live.clock.now();
    expect(queryAll(replayJournal({ journal: decoded.join('\n'), at }).engine, live.chatIds, live.agentIds)).toBe(queryAll(live.engine, live.chatIds, live.agentIds));
    const damaged = [...lines];
    damaged[10] = (damaged[10] as string).replace(/"body":"\[(\d+),(\d+)/, (_, seq: string, t: string) => `"body":"[${seq},${Number(t) + 1}`);
    expect(() => replayJournal({ journal: damaged.join('\n') })).toThrow(/entry 9 fails its checksum; the last good entry is 8/);
    expect(() => replayJournal({ journal: lines.slice(2).join('\n') })).toThrow(/no snapshot line/);
  });

  it('refuses entries outside the journal, and starts no earlier than a compacted store\'s snapshot', () => {
    const live = record(6, 400, { snapshotEvery: 50 });
    const lines = exportJournal(live.store);
    const snapshotSeq = (JSON.parse(lines.split('\n')[1] as string) as { seq: number }).seq;
    expect(snapshotSeq).toBeGreaterThan(0);
    const from = live.checkpoints.find((p) => p.seq >= snapshotSeq) as (typeof live.checkpoints)[number];
    const replay = replayJournal({ journal: lines, to: from.seq, at: from.now });
    // Transcripts of chats that ended before the snapshot are in the history store, not the journal: a desk's
    // "load older messages" (hasHistory) needs the host's history store passed as engine.history.
    const withoutHistory = (state: string) => state.replaceAll('"hasHistory":true', '"hasHistory":false');
    expect(withoutHistory(queryAll(replay.engine, from.chatIds, live.agentIds))).toBe(withoutHistory(from.state));
    expect(replay.snapshotSeq).toBe(snapshotSeq);
    const error = (() => { try { replayJournal({ journal: lines, to: snapshotSeq - 1 }); } catch (e) { return e; } })();
    expect(ChatrouteError.is(error) && error.code).toBe('invalid-argument');
    expect(String(error)).toMatch(/compacted/);
    expect(() => replayJournal({ journal: lines, to: live.lastSeq + 1 })).toThrow(ChatrouteError);
    expect(() => replayJournal({ journal: createMemoryStore() })).toThrow(/no journal/);
  });
});

describe('replayJournal chat ids', () => {
  it('lists generated ids that skipped an explicit one, and explicit ids, in creation order', () => {
    const store = createMemoryStore();
    const engine = createEngine({ clock: createManualClock(0), store, queues, agents });
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'A' }, chatId: 'chat-2' });
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'B' }, chatId: 'vip' });
    for (const name of ['C', 'D', 'E']) engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name } });
    expect(replayJournal({ journal: store }).chatIds).toEqual(['chat-1', 'chat-2', 'chat-3', 'chat-4', 'vip']);
  });
});
