import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { nth } from '../world';

// Agent commands target any configured agent, so refusals (offline, already logged in, ...) are exercised too.
const agent = fc.nat();
const queue = fc.nat();

export const login = agent.map((a) => new DispatchCommand(`login(${a})`, (w) => ({ type: 'agent.login', agentId: nth(w.agents, a)?.id })));
export const logout = agent.map((a) => new DispatchCommand(`logout(${a})`, (w) => ({ type: 'agent.logout', agentId: nth(w.agents, a)?.id })));
export const resume = agent.map((a) => new DispatchCommand(`resume(${a})`, (w) => ({ type: 'agent.resume', agentId: nth(w.agents, a)?.id })));
export const pause = fc
  .tuple(agent, fc.boolean(), fc.constantFrom('lunch', 'training'))
  .map(([a, paid, reason]) => new DispatchCommand(`pause(${a},${reason},${paid})`, (w) => ({ type: 'agent.pause', agentId: nth(w.agents, a)?.id, reason, paid })));
export const joinQueue = fc
  .tuple(agent, queue)
  .map(([a, q]) => new DispatchCommand(`join(${a},${q})`, (w) => ({ type: 'agent.joinQueue', agentId: nth(w.agents, a)?.id, queueId: nth(w.queues, q)?.id })));
export const leaveQueue = fc
  .tuple(agent, queue)
  .map(([a, q]) => new DispatchCommand(`leave(${a},${q})`, (w) => ({ type: 'agent.leaveQueue', agentId: nth(w.agents, a)?.id, queueId: nth(w.queues, q)?.id })));
