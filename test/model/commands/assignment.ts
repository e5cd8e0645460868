import fc from 'fast-check';
import type { QueueConfig } from 'chatroute';
import { checkInvariants } from '../invariants';
import { dispatch, nth, type Model, type World } from '../world';

/**
 * Issue 21: a queue switched between automatic offers and manual selection while chats wait (`queue.upsert`). The
 * world's queue configuration follows, so the invariants judge with the mode in force: work conservation holds for
 * automatic queues only, and no offer routes a chat of a manual queue.
 */
export class SwitchAssignment implements fc.Command<Model, World> {
  constructor(
    private readonly index: number,
    private readonly mode: 'auto' | 'manual',
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, world: World): void {
    const queue = nth(world.queues, this.index) as QueueConfig;
    const next: QueueConfig = { ...queue, assignment: this.mode };
    const from = world.events.length;
    const result = dispatch(world, { type: 'queue.upsert', queue: next });
    // A new array: the one the world was created with is the configuration its replay starts from.
    if (result.ok) (world as { queues: readonly QueueConfig[] }).queues = world.queues.map((q) => (q === queue ? next : q));
    (world.check ?? checkInvariants)(world, model, from);
  }
  toString(): string {
    return `assignment(${this.index},${this.mode})`;
  }
}

export const switchAssignment = fc.tuple(fc.nat(2), fc.constantFrom('auto' as const, 'manual' as const)).map(([index, mode]) => new SwitchAssignment(index, mode));
