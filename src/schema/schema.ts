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

const fail = (path: string, message: string): ParseResult<never> => ({ ok: false, path: path || '(root)', message });

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `a string of length ${value.length}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export function string(options: { minLength?: number; maxLength: number }): Schema<string> {
  const { minLength = 0, maxLength } = options;
  return {
    json: { type: 'string', minLength, maxLength },
    parse(value, path = '') {
      if (typeof value !== 'string') return fail(path, `must be a string, got ${describe(value)}`);
      if (value.length < minLength || value.length > maxLength) {
        return fail(path, `must be a string of ${minLength}..${maxLength} characters, got ${value.length}`);
      }
      return { ok: true, value };
    },
  };
}

export function number(options: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
  const { min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER, integer = false } = options;
  return {
    json: { type: integer ? 'integer' : 'number', minimum: min, maximum: max },
    parse(value, path = '') {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(path, `must be a finite number, got ${describe(value)}`);
      if (integer && !Number.isInteger(value)) return fail(path, `must be an integer, got ${value}`);
      if (value < min || value > max) return fail(path, `must be between ${min} and ${max}, got ${value}`);
      return { ok: true, value };
    },
  };
}

export function boolean(): Schema<boolean> {
  return {
    json: { type: 'boolean' },
    parse: (value, path = '') =>
      typeof value === 'boolean' ? { ok: true, value } : fail(path, `must be true or false, got ${describe(value)}`),
  };
}

export function literal<const L extends string>(literalValue: L): Schema<L> {
  return {
    json: { const: literalValue },
    parse: (value, path = '') =>
      value === literalValue ? { ok: true, value: literalValue } : fail(path, `must be "${literalValue}"`),
  };
}

export function oneOf<const L extends string>(values: readonly L[]): Schema<L> {
  return {
    json: { enum: values },
    parse: (value, path = '') =>
      typeof value === 'string' && (values as readonly string[]).includes(value)
        ? { ok: true, value: value as L }
        : fail(path, `must be one of ${values.map((v) => `"${v}"`).join(', ')}, got ${describe(value)}`),
  };
}

export function array<T>(item: Schema<T>, options: { maxItems: number }): Schema<T[]> {
  return {
    json: { type: 'array', items: item.json, maxItems: options.maxItems },
    parse(value, path = '') {
      if (!Array.isArray(value)) return fail(path, `must be an array, got ${describe(value)}`);
      if (value.length > options.maxItems) return fail(path, `must have at most ${options.maxItems} items, got ${value.length}`);
      const out: T[] = [];
      for (let i = 0; i < value.length; i++) {
        const r = item.parse(value[i], `${path}[${i}]`);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return { ok: true, value: out };
    },
  };
}

/** Marks an object property as optional (absent or `undefined`). */
export interface Optional<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export function optional<T>(inner: Schema<T>): Optional<T> {
  return {
    optional: true,
    json: inner.json,
    parse: (value, path = '') => (value === undefined ? { ok: true, value: undefined } : inner.parse(value, path)),
  };
}

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

/** A plain object with exactly these keys: unknown keys are refused (they are usually typos). */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape);
  const required = keys.filter((k) => !('optional' in (shape[k] as object)));
  const properties: Record<string, JsonSchema> = {};
  for (const k of keys) properties[k] = (shape[k] as Schema<unknown>).json;
  return {
    json: { type: 'object', properties, required, additionalProperties: false },
    parse(value, path = '') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return fail(path, `must be an object, got ${describe(value)}`);
      }
      const input = value as Record<string, unknown>;
      for (const k of Object.keys(input)) {
        if (!Object.prototype.hasOwnProperty.call(shape, k)) {
          return fail(path, `has unknown property "${k}"; allowed: ${keys.join(', ')}`);
        }
      }
      // A null-prototype result: property names like "__proto__" can never reach Object.prototype.
      const out: Record<string, unknown> = Object.create(null);
      for (const k of keys) {
        const present = Object.prototype.hasOwnProperty.call(input, k);
        const r = (shape[k] as Schema<unknown>).parse(present ? input[k] : undefined, path ? `${path}.${k}` : k);
        if (!r.ok) return present || !('optional' in (shape[k] as object)) ? r : fail(r.path, 'is required');
        if (r.value !== undefined) out[k] = r.value;
      }
      return { ok: true, value: { ...out } as ObjectOf<S> };
    },
  };
}

/** One of several objects told apart by a string `discriminator` property (such as a command's `type`). */
export function tagged<K extends string, M extends Record<string, Schema<Record<string, unknown>>>>(
  discriminator: K,
  members: M,
): Schema<Infer<M[keyof M]>> {
  const tags = Object.keys(members);
  return {
    json: { oneOf: tags.map((t) => (members[t] as Schema<unknown>).json) },
    parse(value, path = '') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return fail(path, `must be an object, got ${describe(value)}`);
      }
      const tag = (value as Record<string, unknown>)[discriminator];
      const member = typeof tag === 'string' && Object.prototype.hasOwnProperty.call(members, tag) ? members[tag] : undefined;
      if (member === undefined) {
        const where = path ? `${path}.${discriminator}` : discriminator;
        return fail(where, `must be one of ${tags.map((t) => `"${t}"`).join(', ')}, got ${describe(tag)}`);
      }
      return member.parse(value, path) as ParseResult<Infer<M[keyof M]>>;
    },
  };
}

/** A plain object of arbitrary keys with values of one schema (keys are checked only for length). */
export function record<T>(value: Schema<T>, options: { maxEntries: number; maxKeyLength: number }): Schema<Record<string, T>> {
  return {
    json: { type: 'object', additionalProperties: value.json, maxProperties: options.maxEntries },
    parse(input, path = '') {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        return fail(path, `must be an object, got ${describe(input)}`);
      }
      const keys = Object.keys(input);
      if (keys.length > options.maxEntries) return fail(path, `must have at most ${options.maxEntries} entries, got ${keys.length}`);
      const out: Record<string, T> = Object.create(null);
      for (const k of keys) {
        if (k.length === 0 || k.length > options.maxKeyLength) {
          return fail(path, `keys must be 1..${options.maxKeyLength} characters, got "${k.slice(0, 40)}"`);
        }
        const r = value.parse((input as Record<string, unknown>)[k], `${path}.${k}`);
        if (!r.ok) return r;
        out[k] = r.value;
      }
      return { ok: true, value: out };
    },
  };
}

/** The first of several schemas that accepts the value (for untagged alternatives such as `{ agentId } | { queueId }`). */
export function union<T>(members: readonly Schema<T>[], description: string): Schema<T> {
  return {
    json: { oneOf: members.map((m) => m.json) },
    parse(value, path = '') {
      for (const member of members) {
        const r = member.parse(value, path);
        if (r.ok) return r;
      }
      return fail(path, `must be ${description}`);
    },
  };
}
