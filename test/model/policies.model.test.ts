import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCommands } from './commands';
import { policyCommands } from './commands/policyCommands';
import { policyConfigArb } from './configArb';
import { createStartedWorld, replay } from './world';

const deep = process.env.CHATROUTE_DEEP === '1';

describe('routing policies model (fc.commands, issue 9): invariants with overflow, widening, skills, aging, affinity, wrap-up, missed offers, hours', () => {
  it('holds the base invariants (policy-aware) and 12–17 after every step, and replays deterministically', () => {
    fc.assert(
      fc.property(policyConfigArb, fc.commands([...allCommands, ...policyCommands], { maxCommands: 100, size: 'max' }), (config, commands) => {
        const world = createStartedWorld(config);
        fc.modelRun(() => ({ model: { started: 0 }, real: world }), commands);
        expect(JSON.stringify(replay(config, world.steps))).toBe(JSON.stringify(world.events));
      }),
      { numRuns: deep ? 3_000 : 80 },
    );
  }, deep ? 3_600_000 : 120_000);
});
