/** How much is written: `debug` < `info` < `warn` < `error`; `silent` writes nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ranks: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Structured fields of one line. Values are redacted by field name (see {@link redact}) before they are written. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The host's logger: one JSON object per line (`time`, `level`, `msg`, then the fields). The parts of the host that
 * must stay leaves (engine/, auth/) take the structural `{ error(msg, fields) }` of it, not this module.
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line (`{ node: 'node-a' }`). */
  child(fields: LogFields): Logger;
}

/**
 * Field names whose values are never written, at any depth: what a person typed or what signs someone in. Matched
 * case-insensitively on the name with `_` and `-` removed, so `fileName`, `file_name` and `File-Name` are one name.
 */
const SECRET_FIELDS = new Set([
  'text', 'body', 'message', 'messages', 'transcript', 'content', 'payload', 'frame', 'data',
  'name', 'customer', 'customername', 'email', 'phone', 'filename', 'file', 'files', 'attachment', 'attachments',
  'password', 'newpassword', 'token', 'tokens', 'authorization', 'cookie', 'setcookie', 'secret', 'identity', 'auth', 'credentials',
]);

export const REDACTED = '[redacted]';

const MAX_DEPTH = 4;

/**
 * A copy of `value` safe to log: every field named in the redaction list is replaced by `[redacted]`, at any depth;
 * an `Error` keeps its name, its `code` and its stack frames but not its message (a parser's message can quote the
 * input it refused). Strings are cut at 500 characters.
 *
 * @example
 * ```ts
 * redact({ chatId: 'c-1', text: 'my card is 4111…', customer: { email: 'eve@example.com' } });
 * // { chatId: 'c-1', text: '[redacted]', customer: '[redacted]' }
 * ```
 */
export function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return errorFields(value);
  if (typeof value === 'string') return value.length > 500 ? `${value.slice(0, 500)}…` : value;
  if (typeof value !== 'object' || value === null) return typeof value === 'bigint' ? String(value) : value;
  if (depth >= MAX_DEPTH) return '[object]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_FIELDS.has(key.toLowerCase().replace(/[_-]/g, '')) ? REDACTED : redact(v, depth + 1);
  return out;
}

function errorFields(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  // The first line of a stack is `Name: message`: only the frames are kept.
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 8).map((line) => line.trim());
  return { name: error.name, ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}), stack: frames };
}

/**
 * Reads `LOG_LEVEL` (default `info`); an unknown value throws, so a typo is not silently `info`.
 *
 * @example
 * ```ts
 * logLevelOf(process.env.LOG_LEVEL); // 'info' when unset
 * ```
 */
export function logLevelOf(value: string | undefined): LogLevel {
  const level = (value ?? '').trim().toLowerCase();
  if (level === '') return 'info';
  if (level in ranks) return level as LogLevel;
  throw new Error(`LOG_LEVEL must be one of ${Object.keys(ranks).join(', ')}, got ${JSON.stringify(value)}`);
}

/**
 * A JSON-lines logger writing to `write` (default: standard output), from `level` up.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: logLevelOf(process.env.LOG_LEVEL) });
 * log.info('listening', { url });          // {"time":"…","level":"info","msg":"listening","url":"http://…"}
 * log.error('request failed', { error });  // the error's name, code and frames; never its message
 * ```
 */
export function createLogger(options: { level?: LogLevel; write?: (line: string) => void; now?: () => number; fields?: LogFields } = {}): Logger {
  const min = ranks[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? Date.now;
  const base = options.fields ?? {};
  const line = (level: Exclude<LogLevel, 'silent'>, msg: string, fields: LogFields | undefined): void => {
    if (ranks[level] < min) return;
    try {
      const safe = redact({ ...base, ...fields }) as Record<string, unknown>;
      write(`${JSON.stringify({ time: new Date(now()).toISOString(), level, msg, ...safe })}\n`);
    } catch {
      // A log line must never take a request down (a cyclic value, a closed stream).
    }
  };
  return {
    debug: (msg, fields) => line('debug', msg, fields),
    info: (msg, fields) => line('info', msg, fields),
    warn: (msg, fields) => line('warn', msg, fields),
    error: (msg, fields) => line('error', msg, fields),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** A logger that writes nothing. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
