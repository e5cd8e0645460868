import fc from 'fast-check';
import { DispatchCommand } from './DispatchCommand';
import { chats, nth, type World } from '../world';

// The acting supervisor is any agent: those who supervise none of the target's queues are refused (forbidden).
const supervisor = (w: World, s: number) => nth(w.agents, s)?.id;
const liveChat = (w: World, i: number) => nth(chats(w).filter((c) => c.state !== 'closed' && c.state !== 'abandoned'), i)?.id;

export const supervisorAgent = fc
  .tuple(fc.nat(), fc.nat(), fc.constantFrom('supervisor.pauseAgent', 'supervisor.resumeAgent', 'supervisor.logoutAgent'))
  .map(([s, a, type]) =>
    new DispatchCommand(`${type}(${s},${a})`, (w) => ({ type, supervisorId: supervisor(w, s), agentId: nth(w.agents, a)?.id })),
  );

/** Transfer (to an agent or a queue) or requeue a chat; refused unless active. */
export const supervisorMove = fc
  .tuple(fc.nat(), fc.nat(), fc.option(fc.oneof(fc.nat().map((a) => ({ agent: a })), fc.nat().map((q) => ({ queue: q })))))
  .map(([s, i, t]) =>
    new DispatchCommand(`supervisorMove(${s},${i},${JSON.stringify(t)})`, (w) => {
      const chatId = liveChat(w, i);
      if (chatId === undefined) return undefined;
      if (t === null) return { type: 'supervisor.requeueChat', supervisorId: supervisor(w, s), chatId };
      const target = 'agent' in t ? { agentId: nth(w.agents, t.agent)?.id } : { queueId: nth(w.queues, t.queue)?.id };
      return { type: 'supervisor.transferChat', supervisorId: supervisor(w, s), chatId, target };
    }),
  );

export const setPriority = fc
  .tuple(fc.nat(), fc.nat(), fc.integer({ min: -2, max: 3 }))
  .map(([s, i, priority]) =>
    new DispatchCommand(`setPriority(${s},${i},${priority})`, (w) => {
      const chatId = liveChat(w, i);
      return chatId === undefined ? undefined : { type: 'chat.setPriority', supervisorId: supervisor(w, s), chatId, priority };
    }),
  );

/** Monitor, barge into, or stop monitoring a chat. */
export const supervisorJoin = fc
  .tuple(fc.nat(), fc.nat(), fc.constantFrom('monitor', 'barge', 'leave'))
  .map(([s, i, mode]) =>
    new DispatchCommand(`supervisorJoin(${s},${i},${mode})`, (w) => {
      const chatId = liveChat(w, i);
      if (chatId === undefined) return undefined;
      return mode === 'leave'
        ? { type: 'supervisor.leaveChat', supervisorId: supervisor(w, s), chatId }
        : { type: 'supervisor.joinChat', supervisorId: supervisor(w, s), chatId, mode };
    }),
  );
