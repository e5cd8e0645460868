import type { AdminConfiguration, AdminError, AdminResult, AgentUpsert } from '../../shared/admin';
import type { QueueConfig } from 'chatroute';

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
};

/** How a refusal reads on the page: its code, then the server's sentence. */
export const describe = (error: AdminError): string => `${error.code}: ${error.message}`;
