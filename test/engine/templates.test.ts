import { describe, expect, it } from 'vitest';
import { expectRefusal, setup } from '../helpers';

const config = {
  queues: [
    {
      id: 'sales',
      name: 'Sales & Co',
      closeStatuses: ['done'],
      templates: [
        { id: 'hello', title: 'Greeting', text: 'Hi {{customer.name}}, {{agent.name}} from {{queue.name}} here. {{customer.details.plan}} {{nope}} {{ customer.email }}' },
      ],
      externalUrl: 'https://crm.example/search?name={{customer.name}}&chat={{chat.id}}&by={{agent.name}}&x={{unknown.thing}}',
    },
  ],
  agents: [
    { id: 'alice', name: 'Alice B.', capacity: 1, queues: ['sales'] },
    { id: 'bob', name: 'Bob', capacity: 1, queues: ['sales'] },
  ],
};

describe('templates and the external URL', () => {
  it('fills placeholders for the chat and agent; unknown ones stay visible', () => {
    const t = setup(config);
    t.login('alice');
    const chatId = t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve Ö', details: { plan: 'Pro' } } }).chatId;
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    expect(t.engine.renderTemplate(chatId, 'hello', 'alice')).toEqual({
      ok: true,
      text: 'Hi Eve Ö, Alice B. from Sales & Co here. Pro {{nope}} {{ customer.email }}',
    });
    expectRefusal(t.engine.renderTemplate(chatId, 'missing', 'alice') as never, 'not-found');
    expectRefusal(t.engine.renderTemplate(chatId, 'hello', 'bob') as never, 'forbidden');
  });

  it('URL-encodes values in the external URL, available to the offered agent too', () => {
    const t = setup(config);
    t.login('alice');
    const chatId = t.ok({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve & Ö' } }).chatId;
    expect(t.engine.externalUrl(chatId, 'alice')).toEqual({
      ok: true,
      url: `https://crm.example/search?name=Eve%20%26%20%C3%96&chat=${chatId}&by=Alice%20B.&x={{unknown.thing}}`,
    });
    expectRefusal(t.engine.externalUrl(chatId, 'bob') as never, 'forbidden');
  });

  it('never crashes on prototype-looking placeholders', () => {
    const t = setup({ ...config, queues: [{ ...config.queues[0]!, templates: [{ id: 'x', title: 'x', text: '{{customer.constructor}} {{customer.details.__proto__}} {{agent.toString}}' }] }] });
    t.login('alice');
    const chatId = t.start('sales');
    t.ok({ type: 'offer.accept', agentId: 'alice', chatId });
    expect(t.engine.renderTemplate(chatId, 'x', 'alice')).toEqual({ ok: true, text: '{{customer.constructor}} {{customer.details.__proto__}} {{agent.toString}}' });
  });
});
