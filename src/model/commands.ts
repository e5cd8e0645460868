import { array, boolean, literal, number, object, oneOf, optional, record, string, tagged, union } from '../schema/schema';
import type { Schema } from '../schema/schema';
import { queuePolicies, skillLevels } from './policySchema';

const id = string({ minLength: 1, maxLength: 200 });
const shortText = string({ minLength: 1, maxLength: 200 });

/** Who a customer is, as shown on the offer notification. Extra host fields go in `details`. */
const customer = object({
  name: shortText,
  contactId: optional(id),
  email: optional(string({ maxLength: 320 })),
  phone: optional(string({ maxLength: 64 })),
  account: optional(string({ maxLength: 200 })),
  crmUrl: optional(string({ maxLength: 2048 })),
  details: optional(record(string({ maxLength: 1000 }), { maxEntries: 32, maxKeyLength: 64 })),
});

const sender = tagged('kind', {
  customer: object({ kind: literal('customer') }),
  agent: object({ kind: literal('agent'), agentId: id }),
});

/** Where a transfer or an invitation goes: one agent, or whoever the queue's strategy picks. */
const target = union<{ agentId: string } | { queueId: string }>(
  [object({ agentId: id }), object({ queueId: id })],
  'either { agentId } or { queueId }',
);

/** A file sent in a chat: metadata only; the host stores the bytes and gives their URL. */
const attachment = object({
  name: string({ minLength: 1, maxLength: 255 }),
  size: number({ min: 0, max: 2 ** 40, integer: true }),
  mimeType: string({ minLength: 3, maxLength: 255 }),
  url: string({ minLength: 1, maxLength: 2048 }),
});

const agentOnly = <T extends string>(type: T) => object({ type: literal(type), agentId: id });
const agentChat = <T extends string>(type: T) => object({ type: literal(type), agentId: id, chatId: id });
const agentQueue = <T extends string>(type: T) => object({ type: literal(type), agentId: id, queueId: id });

const ms = number({ min: 0, max: 365 * 24 * 3_600_000 });
/** A chat tag (`chat.tag`): a short label such as `billing` or `vip`. */
const tag = string({ minLength: 1, maxLength: 64 });
/** What a transfer or an invitation says to the agent who receives it (shown in the offer). */
const comment = optional(string({ minLength: 1, maxLength: 1000 }));

/**
 * A queue's configuration, as `queue.upsert` and `createEngine({ queues })` both take it: one set of fields and limits
 * (README, "Configuration limits").
 */
export const queueConfig = object({
  id,
  name: shortText,
  strategy: optional(oneOf(['longest-idle', 'least-busy', 'round-robin', 'ring-all', 'random'] as const)),
  offerTimeoutMs: optional(ms),
  missedOffer: optional(oneOf(['unpaid-pause', 'none'] as const)),
  closeStatuses: array(id, { maxItems: 200 }),
  rejectCooldownMs: optional(ms),
  maxTextLength: optional(number({ min: 1, max: 100_000, integer: true })),
  maxAttachmentBytes: optional(number({ min: 0, max: 2 ** 40, integer: true })),
  allowedAttachmentTypes: optional(array(string({ minLength: 3, maxLength: 255 }), { maxItems: 200 })),
  serviceLevelMs: optional(ms),
  shortAbandonMs: optional(ms),
  templates: optional(array(object({ id, title: shortText, text: string({ maxLength: 10_000 }) }), { maxItems: 500 })),
  externalUrl: optional(string({ maxLength: 2048 })),
  reminders: optional(
    union<'off' | { mode: 'every-message' } | { mode: 'after-first-message'; delayMs: number }>(
      [literal('off'), object({ mode: literal('every-message') }), object({ mode: literal('after-first-message'), delayMs: ms })],
      "'off', { mode: 'every-message' } or { mode: 'after-first-message', delayMs }",
    ),
  ),
  policies: optional(queuePolicies),
  inactivity: optional(
    object({
      warnAfterMs: ms,
      closeAfterMs: ms,
      status: id,
      warningText: optional(string({ minLength: 1, maxLength: 1000 })),
    }),
  ),
  hold: optional(object({ freesSlot: boolean() })),
  tags: optional(object({ allowed: optional(array(tag, { maxItems: 500 })), maxPerChat: optional(number({ min: 1, max: 100, integer: true })) })),
  assignment: optional(oneOf(['auto', 'manual'] as const)),
});

