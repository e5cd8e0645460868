import { describe, expect, it } from 'vitest';
import { backoffDelay, reconnectBackoff } from '../../src/web/common/backoff';

describe('reconnect back-off', () => {
  it('doubles from 0.5 s and stops at 10 s, before jitter', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 40].map((attempt) => backoffDelay(attempt, () => 1));
    expect(ceilings).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });

  it('keeps half of each step fixed, so a retry never comes at once', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(4, () => 0)).toBe(4_000);
    expect(backoffDelay(99, () => 0)).toBe(reconnectBackoff.capMs / 2);
  });

  it('spreads the other half with the random source', () => {
    const delays = [0, 0.25, 0.5, 0.75].map((r) => backoffDelay(2, () => r));
    expect(delays).toEqual([1_000, 1_250, 1_500, 1_750]);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3);
      expect(d).toBeGreaterThanOrEqual(2_000);
      expect(d).toBeLessThanOrEqual(4_000);
    }
  });

  it('treats a negative attempt as the first, and a huge one as the cap', () => {
    expect(backoffDelay(-3, () => 1)).toBe(500);
    expect(Number.isFinite(backoffDelay(1e9, () => 1))).toBe(true);
  });
});
