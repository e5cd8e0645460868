import { DIRECTORY_PAGE_MAX, type AgentQuery, type ClientFrame, type Credentials } from '../../shared/protocol';

/**
 * A client frame whose envelope has been checked. A command travels on as a record with a `type`: its own fields
 * are checked against the sender's role (commands.ts), because what is allowed depends on who asks.
 */
export type IncomingFrame =
  | Exclude<ClientFrame, { type: 'command' }>
  | { readonly type: 'command'; readonly ref: string; readonly command: Readonly<Record<string, unknown>> & { readonly type: string } };

/** A parsed value, or why the frame is malformed (with its `ref` when one could be read, so the client can match it). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string; readonly ref?: string };

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isString = (value: unknown, max: number, min = 1): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max;

/** Refuses keys the protocol does not define: a typo should fail loudly, not be silently ignored. */
export function unknownKey(value: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  return Object.keys(value).find((key) => !allowed.includes(key));
}

function parseCredentials(auth: unknown): Credentials | string {
  if (!isRecord(auth)) return 'auth must be an object';
  if (auth.role === 'agent' && 'password' in auth) {
    if (unknownKey(auth, ['role', 'agentId', 'password']) !== undefined) return 'auth has an unknown property';
    if (!isString(auth.agentId, 200) || !isString(auth.password, 200)) return 'auth.agentId and auth.password must be strings';
    return { role: 'agent', agentId: auth.agentId, password: auth.password };
  }
  if ((auth.role === 'agent' || auth.role === 'customer') && 'token' in auth) {
    if (unknownKey(auth, ['role', 'token']) !== undefined) return 'auth has an unknown property';
    if (!isString(auth.token, 200)) return 'auth.token must be a string';
    return auth.role === 'agent' ? { role: 'agent', token: auth.token } : { role: 'customer', token: auth.token };
  }
  if (auth.role === 'customer' && 'start' in auth) {
    const start = auth.start;
    if (unknownKey(auth, ['role', 'start']) !== undefined || !isRecord(start)) return 'auth.start must be an object';
    if (unknownKey(start, ['queueId', 'name', 'email', 'identity']) !== undefined) return 'auth.start has an unknown property';
    if (!isString(start.queueId, 200) || typeof start.name !== 'string' || !isString(start.name.trim(), 200)) return 'auth.start needs queueId and name (1..200 characters)';
    if (start.email !== undefined && !isString(start.email, 320, 0)) return 'auth.start.email must be a string of at most 320 characters';
    const email = typeof start.email === 'string' && start.email.trim() !== '' ? { email: start.email.trim() } : {};
    const identity = start.identity;
    if (identity !== undefined && (!isRecord(identity) || unknownKey(identity, ['site', 'token']) !== undefined || !isString(identity.site, 100) || !isString(identity.token, 4_000))) {
      return 'auth.start.identity must be { site, token } (strings)';
    }
    const verified = identity !== undefined ? { identity: { site: identity.site as string, token: identity.token as string } } : {};
    return { role: 'customer', start: { queueId: start.queueId, name: start.name.trim(), ...email, ...verified } };
  }
  return 'auth must be { role: "agent", agentId, password }, { role, token } or { role: "customer", start }';
}

function parseQuery(query: unknown): AgentQuery | string {
  if (!isRecord(query)) return 'query must be an object';
  if (query.type === 'template') {
    if (unknownKey(query, ['type', 'chatId', 'templateId']) !== undefined) return 'query has an unknown property';
    if (!isString(query.chatId, 200) || !isString(query.templateId, 200)) return 'template query needs chatId and templateId';
    return { type: 'template', chatId: query.chatId, templateId: query.templateId };
  }
  if (query.type === 'history') {
    if (unknownKey(query, ['type', 'chatId', 'before']) !== undefined) return 'query has an unknown property';
    if (!isString(query.chatId, 200)) return 'history query needs chatId';
    if (query.before !== undefined && !isString(query.before, 200)) return 'history query: before must be a cursor string';
    return { type: 'history', chatId: query.chatId, ...(query.before !== undefined ? { before: query.before as string } : {}) };
  }
  if (query.type === 'directory') return parseDirectoryQuery(query);
  if (query.type === 'team') return unknownKey(query, ['type']) !== undefined ? 'query has an unknown property' : { type: 'team' };
  return 'query.type must be "template", "history", "directory" or "team"';
}