/** An agent's configuration, as `agent.upsert` and `createEngine({ agents })` both take it: one set of fields and limits. */
export const agentConfig = object({
  id,
  name: shortText,
  capacity: number({ min: 1, max: 1000, integer: true }),
  queues: array(
    union<string | { queueId: string; penalty?: number }>([id, object({ queueId: id, penalty: optional(number({ min: 0, max: 1_000_000 })) })], 'a queue id or { queueId, penalty? }'),
    { maxItems: 1000 },
  ),
  supervises: optional(array(id, { maxItems: 1000 })),
  skills: optional(skillLevels),
  overrides: optional(
    object({
      wrapUpMs: optional(ms),
      missedOffer: optional(oneOf(['unpaid-pause', 'none'] as const)),
      missedOfferPauseAfter: optional(number({ min: 1, max: 1000, integer: true })),
    }),
  ),
});

/** The largest message text any queue may allow; each queue sets its own lower `maxTextLength`. */
export const MAX_TEXT_LENGTH = 100_000;

const members = {
  'agent.login': agentOnly('agent.login'),
  'agent.logout': agentOnly('agent.logout'),
  'agent.joinQueue': agentQueue('agent.joinQueue'),
  'agent.leaveQueue': agentQueue('agent.leaveQueue'),
  'agent.pause': object({ type: literal('agent.pause'), agentId: id, reason: shortText, paid: boolean() }),
  'agent.resume': agentOnly('agent.resume'),
  'chat.start': object({
    type: literal('chat.start'),
    queueId: id,
    customer,
    chatId: optional(id),
    priority: optional(number({ min: -1_000_000, max: 1_000_000 })),
    /** Required skill → minimum level: only agents who meet them are offered the chat. */
    skills: optional(skillLevels),
    /** Reserve the chat for this agent a while (queue policy `affinity`), if they are logged into the queue. */
    preferredAgentId: optional(id),
  }),
  'offer.accept': agentChat('offer.accept'),
  'offer.reject': agentChat('offer.reject'),
  'chat.pick': agentChat('chat.pick'),
  'chat.setStatus': object({ type: literal('chat.setStatus'), agentId: id, chatId: id, status: shortText }),
  'chat.close': agentChat('chat.close'),
  'customer.leave': object({ type: literal('customer.leave'), chatId: id }),
  'message.send': object({
    type: literal('message.send'),
    chatId: id,
    from: sender,
    text: optional(string({ maxLength: MAX_TEXT_LENGTH })),
    attachments: optional(array(attachment, { maxItems: 10 })),
    clientMessageId: optional(string({ minLength: 1, maxLength: 100 })),
  }),
  'chat.read': agentChat('chat.read'),
  'chat.invite': object({ type: literal('chat.invite'), agentId: id, chatId: id, target, comment }),
  'chat.cancelInvite': agentChat('chat.cancelInvite'),
  'chat.transfer': object({ type: literal('chat.transfer'), agentId: id, chatId: id, target, comment }),
  'chat.markImportant': object({ type: literal('chat.markImportant'), agentId: id, chatId: id, important: boolean() }),
  'chat.requestAssistance': object({
    type: literal('chat.requestAssistance'),
    agentId: id,
    chatId: id,
    note: optional(string({ maxLength: 1000 })),
  }),
  /** Puts an active chat on hold (waiting for the customer or a third party): no inactivity clock; see `hold.freesSlot`. */
  'chat.hold': object({ type: literal('chat.hold'), agentId: id, chatId: id, reason: optional(shortText) }),
  /** Takes a chat off hold; refused with `capacity-exceeded` when its slot was freed and the holder has none free now. */
  'chat.resume': agentChat('chat.resume'),
  /** An agent-only line (an internal note; from a monitoring supervisor, a whisper): kept in history, never shown to the customer. */
  'chat.note': object({ type: literal('chat.note'), agentId: id, chatId: id, text: string({ minLength: 1, maxLength: MAX_TEXT_LENGTH }) }),
  /** Adds and removes chat tags (queue option `tags`); they land in the contact record. */
  'chat.tag': object({
    type: literal('chat.tag'),
    agentId: id,
    chatId: id,
    add: optional(array(tag, { maxItems: 100 })),
    remove: optional(array(tag, { maxItems: 100 })),
  }),
  'assistance.resolve': object({ type: literal('assistance.resolve'), agentId: id, requestId: id }),
  'queue.upsert': object({ type: literal('queue.upsert'), queue: queueConfig }),
  'queue.remove': object({ type: literal('queue.remove'), queueId: id }),
  'agent.upsert': object({ type: literal('agent.upsert'), agent: agentConfig }),
  'agent.remove': object({ type: literal('agent.remove'), agentId: id }),
  'agent.wrapUpDone': object({ type: literal('agent.wrapUpDone'), agentId: id, chatId: optional(id) }),
  'agent.disconnected': agentOnly('agent.disconnected'),
  'agent.connected': agentOnly('agent.connected'),
  'customer.disconnected': object({ type: literal('customer.disconnected'), chatId: id }),
  'customer.connected': object({ type: literal('customer.connected'), chatId: id }),
  'supervisor.pauseAgent': object({
    type: literal('supervisor.pauseAgent'),
    supervisorId: id,
    agentId: id,
    reason: optional(shortText),
    paid: optional(boolean()),
  }),
  'supervisor.resumeAgent': object({ type: literal('supervisor.resumeAgent'), supervisorId: id, agentId: id }),
  'supervisor.logoutAgent': object({ type: literal('supervisor.logoutAgent'), supervisorId: id, agentId: id }),
  /** `comment`: shown to the receiving agent in the offer, as for `chat.transfer`. */
  'supervisor.transferChat': object({ type: literal('supervisor.transferChat'), supervisorId: id, chatId: id, target, comment }),
  'supervisor.requeueChat': object({ type: literal('supervisor.requeueChat'), supervisorId: id, chatId: id }),
  'chat.setPriority': object({
    type: literal('chat.setPriority'),
    supervisorId: id,
    chatId: id,
    priority: number({ min: -1_000_000, max: 1_000_000 }),
  }),
  'supervisor.joinChat': object({
    type: literal('supervisor.joinChat'),
    supervisorId: id,
    chatId: id,
    mode: oneOf(['monitor', 'barge'] as const),
  }),
  'supervisor.leaveChat': object({ type: literal('supervisor.leaveChat'), supervisorId: id, chatId: id }),
  /** Erases a contact's personal data everywhere the engine and its store keep it (the host authorises who may). */
  'contact.erase': object({ type: literal('contact.erase'), contactId: id }),
};

