import { describe, expect, it } from 'vitest';
import * as staffing from 'chatroute/staffing';

describe('chatroute/staffing entry', () => {
  it('exposes exactly the four formulas, as functions, and nothing internal', () => {
    expect(Object.keys(staffing).sort()).toEqual(['agentsFor', 'erlangA', 'erlangB', 'erlangC']);
    for (const value of Object.values(staffing)) expect(typeof value).toBe('function');
  });
});
