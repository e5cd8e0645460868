import { expect } from 'vitest';
import type { AgentView, ChatView, EngineEvent } from 'chatroute';
import { chats, type Model, type World } from './world';

type Ev<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

const rankLess = (a: ChatView, b: ChatView, seqOf: Map<string, number>) =>
  b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || (seqOf.get(a.id) ?? 0) - (seqOf.get(b.id) ?? 0);

/** Until when each (chat, agent) pair is cooling down after a reject or a missed offer. */
function cooldowns(world: World): Map<string, number> {
  const until = new Map<string, number>();
  for (const e of world.events) {
    if (e.type !== 'offer.rejected' && e.type !== 'offer.expired') continue;
    const chat = world.engine.getChat(e.chatId) as ChatView;
    const queue = world.queues.find((q) => q.id === chat.queueId);
    until.set(`${e.chatId}\u0000${e.agentId}`, e.at + (queue?.rejectCooldownMs ?? 30_000));
  }
  return until;
}

function eligible(world: World, agent: AgentView, queueId: string): boolean {
  const membership = agent.queues.find((q) => q.queueId === queueId);
  return agent.state === 'ready' && agent.offers.length === 0 && agent.slotsUsed < agent.capacity && membership?.loggedIn === true;
}

/** The invariants of the engine core, checked after every step. `stepFrom` = index of the step's first event. */
export function checkInvariants(world: World, model: Model, stepFrom: number): void {
  const { engine, clock } = world;
  const all = chats(world);
  const agents = world.agents.map((a) => engine.getAgent(a.id) as AgentView);
  const now = clock.now();

  // 1. Every started chat is in exactly one state; none is lost.
  expect(all.length).toBe(model.started);
  const states = ['queued', 'offered', 'active', 'closing', 'closed', 'abandoned'];
  for (const chat of all) expect(states).toContain(chat.state);

  // 2. Slots: offers + chats, never above capacity; both sides agree on who holds what.
  for (const agent of agents) {
    expect(agent.slotsUsed).toBe(agent.offers.length + agent.chats.length);
    expect(agent.slotsUsed).toBeLessThanOrEqual(agent.capacity);
    const heldOffers = all.filter((c) => c.offers.some((o) => o.agentId === agent.id)).map((c) => c.id);
    expect([...agent.offers.map((o) => o.chatId)].sort()).toEqual(heldOffers.sort());
    const heldChats = all
      .filter((c) => (c.state === 'active' || c.state === 'closing') && c.participants.some((p) => p.agentId === agent.id))
      .map((c) => c.id);
    expect([...agent.chats].sort()).toEqual(heldChats.sort());
    if (agent.state === 'busy') expect(agent.slotsUsed).toBe(agent.capacity);
    if (agent.state === 'ready') expect(agent.slotsUsed).toBeLessThan(agent.capacity);
    if (agent.state === 'offline') expect(agent.slotsUsed).toBe(0);
    expect(agent.pause !== undefined).toBe(agent.state === 'paused');
  }

  // 3. At most one owner, who participates; offers only in the offered state, each to an eligible-at-offer agent
  //    (online, not paused, member and logged in, one offer at a time).
  for (const chat of all) {
    if (chat.owner !== undefined) expect(chat.participants.map((p) => p.agentId)).toContain(chat.owner);
    if (chat.state === 'active' || chat.state === 'closing') expect(chat.owner).toBeDefined();
    expect(chat.offers.length > 0).toBe(chat.state === 'offered');
    for (const offer of chat.offers) {
      const agent = agents.find((a) => a.id === offer.agentId) as AgentView;
      expect(agent.state === 'ready' || agent.state === 'busy').toBe(true);
      expect(agent.offers).toHaveLength(1);
      expect(agent.queues.find((q) => q.queueId === chat.queueId)?.loggedIn).toBe(true);
      expect(offer.expiresAt).toBeGreaterThan(now);
    }
  }

  // 4. Every offer ends exactly once; the pending ones are exactly those not ended.
  const created = new Map<string, Ev<'offer.created'>>();
  const ended = new Map<string, number>();
  for (const e of world.events) {
    if (e.type === 'offer.created') created.set(e.offer.id, e);
    if (e.type === 'offer.accepted' || e.type === 'offer.rejected' || e.type === 'offer.expired' || e.type === 'offer.withdrawn') {
      expect(created.has(e.offerId)).toBe(true);
      ended.set(e.offerId, (ended.get(e.offerId) ?? 0) + 1);
    }
  }
  for (const count of ended.values()) expect(count).toBe(1);
  const pending = all.flatMap((c) => c.offers.map((o) => o.id)).sort();
  expect(pending).toEqual([...created.keys()].filter((id) => !ended.has(id)).sort());

  // 5. Each expired offer under unpaid-pause pauses its agent, unpaid, exactly once.
  const unpaidQueues = new Set(world.queues.filter((q) => (q.missedOffer ?? 'unpaid-pause') === 'unpaid-pause').map((q) => q.id));
  const expiredUnpaid = world.events.filter(
    (e) => e.type === 'offer.expired' && unpaidQueues.has((world.engine.getChat(e.chatId) as ChatView).queueId),
  ).length;
  const missedPauses = world.events.filter(
    (e) => e.type === 'agent.statusChanged' && e.state === 'paused' && e.pause?.reason === 'missed-offer' && e.pause.paid === false && e.pause.since === e.at,
  ).length;
  expect(missedPauses).toBe(expiredUnpaid);

  // 6. Work conservation: no waiting chat while an eligible agent (not cooling down for it) has a free slot.
  const cooling = cooldowns(world);
  for (const chat of all.filter((c) => c.state === 'queued')) {
    for (const agent of agents) {
      if (!eligible(world, agent, chat.queueId)) continue;
      const until = cooling.get(`${chat.id}\u0000${agent.id}`);
      expect(until !== undefined && until > now, `${chat.id} waits while ${agent.id} is free`).toBe(true);
    }
  }

  // 7. In a queue, chats are offered in (priority, enqueue time) order: when a chat is offered to an agent, no
  //    better-ranked chat of the same queue was waiting that this agent could have taken (not cooling down).
  //    "Waiting" is replayed from the events, so each offer is judged against the moment it was made.
  const seqOf = new Map(world.chatIds.map((id, i) => [id, i]));
  const waiting = new Set<string>();
  const coolingSoFar = new Map<string, number>();
  world.events.forEach((e, index) => {
    if (e.type === 'offer.rejected' || e.type === 'offer.expired') {
      const queue = world.queues.find((q) => q.id === (world.engine.getChat(e.chatId) as ChatView).queueId);
      coolingSoFar.set(`${e.chatId}\u0000${e.agentId}`, e.at + (queue?.rejectCooldownMs ?? 30_000));
    }
    if (e.type === 'chat.queued') waiting.add(e.chatId);
    if (e.type === 'chat.assigned' || e.type === 'chat.abandoned') waiting.delete(e.chatId);
    if (e.type !== 'offer.created') return;
    waiting.delete(e.chatId);
    if (index < stepFrom) return;
    const offered = world.engine.getChat(e.chatId) as ChatView;
    for (const otherId of waiting) {
      const other = world.engine.getChat(otherId) as ChatView;
      if (other.queueId !== offered.queueId || !(rankLess(other, offered, seqOf) < 0)) continue;
      const until = coolingSoFar.get(`${other.id}\u0000${e.agentId}`);
      expect(until !== undefined && until > e.at, `${other.id} outranks ${offered.id} offered to ${e.agentId}`).toBe(true);
    }
  });

  // 8. Every closed chat has a status from its queue's list.
  for (const chat of all.filter((c) => c.state === 'closed')) {
    const queue = world.queues.find((q) => q.id === chat.queueId);
    expect(queue?.closeStatuses).toContain(chat.status);
  }

  // Events are numbered without gaps and never go back in time.
  for (let i = Math.max(1, stepFrom); i < world.events.length; i++) {
    expect((world.events[i] as EngineEvent).seq).toBe((world.events[i - 1] as EngineEvent).seq + 1);
    expect((world.events[i] as EngineEvent).at).toBeGreaterThanOrEqual((world.events[i - 1] as EngineEvent).at);
  }
}
