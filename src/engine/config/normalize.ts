import { ChatrouteError } from '../../errors/ChatrouteError';
import { strategies } from '../../routing/strategies';
import { checkOverflowTargets, normalizePolicies, normalizeSkills } from '../../policies/normalizePolicies';
import { agentConfig, queueConfig } from '../../model/commands';
import type { AgentConfig, AgentOverrides, QueueConfig, ReminderPolicy } from '../../model/config';
import type { Schema } from '../../schema/schema';
import type { NormalizedAgent, NormalizedQueue } from '../ports';

const invalid = (message: string): never => {
  throw new ChatrouteError('invalid-config', message);
};

/**
 * The configuration schema's limits (the same rules `queue.upsert` and `agent.upsert` validate with): checked after the
 * checks above, which word the commonest mistakes precisely. A snapshot's configuration is read without them
 * (`limits: false`): what an earlier version stored is restored as it was.
 */
function checkLimits(schema: Schema<unknown>, value: unknown, where: string): void {
  const parsed = schema.parse(value, where);
  if (!parsed.ok) invalid(`${parsed.path} ${parsed.message}`);
}

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 200;

function positiveMs(value: unknown, what: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return invalid(`${what} must be a finite number of milliseconds >= 0, got ${String(value)}`);
  }
  return value;
}

/** Validates one queue and fills its defaults; throws `invalid-config` naming the field. */
export function normalizeQueue(q: QueueConfig, index: number | string, limits = true): NormalizedQueue {
  const where = typeof index === 'number' ? `queues[${index}]` : index;
  if (!isId(q?.id)) invalid(`${where}.id must be a string of 1..200 characters`);
  if (typeof q.name !== 'string' || q.name.length === 0) invalid(`${where}.name must be a non-empty string`);
  const strategy = q.strategy ?? 'longest-idle';
  if (!Object.prototype.hasOwnProperty.call(strategies, strategy)) {
    invalid(`${where}.strategy must be one of ${Object.keys(strategies).join(', ')}, got ${String(strategy)}`);
  }
  const missedOffer = q.missedOffer ?? 'unpaid-pause';
  if (missedOffer !== 'unpaid-pause' && missedOffer !== 'none') {
    invalid(`${where}.missedOffer must be 'unpaid-pause' or 'none', got ${String(missedOffer)}`);
  }
  const assignment = q.assignment ?? 'auto';
  if (assignment !== 'auto' && assignment !== 'manual') invalid(`${where}.assignment must be 'auto' or 'manual', got ${String(assignment)}`);
  if (!Array.isArray(q.closeStatuses) || q.closeStatuses.length === 0 || !q.closeStatuses.every(isId)) {
    invalid(`${where}.closeStatuses must be a non-empty array of strings (the statuses an agent may close with)`);
  }
  const maxTextLength = q.maxTextLength ?? 10_000;
  if (!Number.isInteger(maxTextLength) || maxTextLength < 1 || maxTextLength > 100_000) {
    invalid(`${where}.maxTextLength must be an integer in 1..100000, got ${String(maxTextLength)}`);
  }
  const maxAttachmentBytes = q.maxAttachmentBytes ?? 10 * 1024 * 1024;
  if (!Number.isInteger(maxAttachmentBytes) || maxAttachmentBytes < 0) {
    invalid(`${where}.maxAttachmentBytes must be an integer >= 0, got ${String(maxAttachmentBytes)}`);
  }
  if (q.allowedAttachmentTypes !== undefined && (!Array.isArray(q.allowedAttachmentTypes) || !q.allowedAttachmentTypes.every((t) => typeof t === 'string' && /^[\w.+-]+\/([\w.+-]+|\*)$/.test(t)))) {
    invalid(`${where}.allowedAttachmentTypes must be MIME types such as "image/png" or "image/*"`);
  }
  const templates = q.templates ?? [];
  if (!Array.isArray(templates) || !templates.every((t) => isId(t?.id) && typeof t.title === 'string' && typeof t.text === 'string')) {
    invalid(`${where}.templates must be an array of { id, title, text } with string fields`);
  }
  if (new Set(templates.map((t) => t.id)).size !== templates.length) invalid(`${where}.templates has a duplicate id`);
  if (q.externalUrl !== undefined && typeof q.externalUrl !== 'string') invalid(`${where}.externalUrl must be a string`);
  if (limits) checkLimits(queueConfig, q, where);
  return {
    id: q.id,
    name: q.name,
    strategy: strategies[strategy],
    offerTimeoutMs: positiveMs(q.offerTimeoutMs, `${where}.offerTimeoutMs`, 20_000),
    missedOffer,
    closeStatuses: [...q.closeStatuses],
    rejectCooldownMs: positiveMs(q.rejectCooldownMs, `${where}.rejectCooldownMs`, 30_000),
    maxTextLength,
    maxAttachmentBytes,
    allowedAttachmentTypes: q.allowedAttachmentTypes ? [...q.allowedAttachmentTypes] : undefined,
    serviceLevelMs: positiveMs(q.serviceLevelMs, `${where}.serviceLevelMs`, 20_000),
    shortAbandonMs: positiveMs(q.shortAbandonMs, `${where}.shortAbandonMs`, 5_000),
    templates: templates.map((t) => Object.freeze({ id: t.id, title: t.title, text: t.text })),
    externalUrl: q.externalUrl,
    reminders: normalizeReminders(q.reminders, where),
    policies: normalizePolicies(q.policies, where),
    inactivity: normalizeInactivity(q, where),
    holdFreesSlot: q.hold?.freesSlot === true,
    allowedTags: q.tags?.allowed !== undefined ? Object.freeze([...q.tags.allowed]) : undefined,
    maxTagsPerChat: q.tags?.maxPerChat ?? 20,
    assignment,
  };
}

