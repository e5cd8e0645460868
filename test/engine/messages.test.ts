import { describe, expect, it } from 'vitest';
import { expectRefusal, setup } from '../helpers';

describe('messages', () => {
  it('the customer can write while waiting; agents only once they participate', () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], maxTextLength: 20 }] });
    const chatId = t.start();
    t.clock.advanceBy(1_000);
    const first = t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'Hello?' });
    expectRefusal(t.engine.dispatch({ type: 'message.send', chatId, from: { kind: 'agent', agentId: 'alice' }, text: 'Hi' }), 'forbidden');
    t.login('alice');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.clock.advanceBy(1_000);
    t.ok({ type: 'message.send', chatId, from: { kind: 'agent', agentId: 'alice' }, text: 'Hi Eve!\nHow can I?' });
    expect(t.engine.messages(chatId)).toEqual([
      { id: first.messageId, chatId, from: { kind: 'customer' }, text: 'Hello?', attachments: [], at: 1_000 },
      { id: 'message-2', chatId, from: { kind: 'system' }, text: 'Alice joined the chat', attachments: [], notice: { type: 'joined', agentId: 'alice' }, at: 1_000 },
      { id: 'message-3', chatId, from: { kind: 'agent', agentId: 'alice' }, text: 'Hi Eve!\nHow can I?', attachments: [], at: 2_000 },
    ]);
    expect(t.events.filter((e) => e.type === 'message.sent')).toHaveLength(3);
  });

  it("refuses text longer than the queue's limit, naming the limit", () => {
    const t = setup({ queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], maxTextLength: 5 }] });
    const chatId = t.start();
    const error = expectRefusal(t.engine.dispatch({ type: 'message.send', chatId, from: { kind: 'customer' }, text: '123456' }), 'invalid-command');
    expect(error.message).toContain('at most 5');
    expect(t.engine.messages(chatId)).toEqual([]);
  });

  it('keeps the transcript of a closed chat', () => {
    const t = setup();
    t.login('alice');
    const chatId = t.start();
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'bye' });
    t.ok({ type: 'chat.setStatus', agentId: 'alice', chatId, status: 'resolved' });
    t.ok({ type: 'chat.close', agentId: 'alice', chatId });
    expect(t.engine.messages(chatId).map((m) => m.text)).toEqual(['Alice joined the chat', 'bye']);
    expectRefusal(t.engine.dispatch({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'hello?' }), 'invalid-state');
  });

  it('forgets the oldest finished chats beyond retainFinishedChats', () => {
    const t = setup({ retainFinishedChats: 2 });
    const ids = [t.start(), t.start(), t.start()];
    for (const chatId of ids) t.ok({ type: 'customer.leave', chatId });
    expect(ids.map((id) => t.engine.getChat(id)?.state)).toEqual([undefined, 'abandoned', 'abandoned']);
  });

  it('carries attachments (metadata only) within the queue limits', () => {
    const t = setup({
      queues: [{ id: 'sales', name: 'Sales', closeStatuses: ['done'], maxAttachmentBytes: 1_000, allowedAttachmentTypes: ['image/*', 'application/pdf'] }],
    });
    const chatId = t.start();
    const file = { name: 'photo.png', size: 900, mimeType: 'image/png', url: 'https://files/1' };
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, attachments: [file] });
    t.ok({ type: 'message.send', chatId, from: { kind: 'customer' }, text: 'and the invoice', attachments: [{ ...file, name: 'a.pdf', mimeType: 'application/pdf' }] });
    expect(t.engine.messages(chatId).map((m) => [m.text, m.attachments.map((a) => a.name)])).toEqual([
      ['', ['photo.png']],
      ['and the invoice', ['a.pdf']],
    ]);
    expect(expectRefusal(t.engine.dispatch({ type: 'message.send', chatId, from: { kind: 'customer' }, attachments: [{ ...file, size: 1_001 }] }), 'invalid-command').message).toContain('at most 1000');
    expect(expectRefusal(t.engine.dispatch({ type: 'message.send', chatId, from: { kind: 'customer' }, attachments: [{ ...file, mimeType: 'text/html' }] }), 'invalid-command').message).toContain('image/*, application/pdf');
    expectRefusal(t.engine.dispatch({ type: 'message.send', chatId, from: { kind: 'customer' } }), 'invalid-command');
    expectRefusal(t.engine.dispatch({ type: 'message.send', chatId, from: { kind: 'customer' }, text: '', attachments: [] }), 'invalid-command');
    expect(t.engine.messages(chatId)).toHaveLength(2);
  });
});
