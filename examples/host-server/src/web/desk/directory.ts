import { useEffect, useRef, useState } from 'react';
import type { DirectoryAgent, DirectoryPage } from 'chatroute';
import type { Connection } from '../common/Connection';

/** What a picker asks the directory for (the `directory` query without its type). */
export interface DirectoryAsk {
  readonly search?: string;
  readonly queueIds?: readonly string[];
  readonly limit?: number;
}

/** How long typing settles before a search goes out. */
const SEARCH_DEBOUNCE_MS = 150;

/**
 * A page of colleagues (and, on the first page, queues) with their availability, read from the host when the picker
 * opens, again as the search changes, and again when the desk's directory `version` moves (a colleague or queue was
 * added, renamed or removed: the tab hears colleague changes once it has loaded a page). Answers that come back out of
 * order are dropped.
 *
 * @example
 * ```tsx
 * const { page, error } = useDirectory(connection, { search, limit: 50 }, desk.directory.version);
 * ```
 */
export function useDirectory(connection: Connection, ask: DirectoryAsk, version: number): { page?: DirectoryPage; error?: string } {
  const [page, setPage] = useState<DirectoryPage>();
  const [error, setError] = useState<string>();
  const asked = useRef(0);
  const first = useRef(true);
  const key = JSON.stringify(ask);
  useEffect(() => {
    const n = ++asked.current;
    const delay = first.current ? 0 : SEARCH_DEBOUNCE_MS;
    first.current = false;
    const timer = setTimeout(async () => {
      const result = await connection.query({ type: 'directory', ...ask });
      if (n !== asked.current) return;
      if (!result.ok) return setError(result.error.message);
      setError(undefined);
      setPage(result);
    }, delay);
    return () => clearTimeout(timer);
    // `ask` is compared by its serialization (a new object each render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection, key, version]);
  return { ...(page !== undefined ? { page } : {}), ...(error !== undefined ? { error } : {}) };
}

/** How a colleague's availability reads in the pickers. */
export function availability(agent: DirectoryAgent): string {
  if (agent.available) return `available (${agent.freeSlots} free ${agent.freeSlots === 1 ? 'slot' : 'slots'})`;
  return agent.state === 'offline' ? 'offline' : agent.state === 'paused' ? 'paused' : 'busy';
}

const known = new WeakMap<Connection, { version: number; names: Map<string, string> }>();

/**
 * Names of colleagues the desk mentions (assistance requests, authors of lines in a chat) without holding the whole
 * directory: the ids not known yet are looked up in one `directory` query; names are kept per connection until the
 * directory's `version` moves (a rename).
 */
export function useAgentNames(connection: Connection, ids: readonly string[], version: number): (agentId: string) => string {
  let entry = known.get(connection);
  if (entry === undefined || entry.version !== version) known.set(connection, (entry = { version, names: new Map() }));
  const cache = entry.names;
  const [, setLoaded] = useState(0);
  const missing = [...new Set(ids)].filter((id) => !cache.has(id)).sort();
  const key = missing.join('\u0000');
  useEffect(() => {
    if (missing.length === 0) return;
    let live = true;
    void connection.query({ type: 'directory', ids: missing.slice(0, 200), limit: 200 }).then((result) => {
      if (!result.ok) return;
      for (const agent of result.agents) cache.set(agent.agentId, agent.name);
      if (live) setLoaded((n) => n + 1);
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection, key, version]);
  return (agentId) => cache.get(agentId) ?? agentId;
}
