import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCommands } from './commands';
import { configArb } from './configArb';
import { createStartedWorld, replay } from './world';

const deep = process.env.CHATROUTE_DEEP === '1';

describe('engine model (fc.commands): invariants after every command and clock advance', () => {
  it('holds invariants 1–9 and replays deterministically (10)', () => {
    fc.assert(
      fc.property(configArb, fc.commands(allCommands, { maxCommands: 100, size: 'max' }), (config, commands) => {
        const world = createStartedWorld(config);
        fc.modelRun(() => ({ model: { started: 0 }, real: world }), commands);
        // 10. Determinism: the same steps on a fresh engine give the same events.
        expect(JSON.stringify(replay(config, world.steps))).toBe(JSON.stringify(world.events));
      }),
      { numRuns: deep ? 5_000 : 300 },
    );
  }, deep ? 3_600_000 : 60_000);
});
