import { applyDeskChange, type Desk, type DeskState, type Engine } from 'chatroute';
import { expect } from 'vitest';

/**
 * What a host does with the incremental desk: one subscription per agent to its own changes, one to the shared queue
 * and directory channels (each change applied to every desk; the reducer ignores queues the agent is not in), and,
 * beside it, `desk$` as a simple host would use it.
 */
export function watchDesks(engine: Engine, agentIds: readonly string[]) {
  const states = new Map<string, DeskState>();
  const desks = new Map<string, Desk>();
  const subscriptions: Array<{ unsubscribe(): void }> = [];
  const add = (agentId: string) => {
    if (states.has(agentId) || engine.getAgent(agentId) === undefined) return;
    subscriptions.push(
      engine.deskChanges$(agentId).subscribe((change) => {
        const state = states.get(agentId);
        if (change.type === 'desk.init') states.set(agentId, change.state);
        else if (state !== undefined) states.set(agentId, applyDeskChange(state, change));
        else throw new Error(`${change.type} before desk.init`);
      }),
      engine.desk$(agentId).subscribe((desk) => desks.set(agentId, desk)),
    );
  };
  subscriptions.push(
    engine.queueChanges$().subscribe((change) => {
      for (const [agentId, state] of states) states.set(agentId, applyDeskChange(state, change));
    }),
    engine.directoryChanges$().subscribe((change) => {
      for (const [agentId, state] of states) states.set(agentId, applyDeskChange(state, change));
    }),
  );
  for (const agentId of agentIds) add(agentId);
  /** The applied changes, `desk$` and a desk built from scratch agree, and agree with the queries. */
  const check = (limit: number, label = '') => {
    for (const [agentId, state] of states) {
      const fresh = engine.getDesk(agentId);
      if (fresh === undefined) continue;
      expect(state.desk, `${label} ${agentId}: applied changes`).toEqual(fresh);
      expect(desks.get(agentId), `${label} ${agentId}: desk$`).toEqual(fresh);
      const waiting = engine.waitingActivities(agentId);
      expect(fresh.waiting.count, `${label} ${agentId}: count`).toBe(waiting.length);
      expect(fresh.waiting.items, `${label} ${agentId}: items`).toEqual(waiting.slice(0, limit));
      const agent = engine.getAgent(agentId);
      expect(fresh.offers.map((o) => o.offerId)).toEqual(agent?.offers.map((o) => o.id));
      // Chats a supervisor monitors show on its desk (marked) without being its own.
      expect(fresh.chats.filter((c) => !c.monitoring).map((c) => c.chatId)).toEqual(agent?.chats);
    }
  };
  return { states, desks, add, check, stop: () => subscriptions.forEach((s) => s.unsubscribe()) };
}
