import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { array, number, object, optional, record, string, tagged, union } from '../../src/schema';

const person = object({ name: string({ minLength: 1, maxLength: 10 }), age: optional(number({ min: 0, integer: true })) });

describe('schema', () => {
  it('parses valid values into fresh plain copies', () => {
    const input = { name: 'Eve', age: 3 };
    const r = person.parse(input);
    expect(r).toEqual({ ok: true, value: { name: 'Eve', age: 3 } });
    expect(r.ok && r.value).not.toBe(input);
  });

  it('names the path of the first problem', () => {
    const list = object({ people: array(person, { maxItems: 5 }) });
    expect(list.parse({ people: [{ name: 'a' }, { name: 'b', age: -1 }] })).toEqual({ ok: false, path: 'people[1].age', message: 'must be between 0 and 9007199254740991, got -1' });
    expect(list.parse({ people: [{}] })).toEqual({ ok: false, path: 'people[0].name', message: 'is required' });
    expect(person.parse({ name: 'x', nmae: 'y' })).toMatchObject({ ok: false, path: '(root)', message: 'has unknown property "nmae"; allowed: name, age' });
    expect(person.parse('x', 'customer')).toMatchObject({ ok: false, path: 'customer' });
  });

  it('keeps arbitrary record keys, "__proto__" included, as plain data', () => {
    const details = record(string({ maxLength: 5 }), { maxEntries: 3, maxKeyLength: 20 });
    const r = details.parse(JSON.parse('{"__proto__": "x", "constructor": "y"}'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.value).sort()).toEqual(['__proto__', 'constructor']);
    expect(r.value['__proto__']).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('tells tagged and untagged alternatives apart', () => {
    const target = union<{ agentId: string } | { queueId: string }>([object({ agentId: string({ maxLength: 9 }) }), object({ queueId: string({ maxLength: 9 }) })], 'either { agentId } or { queueId }');
    expect(target.parse({ queueId: 'q' })).toEqual({ ok: true, value: { queueId: 'q' } });
    expect(target.parse({ agentId: 'a', queueId: 'q' })).toMatchObject({ ok: false, message: 'must be either { agentId } or { queueId }' });
    const shape = tagged('kind', { a: object({ kind: string({ maxLength: 1 }) }) });
    expect(shape.parse({ kind: 'b' })).toMatchObject({ ok: false, path: 'kind' });
  });

  it('never throws, whatever the input', () => {
    fc.assert(fc.property(fc.anything(), (value) => void person.parse(value)));
  });

  it('refuses, never throws, for objects no JSON parser makes: throwing getters, throwing and revoked proxies (issue 17)', async () => {
    const { commandSchema } = await import('chatroute');
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); }, has: () => { throw new Error('boom'); } });
    const revocable = Proxy.revocable({ type: 'agent.login', agentId: 'a' }, {});
    revocable.revoke();
    const getter = Object.defineProperty({ type: 'agent.login' }, 'agentId', { enumerable: true, get: () => { throw new Error('boom'); } });
    for (const value of [hostile, revocable.proxy, getter, { type: 'chat.start', queueId: 'q', customer: hostile }]) {
      const r = commandSchema.parse(value);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/could not be read/);
    }
  });

  it('describes itself as JSON Schema', () => {
    expect(person.json).toEqual({
      type: 'object',
      properties: { name: { type: 'string', minLength: 1, maxLength: 10 }, age: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } },
      required: ['name'],
      additionalProperties: false,
    });
  });
});
