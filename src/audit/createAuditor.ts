import type { EngineState } from '../engine/ports';
import { buildAgentView, buildChatView } from '../engine/views/views';
import { ChatrouteError } from '../errors/ChatrouteError';
import type { ChatView } from '../model/chat';
import { openFor, relaxedFor } from '../policies/compose';
import { routingPolicyOf } from '../policies/normalizePolicies';
import { meetsSkills } from '../policies/skills';
import type { RoutingPolicy } from '../model/policies';
import { checkInvariants, type AuditSubject, type InvariantViolation } from './invariants';

/** `createEngine({ audit })`: `true` checks after every input, `{ every: N }` after every Nth. */
export type AuditOption = boolean | { readonly every: number };

/** Reads a settled engine into the public views the invariants are checked over. */
export function subjectOf(ctx: EngineState): AuditSubject {
  const chats: ChatView[] = [];
  for (const chat of ctx.chats.values()) chats.push(buildChatView(ctx, chat));
  const agents = [...ctx.agents.values()].map((agent) => buildAgentView(ctx, agent));
  // A decline is held in the router until its cooldown timer fires (on a live clock, a little after it ran out),
  // so a task with a pending cooldown timer may rightly be held back from the agent who declined it.
  const cooling = new Set<string>();
  for (const timer of ctx.timers.values()) if (timer.spec.kind === 'cooldown') cooling.add(timer.spec.taskId);
  const now = ctx.clock.now();
  const policies = new Map<string, RoutingPolicy | undefined>();
  const policyOf = (queueId: string) => {
    if (!policies.has(queueId)) policies.set(queueId, routingPolicyOf(ctx.queues.get(queueId)?.policies));
    return policies.get(queueId);
  };
  return {
    now,
    chats,
    agents,
    heldBack(chatId, kind, agentId) {
      const chat = ctx.chats.get(chatId);
      const task = kind === 'chat' ? chat?.task : chat?.inviteTask;
      if (task === undefined || task === null) return false;
      if (task.exclude?.has(agentId) === true || cooling.has(task.id)) return true;
      if (task.queueId === null) return false;
      // A queue in manual selection offers nothing: its tasks wait for a pick (README, "Manual selection").
      if (ctx.queues.get(task.queueId)?.assignment === 'manual') return true;
      // The routing policies, as the router applies them (policies/compose.ts): skills relaxed by the wait, a
      // reservation for a preferred agent (counted as holding whenever it runs: conservative), widening's penalty cap.
      const policy = policyOf(task.queueId);
      const agent = ctx.agents.get(agentId);
      if (!meetsSkills(agent?.config.skills, task.policy?.skills, relaxedFor(policy, task, now))) return true;
      const reservation = task.policy;
      if (reservation?.preferredAgentId !== undefined && reservation.preferredAgentId !== agentId && reservation.reservedUntil !== undefined && now < reservation.reservedUntil) return true;
      return (agent?.config.penalties.get(task.queueId) ?? 0) > openFor(policy, task, now);
    },
  };
}

/**
 * Builds the engine's audit check: called once an input (a command or a timer) has settled and its events are out, it
 * checks the invariants (every input, or every Nth) and returns the violations, which the engine publishes as
 * `invariant.violated` events rather than throwing, so a broken state is reported with its evidence where it first
 * appears. Violations are outputs, not inputs: they are not journaled; a recovering engine audits the replayed inputs
 * again (the same state gives the same findings), so they keep their place in the event sequence.
 */
export function createAuditor(option: AuditOption | undefined): ((state: EngineState, input: number) => readonly InvariantViolation[]) | undefined {
  if (option === undefined || option === false) return undefined;
  const every = option === true ? 1 : option.every;
  if (!Number.isInteger(every) || every < 1) throw new ChatrouteError('invalid-config', `options.audit.every must be an integer >= 1, got ${String(every)}`);
  // `input`: the input's number (a durable engine's journal entry), so replay audits the same inputs live did and the
  // violations it finds take the same event numbers.
  return (state, input) => {
    if (state.stopped || input % every !== 0) return [];
    try {
      return checkInvariants(subjectOf(state));
    } catch (error) {
      // The state is so broken that the views cannot be read: that is a finding too.
      return [{ invariant: 'readable', message: `the engine's views could not be read: ${error instanceof Error ? error.message : String(error)}`, evidence: {} }];
    }
  };
}
