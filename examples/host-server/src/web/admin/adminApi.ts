import type { AdminConfiguration, AdminError, AdminResult, AgentUpsert } from '../../shared/admin';
import type { QueueConfig } from 'chatroute';
import type { DeadLetterListing, WebhookCreated, WebhookInput, WebhookListing } from '../../shared/webhooks';

/** Calls the admin API with the bearer token; network failures come back as `unavailable`, never thrown. */
async function call<T extends object>(token: string | undefined, method: string, path: string, body?: unknown): Promise<AdminResult<T>> {
  try {
    const response = await fetch(`/api/admin/${path}`, {
      method,
      headers: { ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return (await response.json()) as AdminResult<T>;
  } catch (error) {
    return { ok: false, error: { code: 'unavailable', message: `the server did not answer (${String(error)})` } };
  }
}

/** The admin API of `src/server/http/adminRoutes.ts`, typed. */
export const adminApi = {
  signIn: (user: string, password: string) => call<{ token: string }>(undefined, 'POST', 'sign-in', { user, password }),
  signOut: (token: string) => call(token, 'POST', 'sign-out'),
  configuration: (token: string) => call<AdminConfiguration>(token, 'GET', 'configuration'),
  upsertQueue: (token: string, queue: QueueConfig) => call<AdminConfiguration>(token, 'POST', 'queues', queue),
  removeQueue: (token: string, queueId: string) => call<AdminConfiguration>(token, 'DELETE', `queues/${encodeURIComponent(queueId)}`),
  upsertAgent: (token: string, upsert: AgentUpsert) => call<AdminConfiguration>(token, 'POST', 'agents', upsert),
  removeAgent: (token: string, agentId: string) => call<AdminConfiguration>(token, 'DELETE', `agents/${encodeURIComponent(agentId)}`),
  webhooks: (token: string) => call<WebhookListing>(token, 'GET', 'webhooks'),
  createWebhook: (token: string, input: WebhookInput) => call<WebhookCreated>(token, 'POST', 'webhooks', input),
  updateWebhook: (token: string, id: string, change: Partial<WebhookInput>) => call<WebhookListing>(token, 'POST', `webhooks/${encodeURIComponent(id)}`, change),
  removeWebhook: (token: string, id: string) => call<WebhookListing>(token, 'DELETE', `webhooks/${encodeURIComponent(id)}`),
  resumeWebhook: (token: string, id: string) => call<WebhookListing>(token, 'POST', `webhooks/${encodeURIComponent(id)}/resume`),
  deadLetters: (token: string, id: string) => call<DeadLetterListing>(token, 'GET', `webhooks/${encodeURIComponent(id)}/dead-letters`),
  /** One dead letter (`seq`), or all of the subscription's. */
  replay: (token: string, id: string, seq?: number) =>
    call<WebhookListing>(token, 'POST', `webhooks/${encodeURIComponent(id)}/dead-letters/${seq !== undefined ? `${seq}/` : ''}replay`),
  discard: (token: string, id: string, seq: number) => call<WebhookListing>(token, 'DELETE', `webhooks/${encodeURIComponent(id)}/dead-letters/${seq}`),
  eraseContact: (token: string, contactId: string) => call(token, 'POST', `contacts/${encodeURIComponent(contactId)}/erase`),
};

/** How a refusal reads on the page: its code, then the server's sentence. */
export const describe = (error: AdminError): string => `${error.code}: ${error.message}`;
