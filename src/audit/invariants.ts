import type { AgentView } from '../model/agent';
import type { ChatView } from '../model/chat';

/**
 * What the invariants are checked over: the engine's public views of every live chat and every agent, at one
 * settled moment. Plain data, so a test (or a tool reading a recorded state) can build one by hand.
 */
export interface AuditSubject {
  /** The engine's clock time. */
  readonly now: number;
  /** Every live chat (not closed or abandoned), as `engine.getChat` returns it. */
  readonly chats: readonly ChatView[];
  /** Every agent, as `engine.getAgent` returns it. */
  readonly agents: readonly AgentView[];
  /**
   * Whether the router may hold this waiting chat (`chat`) or invitation (`invite`) back from this agent now: the
   * agent is excluded from it, or declined it and a reject cooldown may still run. Without it, work conservation
   * assumes nothing is held back.
   */
  readonly heldBack?: (chatId: string, kind: 'chat' | 'invite', agentId: string) => boolean;
}

/** One broken invariant: which, in words, and the data that shows it. */
export interface InvariantViolation {
  /** A stable name: `slots`, `agent-state`, `offers-agree`, `chats-agree`, `owner`, `offer-target`, `offer-state`, `waiting`, `work-conservation`. */
  readonly invariant: string;
  readonly message: string;
  /** The ids and figures involved, as plain JSON. */
  readonly evidence: Readonly<Record<string, unknown>>;
}

const open = (chat: ChatView) => chat.state === 'active' || chat.state === 'closing';
const loggedInto = (agent: AgentView, queueId: string) => agent.queues.some((q) => q.queueId === queueId && q.loggedIn);
/** Free for an automatic offer: ready (online, not paused, a free slot), connected, and holding no offer. */
const free = (agent: AgentView) =>
  agent.state === 'ready' && agent.disconnectedSince === undefined && agent.offers.length === 0 && agent.slotsUsed < agent.capacity && agent.wrapUps?.some((w) => w.whole) !== true;
/** Whether two short lists hold the same ids (each side is duplicate-free where it matters; lengths must agree). */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 1) return a[0] === b[0];
  for (const x of a) if (!b.includes(x)) return false;
  return true;
}
const push = (map: Map<string, string[]>, key: string, value: string) => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

function checkAgents(subject: AuditSubject, out: InvariantViolation[]): void {
  const offersHeld = new Map<string, string[]>();
  const chatsHeld = new Map<string, string[]>();
  for (const chat of subject.chats) {
    for (const offer of chat.offers) push(offersHeld, offer.agentId, offer.id);
    if (open(chat)) for (const p of chat.participants) push(chatsHeld, p.agentId, chat.id);
  }
  for (const agent of subject.agents) {
    const evidence = () => ({ agentId: agent.id, state: agent.state, capacity: agent.capacity, slotsUsed: agent.slotsUsed, offers: agent.offers.map((o) => o.id), chats: [...agent.chats] });
    // A wrap-up (routing policy `wrapUp`) holds a slot of its own after its chat closed.
    const wrapUps = agent.wrapUps?.length ?? 0;
    // A chat on hold that frees its slot (queue policy `hold.freesSlot`) stays in `chats` without holding one.
    const held = agent.held?.length ?? 0;
    if (agent.slotsUsed !== agent.offers.length + agent.chats.length + wrapUps - held || (agent.held ?? []).some((id) => !agent.chats.includes(id))) {
      out.push({ invariant: 'slots', message: `${agent.id} counts ${agent.slotsUsed} slots used but holds ${agent.offers.length} offers and ${agent.chats.length} chats${wrapUps > 0 ? ` and ${wrapUps} wrap-ups` : ''}${held > 0 ? ` (${held} on hold, freed)` : ''}`, evidence: evidence() });
    }
    const wrong =
      agent.state === 'ready' && agent.slotsUsed >= agent.capacity ? 'is ready with no free slot'
      : agent.state === 'busy' && agent.slotsUsed < agent.capacity ? 'is busy with a free slot'
      : agent.state === 'offline' && agent.slotsUsed > 0 ? 'is offline holding slots'
      : (agent.pause !== undefined) !== (agent.state === 'paused') ? 'has a pause that disagrees with its state'
      : agent.offers.length > 1 ? 'holds more than one offer'
      : undefined;
    if (wrong !== undefined) out.push({ invariant: 'agent-state', message: `${agent.id} ${wrong}`, evidence: { ...evidence(), pause: agent.pause ?? null } });
    const heldOffers = offersHeld.get(agent.id) ?? [];
    if (!sameSet(agent.offers.length === 0 ? [] : agent.offers.map((o) => o.id), heldOffers)) {
      out.push({ invariant: 'offers-agree', message: `${agent.id}'s offers disagree with the chats' offers`, evidence: { ...evidence(), chatsSay: heldOffers } });
    }
    const heldChats = chatsHeld.get(agent.id) ?? [];
    if (!sameSet(agent.chats, heldChats)) {
      out.push({ invariant: 'chats-agree', message: `${agent.id}'s chats disagree with the chats' participants`, evidence: { ...evidence(), chatsSay: heldChats } });
    }
  }
}

