import type { DirectoryChange, Engine, QueueChange, WaitingEntry } from 'chatroute';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskChannels } from '../../src/server/engine/DeskChannels';

// Issue 10: shared queue changes are serialized once per queue, gathered, and collapsed; what a member hears always
// brings it to the queue's current state.

const queueChanges = new Subject<QueueChange>();
const directoryChanges = new Subject<DirectoryChange>();
const engine = { queueChanges$: () => queueChanges.asObservable(), directoryChanges$: () => directoryChanges.asObservable() } as unknown as Engine;
let channels: DeskChannels;
afterEach(() => channels.close());

const entry = (key: string): WaitingEntry => ({ key, seq: 1, activity: { chatId: key } as WaitingEntry['activity'] });
const added = (queueId: string, key: string, count: number): QueueChange => ({ type: 'waiting.added', queueId, count, entry: entry(key) });
const removed = (queueId: string, key: string, count: number): QueueChange => ({ type: 'waiting.removed', queueId, count, key });

/** A member's tab: the frames it received, parsed. */
function member() {
  const frames: Array<{ type: string; changes?: QueueChange[]; change?: DirectoryChange }> = [];
  return { frames, send: (raw: string) => frames.push(JSON.parse(raw)) };
}

describe('DeskChannels', () => {
  it('sends a batch once per flush, collapsed: an entry that came and went is not sent, nor an unchanged count', () => {
    channels = new DeskChannels(engine);
    const a = member();
    channels.join(['q'], a.send);
    channels.flush();
    a.frames.length = 0;
    queueChanges.next(added('q', 'k1', 1));
    queueChanges.next({ type: 'waiting.changed', queueId: 'q', count: 1, entry: entry('k1') });
    channels.flush();
    // Added then changed within one batch: one entry, its last change (the reducer inserts or replaces alike).
    expect(a.frames).toEqual([{ type: 'desk.changes', changes: [{ type: 'waiting.changed', queueId: 'q', count: 1, entry: entry('k1') }] }]);
    queueChanges.next(added('q', 'k2', 2));
    queueChanges.next(removed('q', 'k2', 1));
    channels.flush();
    expect(a.frames).toHaveLength(1); // came and went, count as last sent: nothing
    queueChanges.next(removed('q', 'k1', 0));
    channels.flush();
    expect(a.frames[1]).toEqual({ type: 'desk.changes', changes: [removed('q', 'k1', 0)] });
  });

  it('sends a tab that joined mid-batch the current count even when the others need nothing', () => {
    channels = new DeskChannels(engine);
    const a = member();
    channels.join(['q'], a.send);
    queueChanges.next(added('q', 'k1', 1));
    channels.flush();
    queueChanges.next(added('q', 'k2', 2)); // b's desk.init is built now: count 2
    const b = member();
    channels.join(['q'], b.send);
    queueChanges.next(removed('q', 'k2', 1));
    channels.flush();
    expect(b.frames).toEqual([{ type: 'desk.changes', changes: [{ type: 'waiting.count', queueId: 'q', count: 1 }] }]);
  });

  it("joins a member's queues into one frame, serializes each queue once, and sends directory changes at once, after pending queue changes", () => {
    channels = new DeskChannels(engine);
    const both = member();
    const onlyQ1 = member();
    channels.join(['q0', 'q1'], both.send);
    channels.join(['q1'], onlyQ1.send);
    channels.flush();
    both.frames.length = 0;
    onlyQ1.frames.length = 0;
    queueChanges.next(added('q0', 'a', 1));
    queueChanges.next(added('q1', 'b', 1));
    directoryChanges.next({ type: 'directory.queue', queue: { id: 'q2', name: 'Q2' }, version: 1 });
    expect(both.frames).toEqual([
      { type: 'desk.changes', changes: [added('q0', 'a', 1), added('q1', 'b', 1)] },
      { type: 'desk.change', change: { type: 'directory.queue', queue: { id: 'q2', name: 'Q2' }, version: 1 } },
    ]);
    expect(onlyQ1.frames[0]).toEqual({ type: 'desk.changes', changes: [added('q1', 'b', 1)] });
  });

  it('sends colleague changes only to tabs that loaded a page of the directory, and queue changes to every tab', () => {
    channels = new DeskChannels(engine);
    const reader = member();
    const other = member();
    channels.join(['q0'], reader.send);
    channels.join(['q0'], other.send);
    const stop = channels.readDirectory(reader.send);
    channels.flush();
    reader.frames.length = 0;
    other.frames.length = 0;
    directoryChanges.next({ type: 'directory.agent', agent: { agentId: 'zed', name: 'Zed' }, version: 1 });
    directoryChanges.next({ type: 'directory.queueRemoved', queueId: 'q9', version: 2 });
    expect(reader.frames).toEqual([
      { type: 'desk.change', change: { type: 'directory.agent', agent: { agentId: 'zed', name: 'Zed' }, version: 1 } },
      { type: 'desk.change', change: { type: 'directory.queueRemoved', queueId: 'q9', version: 2 } },
    ]);
    expect(other.frames).toEqual([{ type: 'desk.change', change: { type: 'directory.queueRemoved', queueId: 'q9', version: 2 } }]);
    stop();
    directoryChanges.next({ type: 'directory.agentRemoved', agentId: 'zed', version: 3 });
    expect(reader.frames).toHaveLength(2);
  });
});
