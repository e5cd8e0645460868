import { machineDescriptions } from 'chatroute/inspect';
import { describe, expect, it } from 'vitest';
import { layoutMachine } from '../../src/server/inspector/inspectorLayout';
import { lastTransition } from '../../src/web/inspector/lastTransition';

// Issue 12: the inspector marks the transition an actor took, from its active states before and after.
describe('lastTransition', () => {
  it('finds the edge between the states left and entered, the innermost source first', async () => {
    const chat = await layoutMachine(machineDescriptions.chat);
    const agent = await layoutMachine(machineDescriptions.agent);
    const edge = (chart: typeof chat, id: string | undefined) => chart.edges.find((e) => e.id === id);

    expect(edge(chat, lastTransition(chat, ['chat', 'chat.queued'], ['chat', 'chat.offered']))).toMatchObject({ source: 'chat.queued', target: 'chat.offered' });
    expect(edge(chat, lastTransition(chat, ['chat', 'chat.offered'], ['chat', 'chat.active']))).toMatchObject({ source: 'chat.offered', target: 'chat.active' });
    // Logging out leaves a child of `online`: the transition is the parent's.
    expect(edge(agent, lastTransition(agent, ['agent', 'agent.online', 'agent.online.ready'], ['agent', 'agent.offline']))).toMatchObject({ source: 'agent.online', target: 'agent.offline' });
    expect(edge(agent, lastTransition(agent, ['agent', 'agent.online', 'agent.online.ready'], ['agent', 'agent.online', 'agent.online.paused']))).toMatchObject({ source: 'agent.online', target: 'agent.online.paused' });
    expect(lastTransition(chat, ['chat', 'chat.active'], ['chat', 'chat.active'])).toBeUndefined();
  });
});
