import { expect } from 'vitest';
import { isOpen, type AgentView, type ChatView, type QueuePolicies } from 'chatroute';
import type { World } from './world';

/**
 * The routing policies (issue 9) as the model-based tests judge them: who may take a waiting chat now (for work
 * conservation and serving order) and the policies' own invariants. Only worlds whose queues have policies or whose
 * agents have skills use it; elsewhere the base invariants judge alone.
 */
export const policyAware = (world: World): boolean =>
  world.queues.some((q) => q.policies !== undefined) ||
  world.agents.some((a) => a.skills !== undefined) ||
  world.steps.some((s) => s.kind === 'dispatch' && typeof s.command === 'object' && s.command !== null && ('skills' in s.command || 'preferredAgentId' in s.command));

const policiesOf = (world: World, queueId: string): QueuePolicies | undefined => world.queues.find((q) => q.id === queueId)?.policies;
const skillsOf = (world: World, agentId: string) => world.agents.find((a) => a.id === agentId)?.skills;
const penaltyOf = (world: World, agentId: string, queueId: string): number => {
  const m = world.agents.find((a) => a.id === agentId)?.queues.find((q) => (typeof q === 'string' ? q : q.queueId) === queueId);
  return m === undefined || typeof m === 'string' ? 0 : (m.penalty ?? 0);
};
const relaxedAt = (p: QueuePolicies | undefined, waited: number) => (p?.skills?.relaxAfterMs ?? []).filter((ms) => ms <= waited).length;
const openAt = (p: QueuePolicies | undefined, waited: number) =>
  p?.widening === undefined ? Number.POSITIVE_INFINITY : Math.max(0, ...p.widening.filter((s) => s.afterMs <= waited).map((s) => s.maxPenalty));
const meets = (skills: Record<string, number> | undefined, required: Readonly<Record<string, number>> | undefined, relaxed: number) =>
  Object.entries(required ?? {}).every(([skill, level]) => level - relaxed <= 0 || (skills?.[skill] ?? 0) >= level - relaxed);
const loggedInto = (agent: AgentView | undefined, queueId: string) => agent !== undefined && agent.state !== 'offline' && agent.queues.some((q) => q.queueId === queueId && q.loggedIn);

/** Whether the policies let `agent` take waiting `chat` at `at` (reading the preferred agent's state now). */
export function mayTake(world: World, chat: ChatView, agent: AgentView, at: number, cooling: (agentId: string) => boolean): boolean {
  if (agent.wrapUps?.some((w) => w.whole) === true) return false;
  if ((chat.state !== 'queued' && chat.state !== 'offered') || chat.waitingFor === undefined || 'agentId' in chat.waitingFor) return true;
  const p = policiesOf(world, chat.queueId);
  const since = chat.routing?.since ?? chat.enqueuedAt;
  const relaxed = relaxedAt(p, at - since);
  if (!meets(skillsOf(world, agent.id), chat.routing?.skills, relaxed)) return false;
  const preferred = chat.routing?.preferredAgentId;
  if (preferred !== undefined && chat.routing?.reservedUntil !== undefined && at < chat.routing.reservedUntil) {
    const holds = loggedInto(world.engine.getAgent(preferred), chat.queueId) && meets(skillsOf(world, preferred), chat.routing.skills, relaxed) && !cooling(preferred);
    if (holds) return agent.id === preferred;
  }
  return penaltyOf(world, agent.id, chat.queueId) <= openAt(p, at - since);
}

/** Chats whose place changed in ways a view of now cannot date (moved, transferred, re-prioritised): not judged for order. */
function unsettled(world: World): Set<string> {
  const ids = new Set<string>();
  for (const e of world.events) {
    if (e.type === 'chat.overflowed' || e.type === 'chat.transferred') ids.add(e.chatId);
    if (e.type === 'supervisor.acted' && 'chatId' in e && typeof e.chatId === 'string') ids.add(e.chatId);
  }
  return ids;
}

