// Issue 21 in the model: queues with inactivity closes, holds that free slots (`hold.freesSlot`) and manual selection
// (`assignment: 'manual'`, switched at runtime), mixed with
// everything else agents and customers do. While no agent holds a freed chat every invariant of `checkInvariants`
// is checked; while one does, the slot accounting is checked with the held chats counted out (guarantee 2: nobody ever
// holds more than their capacity), along with the engine's own auditor, which knows holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentView, ChatView, QueueConfig } from 'chatroute';
import { allCommands } from './commands';
import { answerOffer } from './commands/answerOffer';
import { pickChat } from './commands/pickChat';
import { startChat } from './commands/startChat';
import { agentContext, holdChat, resumeChat } from './commands/hold';
import { switchAssignment } from './commands/assignment';
import { configArb } from './configArb';
import { checkInvariants } from './invariants';
import { chats, createStartedWorld, replay, type Model, type World, type WorldConfig } from './world';

const deep = process.env.CHATROUTE_DEEP === '1';

/** Every command, with more holds, resumes and answers, so chats are often active and held. */
export const featureCommands = [
  ...allCommands,
  ...[holdChat, resumeChat, answerOffer, pickChat, startChat].flatMap((c) => [c, c, c, c]),
  agentContext, agentContext,
  switchAssignment,
];

/** The model's centers with issue 21's queue options: inactivity (short, so the clock's steps reach it) and holds. */
export const featureConfigArb: fc.Arbitrary<WorldConfig> = fc
  .tuple(configArb, fc.array(fc.record({ freesSlot: fc.boolean(), manual: fc.boolean(), inactivity: fc.option(fc.constantFrom(5_000, 20_000), { nil: undefined }) }), { minLength: 3, maxLength: 3 }))
  .map(([config, specs]) => ({
    ...config,
    queues: config.queues.map((queue, i): QueueConfig => {
      const spec = specs[i] as (typeof specs)[number];
      return {
        ...queue,
        hold: { freesSlot: spec.freesSlot },
        ...(spec.manual ? { assignment: 'manual' as const } : {}),
        ...(spec.inactivity !== undefined ? { inactivity: { warnAfterMs: spec.inactivity, closeAfterMs: 5_000, status: 'done' } } : {}),
        tags: { allowed: ['billing', 'vip'], maxPerChat: 1 },
      };
    }),
  }));

/** The slot invariants with freed holds counted out, and what a hold must agree with. */
function checkHoldInvariants(world: World, model: Model, stepFrom: number): void {
  const agents = world.agents.map((a) => world.engine.getAgent(a.id) as AgentView);
  if (agents.every((a) => a.held === undefined)) {
    checkInvariants(world, model, stepFrom);
    return;
  }
  expect(world.events.slice(stepFrom).filter((e) => e.type === 'invariant.violated')).toEqual([]);
  const all = chats(world);
  expect(all.length).toBe(model.started);
  for (const agent of agents) {
    const held = agent.held ?? [];
    expect(agent.slotsUsed).toBe(agent.offers.length + agent.chats.length + (agent.wrapUps?.length ?? 0) - held.length);
    expect(agent.slotsUsed).toBeLessThanOrEqual(agent.capacity);
    for (const chatId of held) {
      expect(agent.chats).toContain(chatId);
      expect((world.engine.getChat(chatId) as ChatView).hold).toMatchObject({ by: agent.id, freesSlot: true });
    }
    const inChats = all.filter((c) => (c.state === 'active' || c.state === 'closing') && c.participants.some((p) => p.agentId === agent.id)).map((c) => c.id);
    expect([...agent.chats].sort()).toEqual(inChats.sort());
    if (agent.state === 'busy') expect(agent.slotsUsed).toBeGreaterThanOrEqual(agent.capacity);
    if (agent.state === 'ready') expect(agent.slotsUsed).toBeLessThan(agent.capacity);
  }
  for (const chat of all.filter((c) => c.state === 'closed')) expect(world.queues.find((q) => q.id === chat.queueId)?.closeStatuses).toContain(chat.status);
}

describe('engine model with issue 21 (fc.commands): inactivity closes and holds that free slots', () => {
  it('keeps every agent within capacity, the auditor silent, and replays deterministically', () => {
    fc.assert(
      fc.property(featureConfigArb, fc.commands(featureCommands, { maxCommands: 100, size: 'max' }), (config, commands) => {
        const world = createStartedWorld(config);
        world.check = checkHoldInvariants;
        fc.modelRun(() => ({ model: { started: 0 }, real: world }), commands);
        expect(JSON.stringify(replay(config, world.steps))).toBe(JSON.stringify(world.events));
      }),
      { numRuns: deep ? 5_000 : 200 },
    );
  }, deep ? 3_600_000 : 60_000);
});
