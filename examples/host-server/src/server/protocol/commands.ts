import { commandSchema, type Attachment, type Command } from 'chatroute';
import { agentCommandTypes, customerCommandTypes } from '../../shared/protocol';
import { unknownKey } from './parseFrame';

/** An engine command ready to dispatch, or why the client may not send it. */
export type Mapped =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly code: 'bad-frame' | 'forbidden'; readonly message: string };

/** Turns upload ids into attachments the server vouches for (see UploadStore.attachments). */
export type ResolveUploads = (ids: readonly string[], chatId: string) => Attachment[] | string;

const forbidden = (message: string): Mapped => ({ ok: false, code: 'forbidden', message });
const bad = (message: string): Mapped => ({ ok: false, code: 'bad-frame', message });

/** Validates with the engine's own schema at the edge, so a malformed command never reaches `dispatch`. */
function checked(command: unknown): Mapped {
  const parsed = commandSchema.parse(command);
  return parsed.ok ? { ok: true, command: parsed.value } : bad(`command.${parsed.path} ${parsed.message}`);
}

/** `text` and `uploads` of a message.send, with the uploads resolved to attachments. */
function messageBody(raw: Readonly<Record<string, unknown>>, chatId: string, resolve: ResolveUploads): { text?: string; attachments?: Attachment[] } | string {
  const uploads = raw.uploads;
  if (uploads !== undefined && (!Array.isArray(uploads) || uploads.length > 10 || !uploads.every((u) => typeof u === 'string'))) {
    return 'command.uploads must be an array of at most 10 upload ids';
  }
  const attachments = uploads === undefined || uploads.length === 0 ? undefined : resolve(uploads as string[], chatId);
  if (typeof attachments === 'string') return attachments;
  return { ...(raw.text !== undefined ? { text: raw.text as string } : {}), ...(attachments !== undefined ? { attachments } : {}) };
}

/**
 * The command an agent's frame asks for, acting as `agentId` and nobody else. Whatever `agentId` (or message
 * `from`) the client put in is replaced by the session's, so a tab can never act for a colleague; and only desk
 * commands are allowed (an agent cannot start or leave a chat as a customer).
 *
 * @example
 * ```ts
 * agentCommand('alice', { type: 'offer.accept', chatId: 'chat-1', agentId: 'bob' }, resolve);
 * // → { ok: true, command: { type: 'offer.accept', chatId: 'chat-1', agentId: 'alice' } }
 * ```
 */
export function agentCommand(agentId: string, raw: Readonly<Record<string, unknown>>, resolve: ResolveUploads): Mapped {
  const type = raw.type as string;
  if (!(agentCommandTypes as readonly string[]).includes(type)) return forbidden(`agents may not send ${JSON.stringify(type)}`);
  // Supervisor commands name the actor `supervisorId` (always this session's agent) and may name a target `agentId`
  // (whom to pause, resume or log out); the engine checks that the actor supervises the agent's or the chat's queue.
  if (type.startsWith('supervisor.') || type === 'chat.setPriority') {
    const { supervisorId: _ignoredSupervisor, from: _ignored, ...target } = raw;
    return checked({ ...target, supervisorId: agentId });
  }
  const { agentId: _ignoredAgent, from: _ignoredFrom, supervisorId: _ignoredSupervisor, ...rest } = raw;
  if (type !== 'message.send') return checked({ ...rest, agentId });
  const extra = unknownKey(rest, ['type', 'chatId', 'text', 'uploads']);
  if (extra !== undefined) return bad(`command.${extra} is not a property of message.send`);
  if (typeof rest.chatId !== 'string') return bad('command.chatId must be a string');
  const body = messageBody(rest, rest.chatId, resolve);
  if (typeof body === 'string') return bad(body);
  return checked({ type, chatId: rest.chatId, from: { kind: 'agent', agentId }, ...body });
}

/**
 * The command a customer's frame asks for, always on the chat their token belongs to: a `chatId` in the frame is
 * ignored, so a customer cannot write into (or leave) someone else's chat.
 */
export function customerCommand(chatId: string, raw: Readonly<Record<string, unknown>>, resolve: ResolveUploads): Mapped {
  const type = raw.type as string;
  if (!(customerCommandTypes as readonly string[]).includes(type)) return forbidden(`customers may not send ${JSON.stringify(type)}`);
  const { chatId: _ignoredChat, from: _ignoredFrom, agentId: _ignoredAgent, ...rest } = raw;
  if (type === 'customer.leave') {
    return unknownKey(rest, ['type']) === undefined ? checked({ type, chatId }) : bad('customer.leave takes no properties');
  }
  const extra = unknownKey(rest, ['type', 'text', 'uploads']);
  if (extra !== undefined) return bad(`command.${extra} is not a property of message.send`);
  const body = messageBody(rest, chatId, resolve);
  if (typeof body === 'string') return bad(body);
  return checked({ type, chatId, from: { kind: 'customer' }, ...body });
}