function checkChats(subject: AuditSubject, byId: ReadonlyMap<string, AgentView>, out: InvariantViolation[]): void {
  for (const chat of subject.chats) {
    const participants = chat.participants.map((p) => p.agentId);
    const evidence = () => ({ chatId: chat.id, state: chat.state, owner: chat.owner ?? null, participants, offers: chat.offers.map((o) => ({ id: o.id, agentId: o.agentId, kind: o.kind })) });
    const ownerProblem =
      chat.owner !== undefined && !participants.includes(chat.owner) ? `owner ${chat.owner} does not participate`
      : open(chat) && chat.owner === undefined ? 'is open without an owner'
      : !open(chat) && participants.length > 0 ? `has participants while ${chat.state}`
      : participants.length > 1 && new Set(participants).size !== participants.length ? 'lists a participant twice'
      : open(chat) && participants.some((id) => byId.get(id)?.state === 'offline') ? 'has an offline participant'
      : undefined;
    if (ownerProblem !== undefined) out.push({ invariant: 'owner', message: `${chat.id} ${ownerProblem}`, evidence: evidence() });
    const inviting = chat.state === 'active' && chat.invitation?.state === 'offered';
    if ((chat.offers.length > 0) !== (chat.state === 'offered' || inviting)) {
      out.push({ invariant: 'offer-state', message: `${chat.id} is ${chat.state} with ${chat.offers.length} pending offers`, evidence: evidence() });
    }
    if ((chat.state === 'queued' || chat.state === 'offered') && chat.waitingFor === undefined) {
      out.push({ invariant: 'waiting', message: `${chat.id} is ${chat.state} but waits nowhere`, evidence: evidence() });
    }
    for (const offer of chat.offers) {
      const agent = byId.get(offer.agentId);
      const problem =
        agent === undefined ? 'an unknown agent'
        : agent.state !== 'ready' && agent.state !== 'busy' ? `an agent who is ${agent.state}`
        : agent.disconnectedSince !== undefined ? 'a disconnected agent'
        : participants.includes(offer.agentId) ? 'a participant'
        : offer.kind === 'route' && !loggedInto(agent, chat.queueId) ? `an agent not logged into ${chat.queueId}`
        : undefined;
      if (problem !== undefined) out.push({ invariant: 'offer-target', message: `${chat.id} is offered (${offer.id}) to ${problem}`, evidence: { ...evidence(), agentId: offer.agentId } });
    }
  }
}

/** No chat or invitation waits while an agent who may take it is free (and not held back from it). */
function checkWorkConservation(subject: AuditSubject, out: InvariantViolation[]): void {
  const freeAgents = subject.agents.filter(free);
  if (freeAgents.length === 0) return;
  for (const chat of subject.chats) {
    const invitation = chat.state === 'active' && chat.invitation?.state === 'waiting' ? chat.invitation : undefined;
    if (chat.state !== 'queued' && invitation === undefined) continue;
    const kind = invitation === undefined ? 'chat' : 'invite';
    const target = invitation === undefined ? chat.waitingFor : invitation.target;
    if (target === undefined) continue;
    for (const agent of freeAgents) {
      const eligible = 'agentId' in target ? agent.id === target.agentId : loggedInto(agent, target.queueId);
      if (!eligible || chat.participants.some((p) => p.agentId === agent.id) || subject.heldBack?.(chat.id, kind, agent.id) === true) continue;
      out.push({
        invariant: 'work-conservation',
        message: `${kind === 'chat' ? 'chat' : 'the invitation of'} ${chat.id} waits while ${agent.id} is free to take it`,
        evidence: { chatId: chat.id, kind, target, agentId: agent.id, agentSlotsUsed: agent.slotsUsed, agentCapacity: agent.capacity },
      });
      break;
    }
  }
}

/**
 * Checks the engine's invariants over its public views and returns what is broken (empty when all hold):
 * slot accounting (`slots`), an agent's state against its slots and pause (`agent-state`), offers and chats seen
 * the same from the agent's and the chat's side (`offers-agree`, `chats-agree`), owners who participate and
 * participants who are online (`owner`), offers only while offered or inviting and only to online, logged-in,
 * non-participating agents (`offer-state`, `offer-target`), every waiting chat somewhere (`waiting`), and work
 * conservation: nothing waits while an agent who may take it is free (`work-conservation`). Pure: `createEngine({
 * audit })` runs it after transactions; tests and tools may run it on any subject.
 *
 * @example
 * ```ts
 * import { checkInvariants } from 'chatroute/audit';
 * const violations = checkInvariants({
 *   now: clock.now(),
 *   chats: chatIds.map((id) => engine.getChat(id)!).filter((c) => c.state !== 'closed' && c.state !== 'abandoned'),
 *   agents: agentIds.map((id) => engine.getAgent(id)!),
 * });
 * for (const v of violations) console.error(v.invariant, v.message, v.evidence);
 * ```
 */
export function checkInvariants(subject: AuditSubject): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const byId = new Map(subject.agents.map((a) => [a.id, a]));
  checkAgents(subject, out);
  checkChats(subject, byId, out);
  checkWorkConservation(subject, out);
  return out;
}
