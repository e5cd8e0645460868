import { describe, expect, it } from 'vitest';
import {
  requireAgents,
  requireNonNegative,
  requirePositive,
  requireShare,
  requireWaitThreshold,
} from '../../src/staffing/validate';
import { expectInvalidArgument } from './helpers';

describe('staffing argument guards', () => {
  it('accept the edges of their domains', () => {
    expect(() => {
      requireNonNegative('f', 'rate', 0);
      requirePositive('f', 'aht', Number.MIN_VALUE);
      requireAgents('f', 0, 0);
      requireShare('f', 'target', 0, '[0, 1)');
      requireShare('f', 'cap', 1, '(0, 1]');
      requireWaitThreshold('f', Infinity);
    }).not.toThrow();
  });

  it('reject values just outside, NaN and non-numbers, naming the function, the argument and the rule', () => {
    expect(expectInvalidArgument(() => requireNonNegative('erlangC', 'arrivalRatePerSec', -1))).toBe(
      'erlangC: arrivalRatePerSec must be a finite number >= 0, got -1',
    );
    expect(expectInvalidArgument(() => requirePositive('erlangA', 'patienceSec', 0))).toBe(
      'erlangA: patienceSec must be a finite number > 0, got 0',
    );
    expect(expectInvalidArgument(() => requireAgents('erlangC', 0, 1))).toBe('erlangC: agents must be an integer >= 1, got 0');
    expect(expectInvalidArgument(() => requireShare('agentsFor', 'serviceLevel.target', 1, '[0, 1)'))).toBe(
      'agentsFor: serviceLevel.target must be a number in [0, 1), got 1',
    );
    expect(expectInvalidArgument(() => requireShare('agentsFor', 'maxOccupancy', 0, '(0, 1]'))).toBe(
      'agentsFor: maxOccupancy must be a number in (0, 1], got 0',
    );
    expect(expectInvalidArgument(() => requireWaitThreshold('erlangC serviceLevel', -0.5))).toBe(
      'erlangC serviceLevel: tSec must be a number >= 0 (Infinity allowed), got -0.5',
    );
    for (const bad of [Number.NaN, '3' as unknown as number, undefined as unknown as number]) {
      expectInvalidArgument(() => requireNonNegative('f', 'x', bad));
      expectInvalidArgument(() => requirePositive('f', 'x', bad));
      expectInvalidArgument(() => requireAgents('f', bad, 0));
      expectInvalidArgument(() => requireShare('f', 'x', bad, '[0, 1)'));
      expectInvalidArgument(() => requireWaitThreshold('f', bad));
    }
    expectInvalidArgument(() => requireAgents('f', 2 ** 53, 0));
  });
});
