import type fc from 'fast-check';
import { checkInvariants } from '../invariants';
import { dispatch, type Model, type World } from '../world';

/**
 * A model command that builds its engine command from the live state (so most commands hit real targets),
 * dispatches it, and checks every invariant afterwards. `build` may return undefined when nothing fits.
 */
export class DispatchCommand implements fc.Command<Model, World> {
  constructor(
    private readonly label: string,
    private readonly build: (world: World) => unknown,
  ) {}

  check(): boolean {
    return true;
  }

  run(model: Model, world: World): void {
    const command = this.build(world);
    if (command === undefined) return;
    const from = world.events.length;
    const result = dispatch(world, command);
    if (result.ok && (command as { type: string }).type === 'chat.start') model.started++;
    (world.check ?? checkInvariants)(world, model, from);
  }

  toString(): string {
    return this.label;
  }
}
