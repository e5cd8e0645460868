import { describe, expect, it } from 'vitest';
import type { ReminderPolicy } from 'chatroute';
import { setup } from '../helpers';

function chatWith(reminders: ReminderPolicy) {
  const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], reminders }] });
  t.login('alice');
  const chatId = t.start();
  const customer = (text = 'hello?') => t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text });
  const agent = (text = 'on it') => t.ok({ type: 'message.send', chatId, from: { kind: 'agent', agentId: 'alice' }, text });
  const reminders$ = () => t.events.filter((e) => e.type === 'reminder');
  return { ...t, chatId, customer, agent, reminders: reminders$ };
}

describe('reminders', () => {
  it('after-first-message: one reminder when the first customer message is still unanswered after the delay', () => {
    const t = chatWith({ mode: 'after-first-message', delayMs: 30_000 });
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: t.chatId });
    t.clock.advanceBy(1_000);
    t.customer();
    t.clock.advanceBy(10_000);
    t.customer('anyone?');
    t.clock.advanceBy(19_999);
    expect(t.reminders()).toHaveLength(0);
    t.clock.advanceBy(1);
    expect(t.reminders()).toEqual([expect.objectContaining({ chatId: t.chatId, agentIds: ['alice'], waitingSince: 1_000, at: 31_000 })]);
    t.clock.advanceBy(120_000);
    t.customer('hello??');
    t.clock.advanceBy(120_000);
    expect(t.reminders()).toHaveLength(1);
  });

  it('answering cancels the pending reminder; the next unanswered message starts a new one', () => {
    const t = chatWith({ mode: 'after-first-message', delayMs: 30_000 });
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: t.chatId });
    t.customer();
    t.clock.advanceBy(29_000);
    t.agent();
    t.clock.advanceBy(60_000);
    expect(t.reminders()).toHaveLength(0);
    t.customer('one more thing');
    t.clock.advanceBy(30_000);
    expect(t.reminders()).toHaveLength(1);
  });

  it('counts from acceptance when the customer wrote while waiting', () => {
    const t = chatWith({ mode: 'after-first-message', delayMs: 30_000 });
    t.customer();
    t.clock.advanceBy(15_000);
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: t.chatId });
    t.clock.advanceBy(29_999);
    expect(t.reminders()).toHaveLength(0);
    t.clock.advanceBy(1);
    expect(t.reminders()).toEqual([expect.objectContaining({ waitingSince: 0 })]);
  });

  it('every-message: one reminder per customer message while the chat is active', () => {
    const t = chatWith({ mode: 'every-message' });
    t.customer('while waiting');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: t.chatId });
    t.customer('a');
    t.customer('b');
    t.agent();
    t.customer('c');
    expect(t.reminders()).toHaveLength(3);
  });

  it('off: never', () => {
    const t = chatWith('off');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId: t.chatId });
    t.customer();
    t.clock.advanceBy(3_600_000);
    expect(t.reminders()).toHaveLength(0);
  });
});
