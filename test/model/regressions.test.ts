import { describe, it } from 'vitest';
import { checkInvariants } from './invariants';
import { advance, createWorld, dispatch, type Step, type WorldConfig } from './world';

/** Replays concrete steps with every invariant checked after each, as the model does. */
function replayChecked(config: WorldConfig, steps: Step[]): void {
  const world = createWorld(config);
  const model = { started: 0 };
  for (const step of steps) {
    const from = world.events.length;
    if (step.kind === 'advance') advance(world, step.ms);
    else if (dispatch(world, step.command).ok && (step.command as { type: string }).type === 'chat.start') model.started++;
    checkInvariants(world, model, from);
  }
}

const d = (command: object): Step => ({ kind: 'dispatch', command });

describe('model regressions (failures found by the model-based tests, pinned)', () => {
  it('a queue invitation may go to an agent who left the chat after it was sent (found by npm run test:deep)', () => {
    replayChecked(
      {
        queues: [{ id: 'q0', name: 'Queue 0', closeStatuses: ['done'], offerTimeoutMs: 1_000, rejectCooldownMs: 0 }],
        agents: [
          { id: 'a0', name: 'Agent 0', capacity: 1, queues: [] },
          { id: 'a1', name: 'Agent 1', capacity: 1, queues: ['q0'] },
        ],
        seed: 0,
      },
      [
        d({ type: 'agent.login', agentId: 'a0' }),
        d({ type: 'agent.login', agentId: 'a1' }),
        d({ type: 'chat.start', queueId: 'q0', customer: { name: 'c' } }),
        d({ type: 'offer.accept', agentId: 'a1', chatId: 'chat-1' }),
        d({ type: 'chat.invite', chatId: 'chat-1', agentId: 'a1', target: { agentId: 'a0' } }),
        d({ type: 'offer.accept', agentId: 'a0', chatId: 'chat-1' }),
        d({ type: 'chat.invite', chatId: 'chat-1', agentId: 'a1', target: { queueId: 'q0' } }),
        d({ type: 'chat.close', chatId: 'chat-1', agentId: 'a1' }),
      ],
    );
  });

  it('ring-all queue invitations ring every free agent, so none is left reserved without an offer (found by the model)', () => {
    replayChecked(
      {
        queues: [
          { id: 'q0', name: 'Q0', closeStatuses: ['done'] },
          { id: 'q1', name: 'Q1', closeStatuses: ['x'], strategy: 'ring-all' },
        ],
        agents: [
          { id: 'a0', name: 'A', capacity: 2, queues: ['q0'] },
          { id: 'a1', name: 'B', capacity: 1, queues: ['q0', 'q1'] },
          { id: 'a2', name: 'C', capacity: 1, queues: ['q1'] },
        ],
        seed: 1,
      },
      [
        d({ type: 'agent.login', agentId: 'a0' }),
        d({ type: 'agent.login', agentId: 'a1' }),
        d({ type: 'agent.login', agentId: 'a2' }),
        d({ type: 'chat.start', queueId: 'q0', customer: { name: 'c' } }),
        d({ type: 'offer.accept', agentId: 'a0', chatId: 'chat-1' }),
        d({ type: 'chat.invite', chatId: 'chat-1', agentId: 'a0', target: { queueId: 'q1' } }),
        d({ type: 'agent.pause', agentId: 'a1', reason: 'lunch', paid: false }),
      ],
    );
  });
});