/** Whether waiting `other` outranked `offered` for `agentId` at `at`: served first by effective priority, and takeable by them. */
export function policyOutranks(world: World, other: ChatView, offered: ChatView, at: number, seqOf: Map<string, number>, agentId: string): boolean {
  const moved = unsettled(world);
  if (moved.has(other.id) || moved.has(offered.id)) return false;
  const p = policiesOf(world, other.queueId);
  const since = other.routing?.since ?? other.enqueuedAt;
  if (other.routing?.reservedUntil !== undefined && at < other.routing.reservedUntil) return false;
  if (!meets(skillsOf(world, agentId), other.routing?.skills, relaxedAt(p, at - since))) return false;
  if (penaltyOf(world, agentId, other.queueId) > openAt(p, at - since)) return false;
  const rate = (p?.aging?.perMinute ?? 0) / 60_000;
  const diff = other.priority - offered.priority + rate * (offered.enqueuedAt - other.enqueuedAt);
  if (Math.abs(diff) > 1e-9) return diff > 0;
  return other.enqueuedAt - offered.enqueuedAt < 0 || (other.enqueuedAt === offered.enqueuedAt && (seqOf.get(other.id) ?? 0) < (seqOf.get(offered.id) ?? 0));
}

interface Track {
  effective: Map<string, { queueId: string; value: number }>;
  waiting: Map<string, { queueId: string; skills: Readonly<Record<string, number>> | undefined; since: number }>;
}
const tracks = new WeakMap<World, Track>();

