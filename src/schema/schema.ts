/** A JSON Schema (draft 2020-12) document, as plain data. */
export type JsonSchema = { readonly [key: string]: unknown };

/** The outcome of {@link Schema.parse}: the value, or where and why it is wrong. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; path: string; message: string };

/**
 * A validator for untrusted JSON that also describes itself as JSON Schema, so hosts can validate at their edge
 * (an HTTP gateway, a WebSocket frame) with any JSON Schema tool, and the engine validates again with the same rules.
 *
 * @example
 * ```ts
 * import { commandSchema } from 'chatroute';
 * const r = commandSchema.parse(JSON.parse(frame));
 * if (!r.ok) reply({ error: `${r.path}: ${r.message}` });
 * ```
 */
export interface Schema<T> {
  readonly json: JsonSchema;
  parse(value: unknown, path?: string): ParseResult<T>;
}

type Infer<S> = S extends Schema<infer T> ? T : never;

// Internals: validators return the value or INVALID, and describe a failure in `failure`. Paths are built only when
// something fails (every command is validated on the hot path, so successful parses allocate as little as possible).
const INVALID: unique symbol = Symbol('invalid');
interface Path {
  readonly parent: Path | null;
  readonly key: string | number;
}
interface Failure {
  path: Path | null;
  message: string;
}
type Validate<T> = (value: unknown, at: Path | null, failure: Failure) => T | typeof INVALID;
interface Internal<T> extends Schema<T> {
  readonly validate: Validate<T>;
  readonly optional?: true;
}

function pathText(at: Path | null): string {
  const keys: Array<string | number> = [];
  for (let p = at; p !== null; p = p.parent) keys.unshift(p.key);
  const text = keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  return text || '(root)';
}

