import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { agentMachine } from 'chatroute';

const agent = () => createActor(agentMachine, { input: { id: 'a' } }).start();

describe('agentMachine', () => {
  it('is ready with a free slot and busy while every slot is held', () => {
    const a = agent();
    a.send({ type: 'LOGIN', at: 0 });
    expect(a.getSnapshot().value).toEqual({ online: 'ready' });
    a.send({ type: 'SLOTS_FULL' });
    expect(a.getSnapshot().value).toEqual({ online: 'busy' });
    a.send({ type: 'SLOTS_FREE' });
    expect(a.getSnapshot().value).toEqual({ online: 'ready' });
  });

  it('logs out from any online state, and logs in ready', () => {
    const a = agent();
    a.send({ type: 'LOGIN', at: 0 });
    a.send({ type: 'SLOTS_FULL' });
    a.send({ type: 'LOGOUT', at: 1 });
    expect(a.getSnapshot().value).toBe('offline');
    a.send({ type: 'LOGIN', at: 2 });
    expect(a.getSnapshot().value).toEqual({ online: 'ready' });
  });

  it('stays paused whatever its slots do; resume returns to ready, or busy when full', () => {
    const a = agent();
    a.send({ type: 'LOGIN', at: 0 });
    a.send({ type: 'PAUSE', reason: 'lunch', paid: false, at: 2 });
    a.send({ type: 'SLOTS_FULL' });
    expect(a.getSnapshot().value).toEqual({ online: 'paused' });
    expect(a.getSnapshot().context.pause).toEqual({ reason: 'lunch', paid: false, since: 2 });
    a.send({ type: 'RESUME', at: 5, full: true });
    expect(a.getSnapshot().value).toEqual({ online: 'busy' });
    expect(a.getSnapshot().context.pause).toBeNull();
    a.send({ type: 'PAUSE', reason: 'lunch', paid: false, at: 6 });
    a.send({ type: 'RESUME', at: 7, full: false });
    expect(a.getSnapshot().value).toEqual({ online: 'ready' });
  });

  it('keeps the queues the agent left for the session, and forgets them at the next login', () => {
    const a = agent();
    a.send({ type: 'LOGIN', at: 0 });
    a.send({ type: 'LEAVE_QUEUE', queueId: 'sales' });
    expect(a.getSnapshot().context.leftQueues).toEqual(['sales']);
    a.send({ type: 'LOGOUT', at: 1 });
    a.send({ type: 'LOGIN', at: 2 });
    expect(a.getSnapshot().context.leftQueues).toEqual([]);
  });
});