/** The policies' own invariants, after every step (numbered on from the base ones). */
export function checkPolicyInvariants(world: World, stepFrom: number): void {
  const { engine } = world;
  const now = world.clock.now();
  const late = world.lateMs ?? 0;
  const track = tracks.get(world) ?? { effective: new Map(), waiting: new Map() };
  tracks.set(world, track);
  const recent = world.events.slice(stepFrom);
  const reprioritised = new Set(recent.flatMap((e) => (e.type === 'supervisor.acted' && 'chatId' in e && typeof e.chatId === 'string' ? [e.chatId] : [])));

  // 12. Skills: no route offer, and no pick from a queue, goes to an agent lacking a required level (relaxed by the
  //     wait in the queue it waited in then; the requirements travel with the chat).
  const place = new Map<string, { queueId: string; since: number }>();
  world.events.forEach((e, index) => {
    if (e.type === 'chat.queued' && (e.reason === 'started' || e.reason === 'overflowed' || e.reason === 'transferred')) place.set(e.chatId, { queueId: e.queueId, since: e.at });
    if (index < stepFrom || e.type !== 'offer.created' || e.offer.kind !== 'route') return;
    const where = place.get(e.chatId);
    const required = engine.getChat(e.chatId)?.routing?.skills;
    expect(meets(skillsOf(world, e.agentId), required, relaxedAt(policiesOf(world, where?.queueId ?? ''), e.at - (where?.since ?? 0))), `offer of ${e.chatId} to unskilled ${e.agentId}`).toBe(true);
  });
  for (const e of recent) {
    if (e.type === 'chat.assigned' && e.via === 'pick') {
      const was = track.waiting.get(e.chatId);
      if (was !== undefined) expect(meets(skillsOf(world, e.agentId), was.skills, relaxedAt(policiesOf(world, was.queueId), e.at - was.since)), `${e.agentId} picked ${e.chatId} unskilled`).toBe(true);
    }
    // 13. Business hours: a chat starts only in a queue open at that moment (a closed one refused or overflowed).
    if (e.type === 'chat.queued' && e.reason === 'started') {
      const hours = policiesOf(world, e.queueId)?.businessHours;
      if (hours !== undefined) expect(isOpen(hours, e.at), `${e.chatId} started in closed ${e.queueId}`).toBe(true);
    }
    // 14. Missed offers: a missed-offer pause only at the moment one of the agent's offers expired.
    if (e.type === 'agent.statusChanged' && e.state === 'paused' && e.pause?.reason === 'missed-offer' && e.pause.since === e.at) {
      expect(recent.some((x) => x.type === 'offer.expired' && x.agentId === e.agentId && x.at === e.at), `${e.agentId} paused without a miss`).toBe(true);
    }
  }

  const entered = new Map<string, number>();
  for (const e of world.events) {
    if (e.type === 'chat.queued' && (e.reason === 'started' || e.reason === 'overflowed' || e.reason === 'transferred')) entered.set(e.chatId, e.at);
  }
  // When (and from which queue) each agent left each closed chat: the wrap-up's clock and policy.
  const closedAt = new Map<string, { at: number; queueId: string }>();
  const queueOf = new Map<string, string>();
  const inChat = new Map<string, Set<string>>();
  const leave = (chatId: string, agentId: string, at: number) => closedAt.set(`${chatId}\u0000${agentId}`, { at, queueId: queueOf.get(chatId) ?? '' });
  for (const e of world.events) {
    if (e.type === 'chat.queued') queueOf.set(e.chatId, e.queueId);
    if (e.type === 'chat.assigned') inChat.set(e.chatId, new Set([e.agentId]));
    if (e.type === 'participant.joined') inChat.get(e.chatId)?.add(e.agentId);
    if (e.type === 'participant.left') {
      inChat.get(e.chatId)?.delete(e.agentId);
      if (e.reason === 'closed') leave(e.chatId, e.agentId, e.at);
    }
    if (e.type === 'chat.closed') for (const agentId of inChat.get(e.chatId) ?? []) leave(e.chatId, agentId, e.at);
  }
  track.waiting.clear();
  for (const id of world.chatIds) {
    const chat = engine.getChat(id) as ChatView;
    const waiting = (chat.state === 'queued' || chat.state === 'offered') && chat.waitingFor !== undefined && 'queueId' in chat.waitingFor;
    if (!waiting) {
      track.effective.delete(id);
      continue;
    }
    const p = policiesOf(world, chat.queueId);
    track.waiting.set(id, { queueId: chat.queueId, skills: chat.routing?.skills, since: chat.routing?.since ?? chat.enqueuedAt });
    // 15. Aging: a waiting chat's effective priority never decreases while it waits in a queue (short of a supervisor's change).
    const value = chat.priority + ((p?.aging?.perMinute ?? 0) * (now - chat.enqueuedAt)) / 60_000;
    const before = track.effective.get(id);
    if (before !== undefined && before.queueId === chat.queueId && !reprioritised.has(id)) expect(value, `${id}'s effective priority fell`).toBeGreaterThanOrEqual(before.value - 1e-9);
    track.effective.set(id, { queueId: chat.queueId, value });
    // 16. Maximum wait: no chat waits in a queue past its maxWaitMs without being moved or abandoned.
    const maxWaitMs = p?.overflow?.maxWaitMs;
    const since = entered.get(id);
    if (maxWaitMs !== undefined && since !== undefined) expect(now - since, `${id} waited past max wait in ${chat.queueId}`).toBeLessThan(maxWaitMs + (late > 0 ? late + 1 : 0));
  }

  // 18. Nobody logged in: a queue with `whenNobodyLoggedIn` holds no queued chat while nobody is logged into it and
  //     someone is logged into its overflow queue, and that queue is open (a chat is never moved into a closed queue).
  const staffed = (queueId: string) => world.agents.some((a) => loggedInto(engine.getAgent(a.id), queueId));
  const openNow = (queueId: string) => {
    const hours = policiesOf(world, queueId)?.businessHours;
    return hours === undefined || isOpen(hours, now);
  };
  for (const queue of world.queues) {
    const o = queue.policies?.overflow;
    if (o?.whenNobodyLoggedIn !== true || o.to === undefined || staffed(queue.id) || !staffed(o.to) || !openNow(o.to)) continue;
    const stuck = world.chatIds.filter((id) => {
      const chat = engine.getChat(id);
      return chat?.state === 'queued' && chat.waitingFor !== undefined && 'queueId' in chat.waitingFor && chat.waitingFor.queueId === queue.id;
    });
    expect(stuck, `chats wait in unstaffed ${queue.id} while ${o.to} is staffed`).toEqual([]);
  }

  // 17. Wrap-up: each holds its slot from the close for exactly the queue's time (or less, if ended by hand), never longer.
  for (const config of world.agents) {
    const agent = engine.getAgent(config.id);
    for (const w of agent?.wrapUps ?? []) {
      const closed = closedAt.get(`${w.chatId}\u0000${config.id}`);
      const policy = policiesOf(world, closed?.queueId ?? '')?.wrapUp;
      expect(policy, `${config.id} wraps up ${w.chatId} without a policy`).toBeDefined();
      expect(w.until).toBe((closed?.at ?? Number.NaN) + (policy?.ms ?? 0));
      expect(w.whole).toBe(policy?.hold === 'agent');
      expect(w.until + late, `${config.id}'s wrap-up of ${w.chatId} outlived its time`).toBeGreaterThan(now);
    }
  }
}
