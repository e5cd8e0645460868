import fc from 'fast-check';
import { checkInvariants } from '../invariants';
import { advance, type Model, type World } from '../world';

/** Time passes: small steps, exact timeouts and long gaps, so expiries interleave with everything else. */
export class AdvanceClock implements fc.Command<Model, World> {
  constructor(private readonly ms: number) {}
  check(): boolean {
    return true;
  }
  run(model: Model, world: World): void {
    const from = world.events.length;
    advance(world, this.ms);
    (world.check ?? checkInvariants)(world, model, from);
  }
  toString(): string {
    return `advance(${this.ms})`;
  }
}

export const advanceClock = fc
  .oneof(fc.integer({ min: 0, max: 2_000 }), fc.constantFrom(1_000, 3_000, 5_000, 20_000), fc.integer({ min: 0, max: 60_000 }))
  .map((ms) => new AdvanceClock(ms));
