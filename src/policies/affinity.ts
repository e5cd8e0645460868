import type { TaskPolicy } from '../model/policies';

/** Default reservation of a chat for its preferred agent. */
export const DEFAULT_RESERVE_MS = 30_000;

/**
 * Affinity: a chat that names a preferred agent (`chat.start { preferredAgentId }`), or whose contact's last agent the
 * queue prefers, is reserved for that agent until `reservedUntil` — but only while that agent is logged into the
 * queue, meets the chat's skills and has not turned this chat down (rejected or missed it). Otherwise, and once the
 * reservation ends, the chat goes to everyone.
 *
 * @example
 * ```ts
 * reservationHolder({ since: 0, preferredAgentId: 'alice', reservedUntil: 30_000 }, 10_000, () => true); // 'alice'
 * reservationHolder({ since: 0, preferredAgentId: 'alice', reservedUntil: 30_000 }, 30_000, () => true); // undefined
 * ```
 */
export function reservationHolder(policy: TaskPolicy | undefined, now: number, holds: (agentId: string) => boolean): string | undefined {
  const agentId = policy?.preferredAgentId;
  if (agentId === undefined || policy?.reservedUntil === undefined || now >= policy.reservedUntil) return undefined;
  return holds(agentId) ? agentId : undefined;
}

/**
 * The engine's memory of each contact's last agent (for `affinity.lastAgent`), bounded: the least recently updated
 * contact is forgotten first. Kept in snapshots, so a recovered engine prefers the same agents.
 */
export class LastAgents {
  readonly #byContact = new Map<string, string>();

  constructor(readonly limit = 100_000) {}

  get(contactId: string): string | undefined {
    return this.#byContact.get(contactId);
  }

  set(contactId: string, agentId: string): void {
    this.#byContact.delete(contactId);
    this.#byContact.set(contactId, agentId);
    if (this.#byContact.size > this.limit) this.#byContact.delete(this.#byContact.keys().next().value as string);
  }

  entries(): Array<[string, string]> {
    return [...this.#byContact];
  }

  restore(entries: ReadonlyArray<readonly [string, string]>): void {
    this.#byContact.clear();
    for (const [contactId, agentId] of entries) this.#byContact.set(contactId, agentId);
  }
}
