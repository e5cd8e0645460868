import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { agentMachine } from 'chatroute';

const agent = (capacity: number) => createActor(agentMachine, { input: { id: 'a', capacity } }).start();

describe('agentMachine', () => {
  it('is ready with a free slot and busy when offers and chats fill every slot', () => {
    const a = agent(2);
    a.send({ type: 'LOGIN', at: 0 });
    expect(a.getSnapshot().value).toEqual({ online: 'ready' });
    a.send({ type: 'OFFER_RECEIVED', chatId: 'c1' });
    a.send({ type: 'CHAT_JOINED', chatId: 'c2', at: 1 });
    expect(a.getSnapshot().value).toEqual({ online: 'busy' });
    a.send({ type: 'OFFER_ACCEPTED', chatId: 'c1', at: 2 });
    expect(a.getSnapshot().context).toMatchObject({ offers: [], chats: ['c2', 'c1'], idleSince: 2 });
    a.send({ type: 'CHAT_LEFT', chatId: 'c2', at: 3 });
    expect(a.getSnapshot().value).toEqual({ online: 'ready' });
  });

  it('refuses to log out while holding work', () => {
    const a = agent(1);
    a.send({ type: 'LOGIN', at: 0 });
    a.send({ type: 'CHAT_JOINED', chatId: 'c1', at: 1 });
    a.send({ type: 'LOGOUT', at: 2 });
    expect(a.getSnapshot().value).toEqual({ online: 'busy' });
    a.send({ type: 'CHAT_LEFT', chatId: 'c1', at: 3 });
    a.send({ type: 'LOGOUT', at: 4 });
    expect(a.getSnapshot().value).toBe('offline');
  });

  it('stays paused while chats come and go; resume returns to ready or busy', () => {
    const a = agent(1);
    a.send({ type: 'LOGIN', at: 0 });
    a.send({ type: 'CHAT_JOINED', chatId: 'c1', at: 1 });
    a.send({ type: 'PAUSE', reason: 'lunch', paid: false, at: 2 });
    a.send({ type: 'CHAT_LEFT', chatId: 'c1', at: 3 });
    a.send({ type: 'CHAT_JOINED', chatId: 'c2', at: 4 });
    expect(a.getSnapshot().value).toEqual({ online: 'paused' });
    expect(a.getSnapshot().context.pause).toEqual({ reason: 'lunch', paid: false, since: 2 });
    a.send({ type: 'RESUME', at: 5 });
    expect(a.getSnapshot().value).toEqual({ online: 'busy' });
    expect(a.getSnapshot().context.pause).toBeNull();
  });
});
