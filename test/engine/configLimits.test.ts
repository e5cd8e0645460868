import { describe, expect, it } from 'vitest';
import { ChatrouteError, createEngine, createManualClock, type AgentConfig, type QueueConfig } from 'chatroute';

// One rule, one place (issue 16): createEngine and the upsert commands validate configuration with the same schema,
// so each case below is refused by both, or accepted by both — and what `engine.configuration()` returns can always
// be submitted again.
const base: QueueConfig = { id: 'q', name: 'Queue', closeStatuses: ['done'] };
const agent: AgentConfig = { id: 'a', name: 'Agent', capacity: 1, queues: ['q'] };

const queueCases: Array<[string, QueueConfig]> = [
  ['a 20,000-character template', { ...base, templates: [{ id: 't', title: 'T', text: 'x'.repeat(20_000) }] }],
  ['maxAttachmentBytes 2^41', { ...base, maxAttachmentBytes: 2 ** 41 }],
  ['300 close statuses', { ...base, closeStatuses: Array.from({ length: 300 }, (_, i) => `s${i}`) }],
  ['a 5,000-character external URL', { ...base, externalUrl: `https://crm.example/${'x'.repeat(5_000)}` }],
  ['an unknown field', { ...base, colour: 'blue' } as QueueConfig],
];
const agentCases: Array<[string, AgentConfig]> = [
  ['a queue penalty of 2,000,000', { ...agent, queues: [{ queueId: 'q', penalty: 2_000_000 }] }],
  ['a 1,000-character agent name', { ...agent, name: 'n'.repeat(1_000) }],
];

function createRefusal(options: { queues: QueueConfig[]; agents: AgentConfig[] }): string {
  try {
    createEngine({ clock: createManualClock(0), ...options });
  } catch (error) {
    if (ChatrouteError.is(error) && error.code === 'invalid-config') return error.message;
    throw error;
  }
  return 'accepted';
}

describe('configuration limits: createEngine and the upsert commands agree', () => {
  it.each(queueCases)('refuses %s in createEngine and in queue.upsert alike', (_, queue) => {
    expect(createRefusal({ queues: [queue], agents: [] })).not.toBe('accepted');
    const engine = createEngine({ clock: createManualClock(0), queues: [base], agents: [] });
    const r = engine.dispatch({ type: 'queue.upsert', queue });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-command');
  });

  it.each(agentCases)('refuses %s in createEngine and in agent.upsert alike', (_, a) => {
    expect(createRefusal({ queues: [base], agents: [a] })).not.toBe('accepted');
    const engine = createEngine({ clock: createManualClock(0), queues: [base], agents: [] });
    const r = engine.dispatch({ type: 'agent.upsert', agent: a });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-command');
  });

  it('names the field and the limit in both refusals', () => {
    const queue = queueCases[0]?.[1] as QueueConfig;
    expect(createRefusal({ queues: [queue], agents: [] })).toMatch(/queues\[0\]\.templates\[0\]\.text.*10000/);
    const engine = createEngine({ clock: createManualClock(0), queues: [base], agents: [] });
    const r = engine.dispatch({ type: 'queue.upsert', queue });
    expect(!r.ok && r.error.message).toMatch(/queue\.templates\[0\]\.text.*10000/);
  });

  it('accepts configuration at the limits in both, and engine.configuration() submits again unchanged', () => {
    const atLimits: QueueConfig = {
      ...base,
      templates: [{ id: 't', title: 'T', text: 'x'.repeat(10_000) }],
      maxAttachmentBytes: 2 ** 40,
      closeStatuses: Array.from({ length: 200 }, (_, i) => `s${i}`),
      externalUrl: `https://crm.example/${'x'.repeat(2_000)}`,
    };
    const agentAtLimits: AgentConfig = { ...agent, name: 'n'.repeat(200), queues: [{ queueId: 'q', penalty: 1_000_000 }] };
    const engine = createEngine({ clock: createManualClock(0), queues: [atLimits], agents: [agentAtLimits] });
    const config = engine.configuration();
    for (const queue of config.queues) expect(engine.dispatch({ type: 'queue.upsert', queue: structuredClone(queue) as QueueConfig }).ok).toBe(true);
    for (const a of config.agents) expect(engine.dispatch({ type: 'agent.upsert', agent: structuredClone(a) as AgentConfig }).ok).toBe(true);
    expect(engine.configuration()).toEqual(config);
  });
});
