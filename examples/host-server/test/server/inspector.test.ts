import { activeStateIds, machineDescriptions, type MachineDescription } from 'chatroute/inspect';
import { afterEach, describe, expect, it } from 'vitest';
import { stateValueOf } from '../../src/server/inspector/inspectorHub';
import { layoutMachine, transitionLabel } from '../../src/server/inspector/inspectorLayout';
import type { ChartLayout, InspectorServerFrame } from '../../src/shared/inspector';
import { connectInspector as connect } from './inspectorClient';
import { startTestServer, type TestServer } from './helpers';

// Issue 12: the statechart inspector. Its layout covers both machines exactly, the views map onto every machine
// state, and its socket lets in only supervisors and the admin (or anyone with INSPECTOR=1), then follows an actor.

describe('the inspector layout', () => {
  const charts: [string, MachineDescription][] = [
    ['chat', machineDescriptions.chat],
    ['agent', machineDescriptions.agent],
  ];

  it.each(charts)('places every state of the %s machine inside its parent, and draws every transition', async (_name, description) => {
    const started = performance.now();
    const chart: ChartLayout = await layoutMachine(description);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(chart.states.map((s) => s.id).sort()).toEqual(description.states.map((s) => s.id).sort());
    const placed = new Map(chart.states.map((s) => [s.id, s]));
    for (const state of chart.states) {
      expect(state.width).toBeGreaterThan(0);
      if (state.parent === undefined) continue;
      const parent = placed.get(state.parent)!;
      expect(state.x).toBeGreaterThanOrEqual(parent.x);
      expect(state.y).toBeGreaterThanOrEqual(parent.y);
      expect(state.x + state.width).toBeLessThanOrEqual(parent.x + parent.width + 0.5);
      expect(state.y + state.height).toBeLessThanOrEqual(parent.y + parent.height + 0.5);
    }
    // Siblings do not overlap.
    for (const a of chart.states) {
      for (const b of chart.states) {
        if (a === b || a.parent !== b.parent) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.id} and ${b.id}`).toBe(true);
      }
    }
    // Every transition appears once: on the edge to its target, or inside its state when it has none.
    for (const state of description.states) {
      for (const t of state.transitions) {
        const label = transitionLabel(t.event, t.guard);
        if (t.targets.length === 0) expect(placed.get(state.id)!.internal).toContain(label);
        for (const target of t.targets) {
          const edge = chart.edges.find((e) => e.source === state.id && e.target === target);
          expect(edge?.events, `${state.id} → ${target}`).toContain(label);
          expect(edge!.points.length).toBeGreaterThanOrEqual(2);
        }
      }
      if (state.initial !== undefined) expect(chart.initials.find((i) => i.parent === state.id)?.target).toBe(state.initial);
    }
  });

  it('maps every view state onto a state of its machine, and reaches every atomic state', () => {
    const chatStates = ['queued', 'offered', 'active', 'closing', 'closed', 'abandoned'] as const;
    const agentStates = ['offline', 'ready', 'busy', 'paused'] as const;
    const reached = new Set<string>();
    for (const state of chatStates) {
      const ids = activeStateIds(machineDescriptions.chat, stateValueOf('chat', { state } as never));
      expect(ids.at(-1)).toBe(`chat.${state}`);
      ids.forEach((id) => reached.add(id));
    }
    for (const state of agentStates) {
      const ids = activeStateIds(machineDescriptions.agent, stateValueOf('agent', { state } as never));
      expect(ids.at(-1)).toBe(state === 'offline' ? 'agent.offline' : `agent.online.${state}`);
      ids.forEach((id) => reached.add(id));
    }
    const all = [...machineDescriptions.chat.states, ...machineDescriptions.agent.states].map((s) => s.id);
    expect([...reached].sort()).toEqual(all.sort());
  });
});

const isWelcome = (f: InspectorServerFrame): f is Extract<InspectorServerFrame, { type: 'welcome' }> => f.type === 'welcome';
const isError = (f: InspectorServerFrame): f is Extract<InspectorServerFrame, { type: 'error' }> => f.type === 'error';
const isActors = (f: InspectorServerFrame): f is Extract<InspectorServerFrame, { type: 'actors' }> => f.type === 'actors';
const watchedIn = (state: string) => (f: InspectorServerFrame): f is Extract<InspectorServerFrame, { type: 'watched' }> =>
  f.type === 'watched' && f.actor.activeIds.at(-1) === state;

describe('the inspector socket', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('lets in supervisors and the admin, and refuses other agents, customers and strangers', async () => {
    server = await startTestServer();
    const stranger = await connect(server, { open: true });
    expect((await stranger.waitFor(isError)).code).toBe('unauthorized');
    expect(await stranger.closed).toBe(4001);

    const alice = await connect(server, { user: 'alice', password: 'alice-demo' });
    expect((await alice.waitFor(isError)).code).toBe('forbidden');
    expect(await alice.closed).toBe(4004);

    const wrong = await connect(server, { user: 'carol', password: 'nope' });
    expect((await wrong.waitFor(isError)).code).toBe('unauthorized');

    const carol = await connect(server, { user: 'carol', password: 'carol-demo' });
    const welcome = await carol.waitFor(isWelcome);
    expect(welcome.who).toBe('carol');
    expect(welcome.charts.chat.states.length).toBe(machineDescriptions.chat.states.length);
    const again = await connect(server, { token: welcome.token });
    expect((await again.waitFor(isWelcome)).who).toBe('carol');

    const admin = await connect(server, { user: 'admin', password: 'admin-demo' });
    expect((await admin.waitFor(isWelcome)).who).toBe('admin');

    const started = server.engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    if (!started.ok) throw new Error(started.error.message);
    const customerToken = server.context.auth.issueCustomerToken(started.chatId, server.engine.getChat(started.chatId)!.enqueuedAt);
    const customer = await connect(server, { token: customerToken });
    expect((await customer.waitFor(isError)).code).toBe('unauthorized');
    for (const c of [carol, again, admin]) c.ws.close();
  });

  it('in open mode, lists actors by state and follows the watched chat from queued to closed', async () => {
    server = await startTestServer(undefined, { inspector: { open: true } });
    const engine = server.engine;
    const dev = await connect(server, { open: true });
    expect((await dev.waitFor(isWelcome)).who).toBe('dev');
    const first = await dev.waitFor(isActors);
    expect(first.agents.map((a) => `${a.id}:${a.state}`)).toEqual(['alice:offline', 'bob:offline', 'carol:offline']);

    engine.dispatch({ type: 'agent.login', agentId: 'bob' });
    const started = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    if (!started.ok) throw new Error(started.error.message);
    const chatId = started.chatId;
    dev.send({ type: 'watch', kind: 'chat', id: chatId });
    const offered = await dev.waitFor(watchedIn('chat.offered'));
    expect(offered.actor.events.map((e) => e.type)).toContain('offer.created');
    await expect.poll(() => dev.frames.some((f) => f.type === 'actors' && f.chats.some((c) => c.id === chatId && c.state === 'offered'))).toBe(true);

    engine.dispatch({ type: 'offer.accept', agentId: 'bob', chatId });
    const active = await dev.waitFor(watchedIn('chat.active'));
    expect((active.actor.context as { owner?: string }).owner).toBe('bob');
    expect(engine.dispatch({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'a secret' }).ok).toBe(true);
    engine.dispatch({ type: 'customer.leave', chatId });
    const closing = await dev.waitFor(watchedIn('chat.closing'));
    // The inspector is about routing: message texts never reach it.
    expect(JSON.stringify(closing.actor.events)).not.toContain('a secret');
    engine.dispatch({ type: 'chat.setStatus', agentId: 'bob', chatId, status: 'sold' });
    engine.dispatch({ type: 'chat.close', agentId: 'bob', chatId });
    const closed = await dev.waitFor(watchedIn('chat.closed'));
    expect(closed.actor.activeIds).toEqual(['chat', 'chat.closed']);

    dev.send({ type: 'watch', kind: 'agent', id: 'bob' });
    const bob = await dev.waitFor((f): f is Extract<InspectorServerFrame, { type: 'watched' }> => f.type === 'watched' && f.actor.kind === 'agent');
    expect(bob.actor.activeIds).toEqual(['agent', 'agent.online', 'agent.online.ready']);
    dev.send({ type: 'watch', kind: 'chat', id: 'nope' });
    expect((await dev.waitFor(isError)).code).toBe('not-found');
    dev.ws.close();
  });
});
