import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatrouteError, createManualClock } from 'chatroute';

describe('createManualClock', () => {
  it('fires each timer with now() equal to its own due time, in due order', () => {
    const clock = createManualClock(100);
    const seen: Array<[string, number]> = [];
    clock.setTimeout(() => seen.push(['b', clock.now()]), 50);
    clock.setTimeout(() => seen.push(['a', clock.now()]), 10);
    expect(clock.advanceBy(100)).toBe(2);
    expect(seen).toEqual([['a', 110], ['b', 150]]);
    expect(clock.now()).toBe(200);
  });

  it('fires ties in scheduling order', () => {
    const clock = createManualClock(0);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) clock.setTimeout(() => seen.push(i), 10);
    clock.advanceBy(10);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('fires timers scheduled by a callback when they fall due within the same advance', () => {
    const clock = createManualClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(clock.now());
      clock.setTimeout(() => seen.push(clock.now()), 5);
    }, 10);
    clock.advanceBy(12);
    expect(seen).toEqual([10]);
    clock.advanceBy(3);
    expect(seen).toEqual([10, 15]);
  });

  it('cancels timers; cancelling twice or a fired timer is harmless', () => {
    const clock = createManualClock(0);
    let fired = 0;
    const t = clock.setTimeout(() => fired++, 10);
    clock.clearTimeout(t);
    clock.clearTimeout(t);
    clock.clearTimeout(undefined);
    clock.advanceBy(20);
    expect(fired).toBe(0);
    expect(clock.pendingCount()).toBe(0);
  });

  it('runNext jumps to the next timer', () => {
    const clock = createManualClock(0);
    clock.setTimeout(() => undefined, 500);
    expect(clock.nextDueAt()).toBe(500);
    expect(clock.runNext()).toBe(true);
    expect(clock.now()).toBe(500);
    expect(clock.runNext()).toBe(false);
  });

  it('refuses to go backwards', () => {
    const clock = createManualClock(10);
    expect(() => clock.advanceTo(5)).toThrow(ChatrouteError);
    expect(() => clock.advanceBy(-1)).toThrow(ChatrouteError);
  });

  it('agrees with a sorted reference under any mix of schedules and cancels', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 1000 }), cancel: fc.boolean() }), { maxLength: 200 }),
        (specs) => {
          const clock = createManualClock(0);
          const fired: number[] = [];
          const handles = specs.map((s, i) => clock.setTimeout(() => fired.push(i), s.delay));
          specs.forEach((s, i) => s.cancel && clock.clearTimeout(handles[i]));
          clock.advanceBy(1000);
          const expected = specs
            .map((s, i) => ({ ...s, i }))
            .filter((s) => !s.cancel)
            .sort((a, b) => a.delay - b.delay || a.i - b.i)
            .map((s) => s.i);
          expect(fired).toEqual(expected);
        },
      ),
    );
  });
});