/** The default warning line of `inactivity`. */
export const INACTIVITY_WARNING = 'Are you still there? This chat will close soon without a reply.';

function normalizeInactivity(q: QueueConfig, where: string): NormalizedQueue['inactivity'] {
  const policy = q.inactivity;
  if (policy === undefined) return undefined;
  if (typeof policy !== 'object' || policy === null) return invalid(`${where}.inactivity must be { warnAfterMs, closeAfterMs, status }`);
  if (!q.closeStatuses.includes(policy.status)) {
    invalid(`${where}.inactivity.status must be one of the queue's closeStatuses (${q.closeStatuses.join(', ')}), got ${String(policy.status)}`);
  }
  return Object.freeze({
    warnAfterMs: positiveMs(policy.warnAfterMs, `${where}.inactivity.warnAfterMs`, 0),
    closeAfterMs: positiveMs(policy.closeAfterMs, `${where}.inactivity.closeAfterMs`, 0),
    status: policy.status,
    warningText: typeof policy.warningText === 'string' && policy.warningText.length > 0 ? policy.warningText : INACTIVITY_WARNING,
  });
}

function normalizeReminders(value: ReminderPolicy | undefined, where: string): ReminderPolicy {
  if (value === undefined || value === 'off') return 'off';
  if (typeof value === 'object' && value !== null && value.mode === 'every-message') return { mode: 'every-message' };
  if (typeof value === 'object' && value !== null && value.mode === 'after-first-message') {
    return { mode: 'after-first-message', delayMs: positiveMs(value.delayMs, `${where}.reminders.delayMs`, 60_000) };
  }
  return invalid(`${where}.reminders must be 'off', { mode: 'every-message' } or { mode: 'after-first-message', delayMs }`);
}