const isIdList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length <= DIRECTORY_PAGE_MAX && value.every((id) => isString(id, 200));
const isCount = (value: unknown, max: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

function parseDirectoryQuery(query: Record<string, unknown>): AgentQuery | string {
  if (unknownKey(query, ['type', 'search', 'queueIds', 'ids', 'offset', 'limit']) !== undefined) return 'query has an unknown property';
  if (query.search !== undefined && !isString(query.search, 200, 0)) return 'directory query: search must be a string of at most 200 characters';
  if (query.queueIds !== undefined && !isIdList(query.queueIds)) return `directory query: queueIds must be at most ${DIRECTORY_PAGE_MAX} ids`;
  if (query.ids !== undefined && !isIdList(query.ids)) return `directory query: ids must be at most ${DIRECTORY_PAGE_MAX} ids`;
  if (query.offset !== undefined && !isCount(query.offset, 1_000_000)) return 'directory query: offset must be an integer >= 0';
  if (query.limit !== undefined && !isCount(query.limit, DIRECTORY_PAGE_MAX)) return `directory query: limit must be an integer in 0..${DIRECTORY_PAGE_MAX}`;
  const { search, queueIds, ids, offset, limit } = query as { search?: string; queueIds?: string[]; ids?: string[]; offset?: number; limit?: number };
  return {
    type: 'directory',
    ...(search !== undefined ? { search } : {}),
    ...(queueIds !== undefined ? { queueIds } : {}),
    ...(ids !== undefined ? { ids } : {}),
    ...(offset !== undefined ? { offset } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

/** Checks a frame's envelope: JSON, a known `type`, a `ref` where one is due, no unknown properties. */
export function parseClientFrame(raw: string): Parsed<IncomingFrame> {
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'frame is not JSON' };
  }
  if (!isRecord(frame)) return { ok: false, message: 'frame must be a JSON object' };
  const ref = isString(frame.ref, 64) ? frame.ref : undefined;
  const fail = (message: string): Parsed<never> => ({ ok: false, message, ...(ref !== undefined ? { ref } : {}) });
  switch (frame.type) {
    case 'hello': {
      if (unknownKey(frame, ['type', 'version', 'auth']) !== undefined) return fail('hello has an unknown property');
      if (typeof frame.version !== 'number' || !Number.isInteger(frame.version)) return fail('hello.version must be an integer');
      const auth = parseCredentials(frame.auth);
      return typeof auth === 'string' ? fail(auth) : { ok: true, value: { type: 'hello', version: frame.version, auth } };
    }
    case 'command': {
      if (unknownKey(frame, ['type', 'ref', 'command']) !== undefined) return fail('command frame has an unknown property');
      if (ref === undefined) return fail('ref must be a string of 1..64 characters');
      if (!isRecord(frame.command) || typeof frame.command.type !== 'string') return fail('command must be an object with a type');
      return { ok: true, value: { type: 'command', ref, command: frame.command as Record<string, unknown> & { type: string } } };
    }
    case 'query': {
      if (unknownKey(frame, ['type', 'ref', 'query']) !== undefined) return fail('query frame has an unknown property');
      if (ref === undefined) return fail('ref must be a string of 1..64 characters');
      const query = parseQuery(frame.query);
      return typeof query === 'string' ? fail(query) : { ok: true, value: { type: 'query', ref, query } };
    }
    case 'typing':
      if (unknownKey(frame, ['type', 'chatId']) !== undefined) return fail('typing has an unknown property');
      if (frame.chatId !== undefined && !isString(frame.chatId, 200)) return fail('typing.chatId must be a string');
      return { ok: true, value: { type: 'typing', ...(frame.chatId !== undefined ? { chatId: frame.chatId as string } : {}) } };
    case 'signOut':
      if (unknownKey(frame, ['type']) !== undefined) return fail('signOut takes no properties');
      return { ok: true, value: { type: 'signOut' } };
    default:
      return fail('type must be "hello", "command", "query", "typing" or "signOut"');
  }
}
