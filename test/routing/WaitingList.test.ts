import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WaitingList, compareTasks } from '../../src/routing/WaitingList';
import type { RoutingTask } from '../../src/routing/types';

const task = (seq: number, priority: number, enqueuedAt: number): RoutingTask => ({
  id: `t${seq}`,
  chatId: `t${seq}`,
  kind: 'chat',
  queueId: 'q',
  targetAgentId: null,
  priority,
  enqueuedAt,
  seq,
  exclude: null,
});

describe('WaitingList', () => {
  it('serves higher priority first, then earlier enqueue time, then creation order', () => {
    const list = new WaitingList();
    const a = task(1, 0, 10);
    const b = task(2, 5, 20);
    const c = task(3, 0, 5);
    const d = task(4, 0, 5);
    [a, b, c, d].forEach((t) => list.insert(t));
    expect([...list].map((t) => t.id)).toEqual(['t2', 't3', 't4', 't1']);
  });

  it('stays sorted and removes exactly the task asked for, whatever the order of operations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ priority: fc.integer({ min: -2, max: 2 }), enqueuedAt: fc.nat(20), remove: fc.boolean() }), { maxLength: 80 }),
        (specs) => {
          const list = new WaitingList();
          const tasks = specs.map((s, i) => task(i, s.priority, s.enqueuedAt));
          tasks.forEach((t) => list.insert(t));
          tasks.forEach((t, i) => specs[i]?.remove && expect(list.remove(t)).toBe(true));
          const expected = tasks.filter((_, i) => !specs[i]?.remove).sort(compareTasks);
          expect([...list]).toEqual(expected);
          expect(list.size).toBe(expected.length);
          tasks.forEach((t, i) => specs[i]?.remove && expect(list.remove(t)).toBe(false));
        },
      ),
    );
  });
});