/** Validates one agent against the known queues; throws `invalid-config` naming the field. */
export function normalizeAgent(a: AgentConfig, index: number | string, queues: ReadonlyMap<string, NormalizedQueue>, limits = true): NormalizedAgent {
  const where = typeof index === 'number' ? `agents[${index}]` : index;
  if (!isId(a?.id)) invalid(`${where}.id must be a string of 1..200 characters`);
  if (typeof a.name !== 'string' || a.name.length === 0) invalid(`${where}.name must be a non-empty string`);
  if (!Number.isInteger(a.capacity) || a.capacity < 1 || a.capacity > 1000) {
    invalid(`${where}.capacity must be an integer in 1..1000, got ${String(a.capacity)}`);
  }
  if (!Array.isArray(a.queues)) invalid(`${where}.queues must be an array of queue ids or { queueId, penalty }`);
  const penalties = new Map<string, number>();
  for (const m of a.queues) {
    const queueId = typeof m === 'string' ? m : m?.queueId;
    const penalty = typeof m === 'string' ? 0 : (m?.penalty ?? 0);
    if (typeof queueId !== 'string' || !queues.has(queueId)) {
      invalid(`${where}.queues refers to unknown queue ${JSON.stringify(queueId)}; known: ${[...queues.keys()].join(', ')}`);
    }
    if (!Number.isFinite(penalty) || penalty < 0) invalid(`${where}: penalty for ${queueId} must be a number >= 0`);
    if (penalties.has(queueId as string)) invalid(`${where}.queues lists ${queueId} twice`);
    penalties.set(queueId as string, penalty);
  }
  const supervises = a.supervises ?? [];
  if (!Array.isArray(supervises) || !supervises.every((queueId) => queues.has(queueId))) {
    invalid(`${where}.supervises must list known queue ids; known: ${[...queues.keys()].join(', ')}`);
  }
  const skills = normalizeSkills(a.skills, where);
  const overrides = normalizeOverrides(a.overrides, where);
  if (limits) checkLimits(agentConfig, a, where);
  return { id: a.id, name: a.name, capacity: a.capacity, penalties, supervises: new Set(supervises), skills, overrides };
}

function normalizeOverrides(o: AgentOverrides | undefined, where: string): Readonly<AgentOverrides> | undefined {
  if (o === undefined) return undefined;
  if (typeof o !== 'object' || o === null) return invalid(`${where}.overrides must be { wrapUpMs?, missedOffer?, missedOfferPauseAfter? }`);
  if (o.missedOffer !== undefined && o.missedOffer !== 'unpaid-pause' && o.missedOffer !== 'none') {
    invalid(`${where}.overrides.missedOffer must be 'unpaid-pause' or 'none', got ${String(o.missedOffer)}`);
  }
  if (o.missedOfferPauseAfter !== undefined && (!Number.isInteger(o.missedOfferPauseAfter) || o.missedOfferPauseAfter < 1)) {
    invalid(`${where}.overrides.missedOfferPauseAfter must be an integer >= 1, got ${String(o.missedOfferPauseAfter)}`);
  }
  return Object.freeze({
    ...(o.wrapUpMs !== undefined ? { wrapUpMs: positiveMs(o.wrapUpMs, `${where}.overrides.wrapUpMs`, 0) } : {}),
    ...(o.missedOffer !== undefined ? { missedOffer: o.missedOffer } : {}),
    ...(o.missedOfferPauseAfter !== undefined ? { missedOfferPauseAfter: o.missedOfferPauseAfter } : {}),
  });
}

/** Validates and fills defaults; throws {@link ChatrouteError} `invalid-config` with the first problem found. */
export function normalizeConfig(options: { readonly queues: readonly QueueConfig[]; readonly agents: readonly AgentConfig[]; readonly retainFinishedChats?: number }, limits = true): {
  queues: Map<string, NormalizedQueue>;
  agents: Map<string, NormalizedAgent>;
  retainFinishedChats: number;
} {
  if (typeof options !== 'object' || options === null) invalid('createEngine needs an options object');
  if (!Array.isArray(options.queues)) invalid('options.queues must be an array');
  if (!Array.isArray(options.agents)) invalid('options.agents must be an array');
  const queues = new Map<string, NormalizedQueue>();
  options.queues.forEach((q, i) => {
    const queue = normalizeQueue(q, i, limits);
    if (queues.has(queue.id)) invalid(`queues[${i}].id ${JSON.stringify(queue.id)} is used twice`);
    queues.set(queue.id, queue);
  });
  const agents = new Map<string, NormalizedAgent>();
  options.agents.forEach((a, i) => {
    const agent = normalizeAgent(a, i, queues, limits);
    if (agents.has(agent.id)) invalid(`agents[${i}].id ${JSON.stringify(agent.id)} is used twice`);
    agents.set(agent.id, agent);
  });
  const retainFinishedChats = options.retainFinishedChats ?? 10_000;
  if (!Number.isInteger(retainFinishedChats) || retainFinishedChats < 0) {
    invalid(`options.retainFinishedChats must be an integer >= 0, got ${String(retainFinishedChats)}`);
  }
  checkOverflowTargets(queues);
  return { queues, agents, retainFinishedChats };
}
