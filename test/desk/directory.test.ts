import { applyDeskChange, type DeskState, type DirectoryChange, type PersonalDeskChange } from 'chatroute';
import { describe, expect, it } from 'vitest';
import { setup } from '../helpers';

const names = ['Zoë', 'bob', 'Alice', 'Carl', 'agent 10', 'agent 9', 'Dora'];
const agents = names.map((name, i) => ({ id: `a${i}`, name, capacity: 2, queues: i % 2 === 0 ? ['sales'] : ['support'] }));
const queues = [
  { id: 'sales', name: 'Sales', closeStatuses: ['done'] },
  { id: 'support', name: 'Support', closeStatuses: ['done'] },
];

/** The incremental desk of `agentId`, kept with the directory channel as a host does. */
function deskOf(t: ReturnType<typeof setup>, agentId: string) {
  let state: DeskState | undefined;
  const directory: DirectoryChange[] = [];
  t.engine.deskChanges$(agentId).subscribe((c: PersonalDeskChange) => {
    state = c.type === 'desk.init' ? c.state : applyDeskChange(state as DeskState, c);
  });
  t.engine.directoryChanges$().subscribe((c) => {
    directory.push(c);
    state = applyDeskChange(state as DeskState, c);
  });
  return { state: () => state as DeskState, directory };
}

describe('the directory', () => {
  it('is not in desk.init: the desk carries the queues and a version, whatever the number of colleagues', () => {
    const small = setup({ queues, agents });
    const many = setup({ queues, agents: Array.from({ length: 2_000 }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, capacity: 1, queues: ['sales'] })) });
    const bytes = (t: ReturnType<typeof setup>) => JSON.stringify(deskOf(t, 'a0').state()).length;
    expect(deskOf(small, 'a0').state().desk.directory).toEqual({ version: 0, queues: [{ id: 'sales', name: 'Sales' }, { id: 'support', name: 'Support' }] });
    expect(bytes(many)).toBeLessThan(2_000);
    expect(bytes(many) - bytes(small)).toBeLessThan(100);
  });

  it('pages colleagues by name (numbers in order, case and accents aside), never listing the asking agent', () => {
    const t = setup({ queues, agents });
    const first = t.engine.directory('a1', { limit: 3 });
    expect(first.agents.map((a) => a.name)).toEqual(['agent 9', 'agent 10', 'Alice']);
    expect(first.total).toBe(6);
    const second = t.engine.directory('a1', { offset: 3, limit: 3 });
    expect(second.agents.map((a) => a.name)).toEqual(['Carl', 'Dora', 'Zoë']);
    expect(second).toMatchObject({ offset: 3, total: 6, queues: [] });
    expect(t.engine.directory('a1', { offset: 6 }).agents).toEqual([]);
    // Limits are clamped, never refused.
    expect(t.engine.directory('a1', { limit: 10_000 }).agents).toHaveLength(6);
    expect(t.engine.directory('a1', { limit: -1 }).agents).toHaveLength(0);
    expect(t.engine.directory('nobody')).toMatchObject({ total: 0, agents: [], queues: [] });
  });

  it('searches names and ids, filters by queue, and looks up ids (the asking agent included)', () => {
    const t = setup({ queues, agents });
    expect(t.engine.directory('a0', { search: '  AGENT ' }).agents.map((a) => a.agentId)).toEqual(['a5', 'a4']);
    expect(t.engine.directory('a0', { search: 'a3' }).agents.map((a) => a.name)).toEqual(['Carl']);
    expect(t.engine.directory('a0', { queueIds: ['support'] }).agents.map((a) => a.name)).toEqual(['agent 9', 'bob', 'Carl']);
    expect(t.engine.directory('a0', { search: 'sup' }).queues.map((q) => q.id)).toEqual(['support']);
    expect(t.engine.directory('a0', { ids: ['a0', 'a2', 'ghost'] }).agents.map((a) => a.name)).toEqual(['Alice', 'Zoë']);
  });

  it('tells who is available now, per colleague and per queue', () => {
    const t = setup({ queues, agents });
    t.login('a2', 'a4', 'a6');
    t.ok({ type: 'agent.pause', agentId: 'a4', reason: 'Break', paid: true });
    const chatId = t.start('sales');
    const offered = t.events.find((e) => e.type === 'offer.created' && e.chatId === chatId) as { agentId: string };
    t.ok({ type: 'offer.accept', agentId: offered.agentId, chatId });
    t.start('sales');
    const page = t.engine.directory('a1', { queueIds: ['sales'] });
    const byName = Object.fromEntries(page.agents.map((a) => [a.name, a]));
    expect(byName['Zoë']).toMatchObject({ state: 'offline', available: false, queues: ['sales'] });
    expect(byName['agent 10']).toMatchObject({ state: 'paused', available: false });
    // One ready agent took the chat and is offered the next (both slots held: busy); the other is free.
    const ready = [byName['Alice'], byName['Dora']].map((a) => [a?.state, a?.freeSlots, a?.available]).sort();
    expect(ready).toEqual([['busy', 0, false], ['ready', 2, true]]);
    expect(page.queues).toEqual([
      { id: 'sales', name: 'Sales', loggedIn: 3, available: 1 },
      { id: 'support', name: 'Support', loggedIn: 0, available: 0 },
    ]);
    const free = byName['Alice']?.available ? 'a2' : 'a6';
    t.ok({ type: 'agent.leaveQueue', agentId: free, queueId: 'sales' });
    expect(t.engine.directory('a1').queues[0]).toEqual({ id: 'sales', name: 'Sales', loggedIn: 2, available: 0 });
  });

  it('sends each change once as a small numbered delta; a page read before is behind the desk version', () => {
    const t = setup({ queues, agents });
    const desk = deskOf(t, 'a0');
    const page = t.engine.directory('a0');
    t.ok({ type: 'agent.upsert', agent: { id: 'a1', name: 'Bobby', capacity: 2, queues: ['support'] } });
    t.ok({ type: 'agent.upsert', agent: { id: 'new', name: 'Ann', capacity: 1, queues: ['sales'] } });
    t.ok({ type: 'agent.remove', agentId: 'a3' });
    t.ok({ type: 'queue.upsert', queue: { id: 'vip', name: 'VIP', closeStatuses: ['done'] } });
    expect(desk.directory).toEqual([
      { type: 'directory.agent', agent: { agentId: 'a1', name: 'Bobby' }, version: 1 },
      { type: 'directory.agent', agent: { agentId: 'new', name: 'Ann' }, version: 2 },
      { type: 'directory.agentRemoved', agentId: 'a3', version: 3 },
      { type: 'directory.queue', queue: { id: 'vip', name: 'VIP' }, version: 4 },
    ]);
    expect(desk.state().desk.directory).toEqual({ version: 4, queues: [{ id: 'sales', name: 'Sales' }, { id: 'support', name: 'Support' }, { id: 'vip', name: 'VIP' }] });
    expect(desk.state().desk).toEqual(t.engine.getDesk('a0'));
    expect(page.version).toBeLessThan(desk.state().desk.directory.version);
    const fresh = t.engine.directory('a0');
    expect(fresh.version).toBe(4);
    expect(fresh.agents.map((a) => a.name)).toEqual(['agent 9', 'agent 10', 'Alice', 'Ann', 'Bobby', 'Dora']);
  });
});
