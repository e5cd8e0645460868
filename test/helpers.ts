import { expect } from 'vitest';
import {
  createEngine,
  createManualClock,
  type AgentConfig,
  type Command,
  type DispatchResult,
  type EngineEvent,
  type EngineOptions,
  type QueueConfig,
} from 'chatroute';

/** An engine on a manual clock that records every event. */
export function setup(options: { queues?: QueueConfig[]; agents?: AgentConfig[] } & Partial<EngineOptions> = {}) {
  const clock = createManualClock(0);
  const engine = createEngine({
    queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['resolved', 'spam'] }],
    agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }],
    ...options,
    clock,
  });
  const events: EngineEvent[] = [];
  engine.events$.subscribe((e) => events.push(e));
  const ok = <C extends Command>(command: C) => {
    const r = engine.dispatch(command);
    if (!r.ok) throw new Error(`expected ok for ${command.type}, got ${r.error.code}: ${r.error.message}`);
    return r;
  };
  const start = (queueId = 'sales', name = 'Eve', extra: { priority?: number; chatId?: string } = {}) =>
    (ok({ type: 'chat.start', queueId, customer: { name }, ...extra }) as { chatId: string }).chatId;
  const login = (...agentIds: string[]) => agentIds.forEach((agentId) => ok({ type: 'agent.login', agentId }));
  /** Events since the mark, types only. */
  const mark = () => {
    const from = events.length;
    return () => events.slice(from);
  };
  const types = (list: EngineEvent[]) => list.map((e) => e.type);
  const offersTo = (agentId: string) =>
    events.filter((e): e is Extract<EngineEvent, { type: 'offer.created' }> => e.type === 'offer.created' && e.agentId === agentId);
  return { engine, clock, events, ok, start, login, mark, types, offersTo };
}

/** Asserts a refusal with this code, and returns it. */
export function expectRefusal(result: DispatchResult, code: string) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(10);
  return result.error;
}

/** Everything observable of an engine, to prove a refused command changed nothing. */
export function observe(engine: ReturnType<typeof setup>['engine'], agentIds: string[], chatIds: string[]) {
  return JSON.stringify({
    agents: agentIds.map((id) => engine.getAgent(id)),
    chats: chatIds.map((id) => engine.getChat(id)),
    waiting: agentIds.map((id) => engine.waitingActivities(id)),
    messages: chatIds.map((id) => engine.messages(id)),
  });
}
