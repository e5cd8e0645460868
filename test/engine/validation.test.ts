import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatrouteError, commandSchema, createEngine, createManualClock } from 'chatroute';
import { expectRefusal, observe, setup } from '../helpers';

describe('untrusted commands', () => {
  it.each([
    [null, '(root)'],
    ['agent.login', '(root)'],
    [{ type: 'agent.fly', agentId: 'alice' }, 'type'],
    [{ type: 'agent.login' }, 'agentId'],
    [{ type: 'agent.login', agentId: 42 }, 'agentId'],
    [{ type: 'agent.login', agentId: '' }, 'agentId'],
    [{ type: 'agent.login', agentId: 'alice', extra: true }, '(root)'],
    [{ type: 'agent.pause', agentId: 'alice', reason: 'x', paid: 'yes' }, 'paid'],
    [{ type: 'chat.start', queueId: 'sales', customer: {} }, 'customer.name'],
    [{ type: 'chat.start', queueId: 'sales', customer: { name: 'E' }, priority: Number.NaN }, 'priority'],
    [{ type: 'message.send', chatId: 'c', from: { kind: 'robot' }, text: 'hi' }, 'from.kind'],
    [{ type: 'message.send', chatId: 'c', from: { kind: 'customer' }, text: 42 }, 'text'],
    [{ type: 'message.send', chatId: 'c', from: { kind: 'customer' }, attachments: [{ name: 'a' }] }, 'attachments[0].size'],
    [{ type: 'chat.invite', chatId: 'c', agentId: 'a', target: { who: 'b' } }, 'target'],
  ])('refuses %j with invalid-command naming %s', (input, path) => {
    const t = setup();
    const error = expectRefusal(t.engine.dispatch(input), 'invalid-command');
    expect(error.message.startsWith(path)).toBe(true);
    expect(t.events).toEqual([]);
  });

  it('never throws, and a refused command changes nothing and emits nothing, whatever the input', () => {
    const t = setup({
      agents: [
        { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales'] },
        { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
      ],
    });
    t.login('alice');
    const chatId = t.start();
    t.start();
    const commandLike = fc.record(
      {
        type: fc.constantFrom('agent.login', 'agent.logout', 'agent.pause', 'offer.accept', 'offer.reject', 'chat.pick', 'chat.close', 'chat.setStatus', 'customer.leave', 'message.send', 'chat.start', 'agent.joinQueue', 'nope'),
        agentId: fc.oneof(fc.constantFrom('alice', 'bob', 'nobody', '__proto__'), fc.anything()),
        chatId: fc.oneof(fc.constant(chatId), fc.constant('chat-2'), fc.anything()),
        queueId: fc.oneof(fc.constant('sales'), fc.anything()),
        status: fc.oneof(fc.constant('resolved'), fc.string()),
        text: fc.oneof(fc.string(), fc.anything()),
        paid: fc.anything(),
        reason: fc.anything(),
        customer: fc.anything(),
        from: fc.anything(),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), commandLike), (input) => {
        const before = observe(t.engine, ['alice', 'bob'], [chatId, 'chat-2']);
        const count = t.events.length;
        const result = t.engine.dispatch(input);
        if (!result.ok) {
          expect(t.events.length).toBe(count);
          expect(observe(t.engine, ['alice', 'bob'], [chatId, 'chat-2'])).toBe(before);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('accepts any string as an id, __proto__ and friends included', () => {
    const weird = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'];
    const clock = createManualClock(0);
    const engine = createEngine({
      clock,
      queues: weird.map((id) => ({ id, name: id, closeStatuses: ['__proto__'] })),
      agents: weird.map((id) => ({ id, name: id, capacity: 1, queues: [id] })),
    });
    for (const id of weird) {
      expect(engine.dispatch({ type: 'agent.login', agentId: id }).ok).toBe(true);
      expect(engine.dispatch({ type: 'chat.start', queueId: id, chatId: id, customer: { name: id, details: { __proto__: 'x' } } }).ok).toBe(true);
      expect(engine.getChat(id)?.offer?.agentId).toBe(id);
      expect(engine.dispatch({ type: 'offer.accept', agentId: id, chatId: id }).ok).toBe(true);
      expect(engine.dispatch({ type: 'chat.setStatus', agentId: id, chatId: id, status: '__proto__' }).ok).toBe(true);
      expect(engine.dispatch({ type: 'chat.close', agentId: id, chatId: id }).ok).toBe(true);
      expect(engine.getChat(id)?.state).toBe('closed');
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('answers unknown ids with not-found', () => {
    const t = setup();
    expectRefusal(t.engine.dispatch({ type: 'agent.login', agentId: 'nobody' }), 'not-found');
    expectRefusal(t.engine.dispatch({ type: 'chat.start', queueId: 'nope', customer: { name: 'E' } }), 'not-found');
    expectRefusal(t.engine.dispatch({ type: 'customer.leave', chatId: 'nope' }), 'not-found');
    expectRefusal(t.engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: 'nope' }), 'not-found');
  });

  it('refuses a chat id already in use with conflict', () => {
    const t = setup();
    t.start('sales', 'Eve', { chatId: 'mine' });
    expectRefusal(t.engine.dispatch({ type: 'chat.start', queueId: 'sales', chatId: 'mine', customer: { name: 'E' } }), 'conflict');
  });

  it('exports the command schema as JSON Schema for hosts', () => {
    const json = commandSchema.json as { oneOf: Array<{ properties: { type: { const: string } }; additionalProperties: boolean }> };
    expect(json.oneOf.map((s) => s.properties.type.const)).toContain('offer.accept');
    expect(json.oneOf.every((s) => s.additionalProperties === false)).toBe(true);
  });
});

describe('configuration', () => {
  it.each([
    [{ queues: [{ id: 'q', name: 'Q', closeStatuses: [] }], agents: [] }, 'closeStatuses'],
    [{ queues: [{ id: 'q', name: 'Q', closeStatuses: ['x'], strategy: 'fastest' }], agents: [] }, 'strategy'],
    [{ queues: [{ id: 'q', name: 'Q', closeStatuses: ['x'] }, { id: 'q', name: 'Q2', closeStatuses: ['x'] }], agents: [] }, 'used twice'],
    [{ queues: [], agents: [{ id: 'a', name: 'A', capacity: 0, queues: [] }] }, 'capacity'],
    [{ queues: [], agents: [{ id: 'a', name: 'A', capacity: 1, queues: ['ghost'] }] }, 'unknown queue'],
    [{ queues: [{ id: 'q', name: 'Q', closeStatuses: ['x'], offerTimeoutMs: -1 }], agents: [] }, 'offerTimeoutMs'],
  ])('throws invalid-config for %j', (options, hint) => {
    try {
      createEngine(options as never);
      expect.unreachable();
    } catch (error) {
      expect(ChatrouteError.is(error)).toBe(true);
      expect((error as ChatrouteError).code).toBe('invalid-config');
      expect((error as Error).message).toContain(hint);
    }
  });

  it('a stopped engine refuses commands with invalid-state and completes events$', () => {
    const t = setup();
    let completed = false;
    t.engine.events$.subscribe({ complete: () => (completed = true) });
    t.engine.stop();
    expect(completed).toBe(true);
    expectRefusal(t.engine.dispatch({ type: 'agent.login', agentId: 'alice' }), 'invalid-state');
  });
});