function reject(failure: Failure, at: Path | null, message: string): typeof INVALID {
  failure.path = at;
  failure.message = message;
  return INVALID;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `a string of length ${value.length}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function make<T>(json: JsonSchema, validate: Validate<T>, extra: { optional?: true } = {}): Internal<T> {
  return {
    ...extra,
    json,
    validate,
    parse(value, path = '') {
      const failure: Failure = { path: null, message: '' };
      const root: Path | null = path === '' ? null : { parent: null, key: path };
      let result: T | typeof INVALID;
      try {
        result = validate(value, root, failure);
      } catch (error) {
        // Objects no JSON parser makes (throwing getters, hostile or revoked proxies) are refused, never thrown through.
        return { ok: false, path: pathText(root), message: `could not be read: ${error instanceof Error ? error.message : String(error)}` };
      }
      return result === INVALID ? { ok: false, path: pathText(failure.path), message: failure.message } : { ok: true, value: result };
    },
  };
}

const internal = <T>(schema: Schema<T>): Internal<T> => schema as Internal<T>;

export function string(options: { minLength?: number; maxLength: number }): Schema<string> {
  const { minLength = 0, maxLength } = options;
  return make({ type: 'string', minLength, maxLength }, (value, at, failure) => {
    if (typeof value !== 'string') return reject(failure, at, `must be a string, got ${describe(value)}`);
    if (value.length < minLength || value.length > maxLength) {
      return reject(failure, at, `must be a string of ${minLength}..${maxLength} characters, got ${value.length}`);
    }
    return value;
  });
}

export function number(options: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
  const { min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER, integer = false } = options;
  return make({ type: integer ? 'integer' : 'number', minimum: min, maximum: max }, (value, at, failure) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return reject(failure, at, `must be a finite number, got ${describe(value)}`);
    if (integer && !Number.isInteger(value)) return reject(failure, at, `must be an integer, got ${value}`);
    if (value < min || value > max) return reject(failure, at, `must be between ${min} and ${max}, got ${value}`);
    return value;
  });
}

export function boolean(): Schema<boolean> {
  return make({ type: 'boolean' }, (value, at, failure) =>
    typeof value === 'boolean' ? value : reject(failure, at, `must be true or false, got ${describe(value)}`),
  );
}

export function literal<const L extends string>(literalValue: L): Schema<L> {
  return make({ const: literalValue }, (value, at, failure) =>
    value === literalValue ? literalValue : reject(failure, at, `must be "${literalValue}"`),
  );
}

export function oneOf<const L extends string>(values: readonly L[]): Schema<L> {
  const allowed = new Set<string>(values);
  return make({ enum: values }, (value, at, failure) =>
    typeof value === 'string' && allowed.has(value)
      ? (value as L)
      : reject(failure, at, `must be one of ${values.map((v) => `"${v}"`).join(', ')}, got ${describe(value)}`),
  );
}

export function array<T>(item: Schema<T>, options: { maxItems: number }): Schema<T[]> {
  const check = internal(item).validate;
  return make({ type: 'array', items: item.json, maxItems: options.maxItems }, (value, at, failure) => {
    if (!Array.isArray(value)) return reject(failure, at, `must be an array, got ${describe(value)}`);
    if (value.length > options.maxItems) return reject(failure, at, `must have at most ${options.maxItems} items, got ${value.length}`);
    const out: T[] = [];
    for (let i = 0; i < value.length; i++) {
      const r = check(value[i], { parent: at, key: i }, failure);
      if (r === INVALID) return INVALID;
      out.push(r);
    }
    return out;
  });
}

/** Marks an object property as optional (absent or `undefined`). */
export interface Optional<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export function optional<T>(inner: Schema<T>): Optional<T> {
  const check = internal(inner).validate;
  return make<T | undefined>(inner.json, (value, at, failure) => (value === undefined ? undefined : check(value, at, failure)), {
    optional: true,
  }) as Internal<T | undefined> & Optional<T>;
}

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** A plain object with exactly these keys: unknown keys are refused (they are usually typos). */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const fields = Object.keys(shape).map((key) => ({ key, schema: internal(shape[key] as Schema<unknown>) }));
  const keys = fields.map((f) => f.key);
  const properties: Record<string, JsonSchema> = {};
  for (const f of fields) properties[f.key] = f.schema.json;
  const required = fields.filter((f) => f.schema.optional !== true).map((f) => f.key);
  return make({ type: 'object', properties, required, additionalProperties: false }, (value, at, failure) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return reject(failure, at, `must be an object, got ${describe(value)}`);
    const input = value as Record<string, unknown>;
    for (const k in input) {
      if (hasOwn(input, k) && !hasOwn(shape, k)) return reject(failure, at, `has unknown property "${k}"; allowed: ${keys.join(', ')}`);
    }
    // Keys come from the shape (never "__proto__"), so a plain object is safe.
    const out: Record<string, unknown> = {};
    for (const { key, schema } of fields) {
      const present = hasOwn(input, key);
      if (!present && schema.optional !== true) return reject(failure, { parent: at, key }, 'is required');
      const r = schema.validate(present ? input[key] : undefined, { parent: at, key }, failure);
      if (r === INVALID) return INVALID;
      if (r !== undefined) out[key] = r;
    }
    return out as ObjectOf<S>;
  });
}

/** One of several objects told apart by a string `discriminator` property (such as a command's `type`). */
export function tagged<K extends string, M extends Record<string, Schema<Record<string, unknown>>>>(
  discriminator: K,
  members: M,
): Schema<Infer<M[keyof M]>> {
  const tags = Object.keys(members);
  const byTag = new Map(tags.map((t) => [t, internal(members[t] as Schema<Record<string, unknown>>)]));
  return make({ oneOf: tags.map((t) => (members[t] as Schema<unknown>).json) }, (value, at, failure) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return reject(failure, at, `must be an object, got ${describe(value)}`);
    const tag = (value as Record<string, unknown>)[discriminator];
    const member = typeof tag === 'string' && hasOwn(value, discriminator) ? byTag.get(tag) : undefined;
    if (member === undefined) {
      return reject(failure, { parent: at, key: discriminator }, `must be one of ${tags.map((t) => `"${t}"`).join(', ')}, got ${describe(tag)}`);
    }
    return member.validate(value, at, failure) as Infer<M[keyof M]> | typeof INVALID;
  });
}

/** A plain object of arbitrary keys with values of one schema (keys are checked only for length). */
export function record<T>(value: Schema<T>, options: { maxEntries: number; maxKeyLength: number }): Schema<Record<string, T>> {
  const check = internal(value).validate;
  return make({ type: 'object', additionalProperties: value.json, maxProperties: options.maxEntries }, (input, at, failure) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return reject(failure, at, `must be an object, got ${describe(input)}`);
    const keys = Object.keys(input);
    if (keys.length > options.maxEntries) return reject(failure, at, `must have at most ${options.maxEntries} entries, got ${keys.length}`);
    // Arbitrary keys ("__proto__" included): a null-prototype object keeps them as plain data.
    const out: Record<string, T> = Object.create(null);
    for (const k of keys) {
      if (k.length === 0 || k.length > options.maxKeyLength) return reject(failure, at, `keys must be 1..${options.maxKeyLength} characters, got "${k.slice(0, 40)}"`);
      const r = check((input as Record<string, unknown>)[k], { parent: at, key: k }, failure);
      if (r === INVALID) return INVALID;
      out[k] = r;
    }
    return out;
  });
}

/** The first of several schemas that accepts the value (for untagged alternatives such as `{ agentId } | { queueId }`). */
export function union<T>(members: readonly Schema<T>[], description: string): Schema<T> {
  const checks = members.map((m) => internal(m).validate);
  return make({ oneOf: members.map((m) => m.json) }, (value, at, failure) => {
    for (const check of checks) {
      const r = check(value, at, failure);
      if (r !== INVALID) return r;
    }
    return reject(failure, at, `must be ${description}`);
  });
}
