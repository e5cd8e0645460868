import { ChatrouteError } from '../errors/ChatrouteError';
import type { AsyncStore } from '../store/types';
import type { Command } from '../model/commands';
import { createEngineYielding, type Engine } from './createEngine';
import { refuse } from '../model/results';
import { GroupCommit } from '../durability/GroupCommit';
import type { DispatchResult } from '../model/results';
import type { EngineOptions } from './options';

/** One turn of the event loop: timers that came due (a lease renewal) and I/O run, then recovery goes on. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Options of {@link openEngine}: those of `createEngine`, with an asynchronous store. */
export type OpenEngineOptions = Omit<EngineOptions, 'store'> & {
  readonly store: AsyncStore;
  /**
   * Called once if a journal write fails (an I/O error, or `fenced`: another process owns the journal now). The
   * engine has already stopped and dropped every output not yet durable; reopen it from the store (on this node
   * once it holds the lease again, or on another).
   */
  readonly onFailed?: (error: unknown) => void;
};

/** An engine on an asynchronous store: outputs wait for their inputs' commit, and results can be awaited durable. */
export interface DurableEngine extends Engine {
  /**
   * Dispatches (synchronously, like `dispatch`, so the engine is settled at once) and resolves with the result once
   * the command's journal entry has committed: acknowledge a client only then. Refusals resolve at once (they
   * change nothing). Rejects if the store fails first.
   */
  dispatchDurable<C extends Command>(command: C): Promise<DispatchResult<C['type']>>;
  dispatchDurable(command: unknown): Promise<DispatchResult>;
  /** Resolves when everything dispatched so far is durable and its events and desks are delivered. */
  flush(): Promise<void>;
  /** Stops the engine (a final snapshot is written) and resolves once the store has it and is closed. */
  close(): Promise<void>;
}

/**
 * Opens a durable engine on an asynchronous store (PostgreSQL, say): loads the snapshot and the journal after it,
 * recovers exactly as `createEngine` does, then journals with group commit. `dispatch` stays synchronous and settled;
 * what leaves the engine (events, desks) is held until the batch holding its input commits, and `dispatchDurable`
 * resolves only then. Queries read the engine's current state, which may be a batch ahead of the journal.
 *
 * @example
 * ```ts
 * import { openEngine } from 'chatroute';
 * import { createPostgresStore } from 'chatroute/postgres';
 * const store = createPostgresStore({ connectionString, shard: 'tenant-42', owner: 'node-a' });
 * await store.acquire();
 * const engine = await openEngine({ store, queues, agents, onFailed: () => process.exit(1) });
 * const r = await engine.dispatchDurable({ type: 'agent.login', agentId: 'alice' });
 * ```
 */
export async function openEngine(options: OpenEngineOptions): Promise<DurableEngine> {
  const target = options.store;
  if (target?.async !== true) throw new ChatrouteError('invalid-config', 'openEngine needs an asynchronous store (AsyncStore); pass a synchronous one to createEngine');
  const loaded = await target.load();
  const contents = { ...loaded, entries: [...loaded.entries] };
  const eventRange = (await target.events?.eventRange()) ?? null;
  let engine: Engine | undefined;
  const commit = new GroupCommit(
    target,
    contents,
    (error) => {
      engine?.stop();
      options.onFailed?.(error);
    },
    eventRange,
  );
  // The replay yields to the event loop every few hundred entries: the lease this store holds keeps being renewed
  // while a long tail replays (it would otherwise lapse under a recovery longer than its TTL, and the new owner
  // lose the shard it just took), and the host's other I/O keeps flowing.
  engine = await createEngineYielding({ ...options, store: commit }, yieldToEventLoop);
  const base = engine;
  // A write staged during recovery (a truncated tail) may have failed while it replayed, before `engine` was set.
  if (commit.failure !== undefined) base.stop();
  const dispatchNow = base.dispatch;

  // Once a write failed the engine has stopped; a host still holding it hears why, not only that it stopped.
  function dispatch(command: unknown): DispatchResult {
    const failure = commit.failure;
    if (failure === undefined) return dispatchNow(command);
    const why = failure instanceof Error ? failure.message : String(failure);
    return refuse('storage-failed', `the engine stopped when a journal write failed (${why}); nothing was applied — reopen it from the store (openEngine) and retry`);
  }

  async function dispatchDurable(command: unknown): Promise<DispatchResult> {
    const before = commit.staged;
    const result = dispatch(command);
    if (commit.staged !== before) await commit.durable(commit.staged);
    return result;
  }

  return Object.assign(base, {
    dispatch: dispatch as DurableEngine['dispatch'],
    dispatchDurable: dispatchDurable as DurableEngine['dispatchDurable'],
    flush: () => commit.durable(),
    async close() {
      base.stop();
      await commit.drained();
    },
  });
}