type Members = typeof members;

/**
 * Every command `engine.dispatch` accepts, as plain data. Validate untrusted input with {@link commandSchema}.
 *
 * @example
 * ```ts
 * import type { Command } from 'chatroute';
 * const accept: Command = { type: 'offer.accept', agentId: 'alice', chatId: 'chat-1' };
 * ```
 */
export type Command = { [K in keyof Members]: Members[K] extends Schema<infer T> ? T : never }[keyof Members];

/** The `type` of every command. */
export type CommandType = Command['type'];

/** The command of one `type`. */
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** The customer's details as given in `chat.start`. */
export type Customer = CommandOf<'chat.start'>['customer'];

/** Who sent a message: the customer or an agent; the engine adds `system` for its own lines. */
export type Sender = CommandOf<'message.send'>['from'];

/** Where a transfer or an invitation goes: `{ agentId }` or `{ queueId }`. */
export type TransferTarget = CommandOf<'chat.transfer'>['target'];

/** A file's metadata in a message: `{ name, size, mimeType, url }`; the host keeps the bytes. */
export type Attachment = NonNullable<CommandOf<'message.send'>['attachments']>[number];

/**
 * The schema of every command: `parse(unknown)` validates untrusted JSON exactly as `engine.dispatch` does, and
 * `json` is the same rules as a JSON Schema document for hosts that validate at their edge.
 *
 * @example
 * ```ts
 * import { commandSchema } from 'chatroute';
 * const r = commandSchema.parse({ type: 'offer.accept', agentId: 'alice' });
 * // r → { ok: false, path: 'chatId', message: 'is required' }
 * ```
 */
export const commandSchema: Schema<Command> = tagged('type', members) as Schema<Command>;

/**
 * Every command `type`, in reference order (for host menus, routing tables and docs).
 *
 * @example
 * ```ts
 * import { commandTypes } from 'chatroute';
 * commandTypes.includes('offer.accept'); // true
 * ```
 */
export const commandTypes = Object.keys(members) as CommandType[];
