import { expect } from 'vitest';
import type { AgentView, ChatView } from 'chatroute';
import { Ledger } from './ledger';
import { checkPolicyInvariants, mayTake, policyAware, policyOutranks } from './policyModel';
import { chats, type Model, type World } from './world';

const rankLess = (a: ChatView, b: ChatView, seqOf: Map<string, number>) =>
  b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || (seqOf.get(a.id) ?? 0) - (seqOf.get(b.id) ?? 0);

/** Free for an automatic offer: ready (online, not paused, a free slot), connected (issue 9) and holding no offer. */
const free = (agent: AgentView) =>
  agent.state === 'ready' && agent.disconnectedSince === undefined && agent.offers.length === 0 && agent.slotsUsed < agent.capacity;
const manualQueue = (world: World, queueId: string) => world.queues.find((q) => q.id === queueId)?.assignment === 'manual';
const inQueue = (agent: AgentView, queueId: string) => agent.queues.find((q) => q.queueId === queueId)?.loggedIn === true;

/** The invariants of the engine, checked after every step. `stepFrom` = index of the step's first event. */
export function checkInvariants(world: World, model: Model, stepFrom: number): void {
  const { engine, clock } = world;
  const all = chats(world);
  const agents = world.agents.map((a) => engine.getAgent(a.id) as AgentView);
  const byId = new Map(agents.map((a) => [a.id, a]));
  const now = clock.now();

  // 0. The engine's own auditor found nothing in this step (it checks after every command and every timer).
  expect(world.events.slice(stepFrom).filter((e) => e.type === 'invariant.violated')).toEqual([]);

  // 1. Every started chat is in exactly one state; none is lost.
  expect(all.length).toBe(model.started);
  for (const chat of all) expect(['queued', 'offered', 'active', 'closing', 'closed', 'abandoned']).toContain(chat.state);

  // 2. Slots used = offers + participations (active and closing chats), never above capacity; both sides agree.
  for (const agent of agents) {
    // A wrap-up (issue 9) holds a slot of its own after its chat closed.
    expect(agent.slotsUsed).toBe(agent.offers.length + agent.chats.length + (agent.wrapUps?.length ?? 0));
    // A capacity lowered at runtime below the slots in use leaves the agent over it, full, until enough chats end:
    // nothing new is taken meanwhile (the slots held can only have been taken under the old capacity).
    const ceiling = Math.max(agent.capacity, world.slotsAtCapacityChange?.get(agent.id) ?? 0);
    expect(agent.slotsUsed).toBeLessThanOrEqual(ceiling);
    if (world.slotsAtCapacityChange !== undefined && agent.slotsUsed <= agent.capacity) world.slotsAtCapacityChange.delete(agent.id);
    else if (agent.slotsUsed < ceiling) world.slotsAtCapacityChange?.set(agent.id, agent.slotsUsed);
    const heldOffers = all.filter((c) => c.offers.some((o) => o.agentId === agent.id)).map((c) => c.id);
    expect([...agent.offers.map((o) => o.chatId)].sort()).toEqual(heldOffers.sort());
    const heldChats = all
      .filter((c) => (c.state === 'active' || c.state === 'closing') && c.participants.some((p) => p.agentId === agent.id))
      .map((c) => c.id);
    expect([...agent.chats].sort()).toEqual(heldChats.sort());
    if (agent.state === 'busy') expect(agent.slotsUsed).toBeGreaterThanOrEqual(agent.capacity);
    if (agent.state === 'ready') expect(agent.slotsUsed).toBeLessThan(agent.capacity);
    if (agent.state === 'offline') expect(agent.slotsUsed).toBe(0);
    expect(agent.pause !== undefined).toBe(agent.state === 'paused');
    // Time in states sums to the elapsed time (since the agent was hired, for one added at runtime).
    const t = agent.timeInState;
    expect(t.offline + t.ready + t.busy + t.pausedPaid + t.pausedUnpaid + (t.wrapUp ?? 0)).toBe(now - (world.hiredAt?.get(agent.id) ?? 0));
  }

  // 3. One owner, who participates; participants are logged-in agents; offers go only to eligible agents, one at a time.
  for (const chat of all) {
    if (chat.owner !== undefined) expect(chat.participants.map((p) => p.agentId)).toContain(chat.owner);
    const open = chat.state === 'active' || chat.state === 'closing';
    if (open) expect(chat.owner).toBeDefined();
    if (!open && chat.state !== 'closed') expect(chat.participants).toEqual([]);
    if (open) for (const p of chat.participants) expect(byId.get(p.agentId)?.state).not.toBe('offline');
    expect(new Set(chat.participants.map((p) => p.agentId)).size).toBe(chat.participants.length);
    const inviting = chat.state === 'active' && chat.invitation?.state === 'offered';
    expect(chat.offers.length > 0).toBe(chat.state === 'offered' || inviting);
    for (const offer of chat.offers) {
      const agent = byId.get(offer.agentId) as AgentView;
      expect(agent.state === 'ready' || agent.state === 'busy').toBe(true);
      expect(agent.offers).toHaveLength(1);
      expect(offer.expiresAt + (world.lateMs ?? 0)).toBeGreaterThan(now);
      expect(chat.participants.some((p) => p.agentId === offer.agentId)).toBe(false);
      if (offer.kind === 'route') expect(inQueue(agent, chat.queueId)).toBe(true);
      if (offer.kind === 'invite') expect(chat.invitation).toBeDefined();
    }
    if (chat.state === 'queued' || chat.state === 'offered') expect(chat.waitingFor).toBeDefined();
    if (chat.invitation !== undefined) expect(chat.state).toBe('active');
  }

  // 4. Every offer ends exactly once; the pending ones are exactly those not ended.
  const created = new Set<string>();
  const ended = new Map<string, number>();
  for (const e of world.events) {
    if (e.type === 'offer.created') created.add(e.offer.id);
    if (e.type === 'offer.accepted' || e.type === 'offer.rejected' || e.type === 'offer.expired' || e.type === 'offer.withdrawn') {
      expect(created.has(e.offerId)).toBe(true);
      ended.set(e.offerId, (ended.get(e.offerId) ?? 0) + 1);
    }
  }
  for (const count of ended.values()) expect(count).toBe(1);
  const pending = all.flatMap((c) => c.offers.map((o) => o.id)).sort();
  expect(pending).toEqual([...created].filter((id) => !ended.has(id)).sort());

  // 5. Each expired offer under unpaid-pause pauses its agent, unpaid, exactly once (so pauses = such expiries).
  const expiredAt = new Map<string, number>();
  const missedPauses = world.events.filter(
    (e) => e.type === 'agent.statusChanged' && e.state === 'paused' && e.pause?.reason === 'missed-offer' && e.pause.since === e.at,
  ).length;
  for (const e of world.events) if (e.type === 'offer.expired') expiredAt.set(e.offerId, e.at);
  const unpaidExpiries = [...expiredAt.keys()].filter((offerId) => {
    const created = world.events.find((e) => e.type === 'offer.created' && e.offer.id === offerId);
    const queueId = created?.type === 'offer.created' ? created.notification.queue.id : '';
    return (world.queues.find((q) => q.id === queueId)?.missedOffer ?? 'unpaid-pause') === 'unpaid-pause';
  }).length;
  // With `missedOfferPauseAfter` > 1 somewhere (issue 9) a pause needs a run of misses: judged by invariant 14 instead.
  if (!world.queues.some((q) => (q.policies?.missedOfferPauseAfter ?? 1) > 1)) expect(missedPauses).toBe(unpaidExpiries);

  // Replay the log: cooldowns and waiting chats as of each offer (for 7) and now (for 6).
  const ledger = new Ledger(world.queues);
  const seqOf = new Map(world.chatIds.map((id, i) => [id, i]));
  world.events.forEach((e, index) =>
    ledger.apply(e, (offer, taskKey) => {
      // 7. In a queue, chats are offered in (priority, enqueue time) order: no better-ranked chat of the queue was
      //    waiting that this agent could have taken (not cooling down for it).
      if (index < stepFrom || offer.offer.kind === 'invite' || !ledger.waitingInQueue.has(offer.chatId)) return;
      const offered = engine.getChat(offer.chatId) as ChatView;
      for (const otherId of ledger.waitingInQueue) {
        const other = engine.getChat(otherId) as ChatView;
        const outranks = policyAware(world) ? policyOutranks(world, other, offered, offer.at, seqOf, offer.agentId) : rankLess(other, offered, seqOf) < 0;
        if (otherId === offer.chatId || other.queueId !== offered.queueId || !outranks) continue;
        expect(ledger.coolingUntil(ledger.chatTaskKey(otherId), offer.agentId), `${otherId} outranks ${offer.chatId} offered to ${offer.agentId} (${taskKey})`).toBeGreaterThan(offer.at);
      }
    }),
  );

  // 6. Work conservation, and nothing detached: every waiting chat or invitation is where someone can find it, and
  //    none waits while an agent who may take it is free.
  for (const chat of all) {
    const invitation = chat.state === 'active' && chat.invitation?.state === 'waiting' ? chat.invitation : undefined;
    const waitingChat = chat.state === 'queued';
    if (!waitingChat && invitation === undefined) continue;
    const target = waitingChat ? chat.waitingFor : invitation?.target;
    const taskKey = waitingChat ? ledger.chatTaskKey(chat.id) : (ledger.inviteTaskKey(chat.id) as string);
    const kind = waitingChat ? 'chat' : 'invite';
    const candidates = target !== undefined && 'agentId' in target ? [target.agentId] : world.agents.filter((a) => byId.get(a.id)?.queues.some((q) => q.queueId === (target as { queueId: string }).queueId)).map((a) => a.id);
    for (const agentId of candidates) {
      expect(engine.waitingActivities(agentId).some((w) => w.chatId === chat.id && w.kind === kind), `${kind} ${chat.id} missing from ${agentId}'s waiting activities`).toBe(
        !chat.participants.some((p) => p.agentId === agentId),
      );
      const agent = byId.get(agentId) as AgentView;
      // Manual selection (issue 21): a queue's chats and invitations wait to be picked, however free its members are.
      const manual = target !== undefined && 'queueId' in target && manualQueue(world, target.queueId);
      const eligible = !manual && free(agent) && (target !== undefined && 'agentId' in target ? true : inQueue(agent, (target as { queueId: string }).queueId));
      // Routing policies (issue 9): eligible by them for the whole of the clock's possible lateness.
      const cooling = (id: string) => ledger.coolingUntil(taskKey, id) > now;
      if (eligible && policyAware(world) && !(mayTake(world, chat, agent, now, cooling) && mayTake(world, chat, agent, now - (world.lateMs ?? 0), cooling))) continue;
      if (!eligible || chat.participants.some((p) => p.agentId === agentId)) continue;
      // On a clock that fires late (world.lateMs), a cooldown's end is noticed up to that much later.
      expect(ledger.coolingUntil(taskKey, agentId) + (world.lateMs ?? 0), `${kind} ${chat.id} waits while ${agentId} is free`).toBeGreaterThan(now);
    }
  }

  // 6b. Manual selection (issue 21): no offer made in this step routes a chat waiting for a queue in manual selection.
  for (const e of world.events.slice(stepFrom)) {
    if (e.type !== 'offer.created' || e.offer.kind !== 'route') continue;
    const waitingFor = (engine.getChat(e.chatId) as ChatView).waitingFor;
    if (waitingFor !== undefined && 'queueId' in waitingFor) expect(manualQueue(world, waitingFor.queueId), `offer ${e.offer.id} in manual queue ${waitingFor.queueId}`).toBe(false);
  }

  // 11. Presence (issue 9): a disconnected agent never receives an offer, and holds none; a withdrawal for a disconnect
  //     never pauses anyone (no pause at all in the step that withdrew); a `disconnected` pause only while disconnected.
  const disconnected = new Set<string>();
  world.events.forEach((e, index) => {
    if (e.type === 'agent.presenceChanged') {
      if (e.connected) disconnected.delete(e.agentId);
      else disconnected.add(e.agentId);
    } else if (e.type === 'agent.statusChanged' && e.state === 'offline') {
      disconnected.delete(e.agentId);
    } else if (e.type === 'offer.created') {
      expect(disconnected.has(e.agentId), `offer ${e.offer.id} to disconnected ${e.agentId}`).toBe(false);
    } else if (e.type === 'agent.statusChanged' && e.state === 'paused' && e.pause?.reason === 'disconnected' && e.pause.since === e.at) {
      expect(disconnected.has(e.agentId), `${e.agentId} paused as disconnected while connected`).toBe(true);
    }
    if (index >= stepFrom && e.type === 'offer.withdrawn' && e.reason === 'agent-disconnected') {
      const paused = world.events.slice(stepFrom).filter((p) => p.type === 'agent.statusChanged' && p.state === 'paused');
      expect(paused, `a withdrawal for a disconnect paused someone`).toEqual([]);
    }
  });
  for (const agent of agents) {
    if (agent.disconnectedSince !== undefined) expect(agent.offers, `disconnected ${agent.id} holds an offer`).toEqual([]);
    expect(agent.disconnectedSince !== undefined).toBe(disconnected.has(agent.id));
  }

  // 8. Every closed chat has a status from its (final) queue's list.
  for (const chat of all.filter((c) => c.state === 'closed')) {
    expect(world.queues.find((q) => q.id === chat.queueId)?.closeStatuses).toContain(chat.status);
  }

  if (policyAware(world)) checkPolicyInvariants(world, stepFrom);

  // Events are numbered without gaps and never go back in time.
  for (let i = Math.max(1, stepFrom); i < world.events.length; i++) {
    expect(world.events[i]?.seq).toBe((world.events[i - 1]?.seq ?? 0) + 1);
    expect(world.events[i]?.at).toBeGreaterThanOrEqual(world.events[i - 1]?.at ?? 0);
  }
}
