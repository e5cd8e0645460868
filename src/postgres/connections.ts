import type { Pool, PoolClient } from 'pg';
import { ChatrouteError } from '../errors/ChatrouteError';

// A PostgreSQL restart, a failover or an administrator ends every session (`57P01 terminating connection due to
// administrator command`), then the socket closes. `pg` reports both: the query under way rejects, and the client
// emits 'error', which is an uncaught exception (a crash) wherever nobody listens: on a client checked out of its
// pool, and on the pool itself for the idle clients it holds and for those `pool.query` releases broken. So every
// client this store checks out carries a listener while it is out, and every pool the store uses has one.

const listened = new WeakSet<Pool>();

/**
 * Gives `pool` one 'error' listener (once per pool, however many stores share it). The pool has already discarded
 * the broken client when it emits; the next query opens a fresh connection and reports any lasting problem where it
 * is handled. A host's own listeners still hear every error.
 */
export function listenToPool(pool: Pool): void {
  if (listened.has(pool)) return;
  listened.add(pool);
  pool.on('error', () => {});
}

/**
 * Checks a client out for a multi-statement transaction and runs `work` on it. The client listens for 'error' while
 * it is out; one that failed is released broken (the pool destroys it instead of handing it out again).
 */
export async function withClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken ??= error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.removeListener('error', onError);
    // Released broken on any failure: a client whose transaction failed halfway is not worth reusing.
    client.release(broken);
  }
}

/** SQLSTATE classes and codes of a server going away or not yet back, and Node's socket errors. */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const TRANSIENT_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const TRANSIENT_MESSAGE = /Connection terminated|not queryable|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery)/i;

/**
 * True when `error` says the database is (momentarily) out of reach rather than that a statement is wrong: a
 * connection refused, reset or terminated, the server shutting down or starting up. Worth retrying later.
 */
export function isTransient(error: unknown): boolean {
  const cause = ChatrouteError.is(error) && error.code === 'storage-failed' ? error.cause : error;
  if (typeof cause !== 'object' || cause === null) return false;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || TRANSIENT_SOCKET.has(code))) return true;
  if (cause instanceof AggregateError) return cause.errors.some((e) => isTransient(e));
  return cause instanceof Error && TRANSIENT_MESSAGE.test(cause.message);
}

/**
 * The driver's failure of `what` as a `ChatrouteError` `storage-failed` (the driver's error as `cause`); chatroute's
 * own errors (`fenced`, say) pass through unchanged. `advice` says what the caller can do about it.
 */
export function storageFailed(what: string, error: unknown, advice: string): ChatrouteError {
  if (ChatrouteError.is(error)) return error;
  const code = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? `${(error as { code: string }).code} ` : '';
  const message = error instanceof Error ? error.message || error.name : String(error);
  const reach = isTransient(error) ? 'PostgreSQL is out of reach' : 'PostgreSQL refused it';
  return new ChatrouteError('storage-failed', `${what} failed: ${reach} (${code}${message}); ${advice}`, { cause: error });
}
