import type { InspectionEvent, Observer } from 'xstate';
import type { Clock } from '../clock/types';
import type { HistoryStore } from '../history/types';
import type { AgentConfig, PresenceOptions, QueueConfig } from '../model/config';
import type { RandomSource } from '../random/createRandom';
import type { Store } from '../store/types';
import type { EngineInstrumentation } from '../metrics/types';

/** Everything `createEngine` takes. */
export interface EngineOptions {
  queues: QueueConfig[];
  agents: AgentConfig[];
  /** Time source for every timestamp and timer. Default: the system clock. */
  clock?: Clock;
  /** Id source for generated ids (chats, offers, messages). Default: `chat-1`, `offer-1`, ... per engine. */
  ids?: (kind: 'chat' | 'offer' | 'message') => string;
  /** Uniform [0, 1) source for the `random` strategy. Default: `createRandom(1)`. */
  random?: RandomSource;
  /** XState inspection observer passed to every actor (for example `createBrowserInspector().inspect`). */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** How many closed or abandoned chats `getChat` still answers for (oldest forgotten first). Default 10 000. */
  retainFinishedChats?: number;
  /** Where finished chats' transcripts go, for "load older messages". Default: in memory. */
  history?: HistoryStore;
  /**
   * Makes the engine durable: every accepted command and every timer firing is journaled in the store before its
   * result is returned or its events published, and an engine created on a store that holds a journal recovers
   * (latest snapshot + replay of the entries after it). On such a store the journaled configuration wins: `queues`
   * and `agents` only seed a new store. Not combinable with a custom `ids` function.
   */
  store?: Store;
  /** Take a snapshot (and compact the journal) every this many journal entries. Default 25 000 (a full snapshot costs in proportion to the live state; the tail it leaves replays at about 30 000 entries/s). */
  snapshotEvery?: number;
  /**
   * How many events `engine.eventsAfter` can reach back: kept in the store's event archive (a durable engine), or in
   * memory (without a store). Default 1 000 000 with a store, 1 000 without (events
   * held in memory are heap the garbage collector keeps walking: raise it only for a consumer that reads far back).
   * Older cursors are refused with `cursor-expired`.
   */
  eventRetention?: number;
  /**
   * What to do when the journal's tail fails its checksum (a torn write, a damaged disk): `'fail'` (default) throws
   * `ChatrouteError` `store-corrupt` naming the last good entry; `'truncate'` drops everything after it and goes on.
   */
  onCorruptTail?: 'fail' | 'truncate';
  /**
   * Opt-in runtime auditor: checks the engine's invariants (slots, offers and chats seen alike by agents and chats,
   * owners, offer targets, work conservation; see `checkInvariants`) after every settled input (`true`) or every Nth
   * (`{ every: N }`), and emits an `invariant.violated` event with the evidence for each one broken, instead of
   * throwing. Costs a read of every live chat and agent per check: see the README for figures. Default off.
   */
  audit?: boolean | { readonly every: number };
  /** What happens when an agent's or a customer's connection drops (`agent.disconnected`, ...). See {@link PresenceOptions}. */
  presence?: PresenceOptions;
  /** How far back `stats({ windowMs })` can look: the per-queue records kept for sliding windows. Default 3 600 000 (1 h). */
  statsRetentionMs?: number;
  /** The agent's desk: how many waiting activities it carries (`desk.waiting.items`; the count stays exact). Default 50. */
  desk?: { readonly waitingLimit?: number };
  /**
   * Callbacks for each input as it completes (dispatch, timer, journal append and commit, snapshot, recovery), with
   * how long it took: for an exporter such as `chatroute/otel`. `engine.metrics()` keeps counters and histograms either way.
   */
  instrument?: EngineInstrumentation;
}

