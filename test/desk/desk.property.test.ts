import fc from 'fast-check';
import type { Engine, EngineEvent } from 'chatroute';
import { describe, it } from 'vitest';
import { allCommands } from '../model/commands';
import { configArb } from '../model/configArb';
import { createStartedWorld, type Model, type World } from '../model/world';
import { watchDesks } from './deskWatchers';

const deep = process.env.CHATROUTE_DEEP === '1';
const LIMIT = 2;

type Watchers = ReturnType<typeof watchDesks>;

/** Runs a model command, then checks every desk (applied changes = desk$ = built from scratch = queries). */
class CheckDesks implements fc.Command<Model, World> {
  constructor(
    private readonly inner: fc.Command<Model, World>,
    private readonly watchers: () => Watchers,
  ) {}
  check(model: Readonly<Model>): boolean {
    return this.inner.check(model);
  }
  run(model: Model, world: World): void {
    this.inner.run(model, world);
    const watchers = this.watchers();
    for (const agent of world.agents) watchers.add(agent.id);
    for (const agentId of world.hiredAt?.keys() ?? []) watchers.add(agentId);
    watchers.check(LIMIT, this.inner.toString());
  }
  toString(): string {
    return this.inner.toString();
  }
}

/**
 * Hosts that act from inside their callbacks: an agent whose desk accepts every offer it shows (from inside `desk$`),
 * and one who reads every customer message as it arrives (from inside `events$`; `chat.read` emits no event).
 */
function reentrant(engine: Engine, acceptor: string | undefined, reader: string | undefined): void {
  if (acceptor !== undefined) {
    engine.desk$(acceptor).subscribe((desk) => {
      for (const offer of desk.offers) engine.dispatch({ type: 'offer.accept', agentId: acceptor, chatId: offer.chatId });
    });
  }
  if (reader !== undefined) {
    engine.events$.subscribe((event: EngineEvent) => {
      if (event.type !== 'message.sent' || event.message.from.kind !== 'customer') return;
      if (engine.getAgent(reader)?.chats.includes(event.message.chatId)) engine.dispatch({ type: 'chat.read', agentId: reader, chatId: event.message.chatId });
    });
  }
}

describe('incremental desk (fc.commands): applying the changes always gives the desk built from scratch', () => {
  it('for every agent after every command and clock advance, re-entrant subscribers included', () => {
    fc.assert(
      fc.property(
        configArb,
        fc.option(fc.nat(3)),
        fc.option(fc.nat(3)),
        fc.commands(allCommands, { maxCommands: 60, size: 'max' }).map((commands) => commands),
        (config, acceptorIndex, readerIndex, commands) => {
          const world = createStartedWorld({ ...config, desk: { waitingLimit: LIMIT } } as typeof config);
          const pick = (i: number | null) => (i === null ? undefined : config.agents[i % config.agents.length]?.id);
          reentrant(world.engine, pick(acceptorIndex), pick(readerIndex));
          const watchers = watchDesks(world.engine, config.agents.map((a) => a.id));
          watchers.check(LIMIT, 'start');
          const wrapped = [...commands].map((c) => new CheckDesks(c, () => watchers));
          fc.modelRun(() => ({ model: { started: 0 }, real: world }), wrapped);
          watchers.stop();
        },
      ),
      { numRuns: deep ? 2_000 : 150 },
    );
  }, deep ? 3_600_000 : 120_000);
});
