import { defaultLimits, type HostConfig } from './config';

/**
 * The demo contact center `npm start` runs: two queues, three agents, templates with placeholders, close
 * statuses, an external URL and both reminder modes. Alice works both queues, Bob only Sales, Carol only Support
 * and supervises both (she sees assistance requests).
 *
 * @example
 * ```ts
 * const server = await startHostServer({ config: demoConfig(), port: 3000 });
 * ```
 */
export function demoConfig(): HostConfig {
  const limits = defaultLimits;
  // The engine checks attachments again (size and type per queue), so both layers hold the same rule.
  const files = { maxAttachmentBytes: limits.maxUploadBytes, allowedAttachmentTypes: [...limits.uploadTypes] };
  return {
    queues: [
      {
        id: 'sales',
        name: 'Sales',
        offerTimeoutMs: 30_000,
        closeStatuses: ['sold', 'no-sale', 'follow-up'],
        templates: [
          { id: 'greeting', title: 'Greeting', text: 'Hello {{customer.name}}, this is {{agent.name}} from {{queue.name}}. How can I help?' },
          { id: 'pricing', title: 'Price list', text: 'Our current prices are on the price list, {{customer.name}}; I can walk you through them.' },
          { id: 'goodbye', title: 'Goodbye', text: 'Thank you for chatting with {{queue.name}}, {{customer.name}}. Have a good day!' },
        ],
        externalUrl: 'https://crm.example.com/search?q={{customer.email}}',
        reminders: { mode: 'after-first-message', delayMs: 30_000 },
        ...files,
      },
      {
        id: 'support',
        name: 'Support',
        offerTimeoutMs: 20_000,
        closeStatuses: ['resolved', 'escalated', 'spam'],
        templates: [
          { id: 'greeting', title: 'Greeting', text: 'Hi {{customer.name}}, {{agent.name}} from {{queue.name}} here. What went wrong?' },
          { id: 'ticket', title: 'Ticket opened', text: 'I opened a ticket for chat {{chat.id}}; we will email {{customer.email}}.' },
        ],
        externalUrl: 'https://crm.example.com/tickets/new?email={{customer.email}}&chat={{chat.id}}',
        reminders: { mode: 'every-message' },
        ...files,
      },
    ],
    agents: [
      { id: 'alice', name: 'Alice', capacity: 3, queues: ['sales', 'support'] },
      { id: 'bob', name: 'Bob', capacity: 3, queues: ['sales'] },
      { id: 'carol', name: 'Carol', capacity: 2, queues: ['support'], supervises: ['sales', 'support'] },
    ],
    passwords: { alice: 'alice-demo', bob: 'bob-demo', carol: 'carol-demo' },
    admin: { user: 'admin', password: 'admin-demo' },
    pauseReasons: ['Break', 'Lunch', 'Meeting', 'Training'],
    // A small center: a forecast every 5 s while someone waits costs a few ms.
    waitForecast: {},
    crmUrl: (customer) => `https://crm.example.com/contacts?email=${encodeURIComponent(customer.email ?? '')}&name=${encodeURIComponent(customer.name)}`,
    limits,
  };
}
