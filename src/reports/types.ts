import type { ContactRecord } from '../model/contact';

/** Which contact records a query wants: ended in `[from, to)`, in a queue, with an agent, with a status or outcome. */
export interface ContactRecordQuery {
  /** Ended at or after (clock time). */
  readonly from?: number;
  /** Ended before. */
  readonly to?: number;
  /** Was in this queue (any of `record.queues`). */
  readonly queueId?: string;
  /** This agent took part. */
  readonly agentId?: string;
  readonly status?: string;
  readonly outcome?: 'handled' | 'abandoned';
  /** Default 1 000, at most 100 000; ordered by end time, then chat id. */
  readonly limit?: number;
  readonly offset?: number;
}

/** How agents spend an interval: milliseconds per state, and handling (in a chat) within the time staffed. */
export interface AgentTime {
  readonly ready: number;
  readonly busy: number;
  readonly pausedPaid: number;
  readonly pausedUnpaid: number;
  /** In at least one chat (counted whatever the state). */
  readonly handling: number;
}

/** One queue's 15-minute interval (`start` is the interval's first millisecond, clock time). */
export interface QueueInterval {
  readonly queueId: string;
  readonly start: number;
  /** Chats that entered the queue in the interval (by their enqueue time). */
  readonly offered: number;
  /** Chats first taken in the interval, and of those, within the queue's service level; their summed wait. */
  readonly answered: number;
  readonly answeredWithinSl: number;
  readonly waitAnsweredMs: number;
  /** Chats abandoned in the interval (by their end), and of those, short abandons. */
  readonly abandoned: number;
  readonly shortAbandoned: number;
  /** Chats ended after being handled in the interval, and their summed handling time. */
  readonly handled: number;
  readonly handleMs: number;
}

/** One agent's 15-minute interval. */
export interface AgentInterval {
  readonly agentId: string;
  readonly start: number;
  readonly time: AgentTime;
  /** Chats the agent took part in that ended in the interval, and the agent's time in them. */
  readonly chats: number;
  readonly chatMs: number;
}

/** Interval figures derived from the rows: service level, ASA, AHT, occupancy (null when undefined). */
export interface QueueIntervalReport extends QueueInterval {
  readonly serviceLevel: number | null;
  readonly asaMs: number | null;
  readonly ahtMs: number | null;
}

/** Agent interval figures derived from a row. */
export interface AgentIntervalReport extends AgentInterval {
  /** handling ÷ (ready + busy + paused while handling): null when never staffed. */
  readonly occupancy: number | null;
}

/** What the reporter keeps between batches (so a restart resumes exactly where it stopped). */
export interface ReporterState {
  /** Per agent: the state reported last and since when, and whether it was paid (for pauses). */
  readonly agents: Record<string, { readonly state: string; readonly paid: boolean; readonly since: number }>;
  /** Stretches of the event log the reports never saw (the last 20), see {@link ReportGap}. */
  readonly gaps?: readonly ReportGap[];
}

/**
 * Events `afterSeq + 1 … resumedAt - 1` were past the event log's retention when the report follower reached them
 * (a new report store on an old data folder, or a follower that lagged): the contact records and interval figures
 * of what they held are missing, and agents' state time from before `resumedAt` is not counted.
 */
export interface ReportGap {
  /** The last event reported before the gap (0: none). */
  readonly afterSeq: number;
  /** The oldest event kept, where reporting went on. */
  readonly resumedAt: number;
  /** When the follower found it (the engine's clock), if it knows the clock. */
  readonly at?: number;
}

/**
 * Where contact records and interval rows are kept, with the cursor into the engine's event log they are up to. A
 * batch is saved atomically with its cursor, so a crash between batches neither loses nor doubles anything.
 */
export interface ReportStore {
  /** The last event `seq` applied (0 for an empty store) and the reporter's state then. */
  position(): MaybePromise<{ readonly seq: number; readonly state: ReporterState }>;
  /** Saves a batch atomically: records (upserted by chat id), interval rows (added to those of the same key), the position. */
  save(batch: ReportBatch): MaybePromise<void>;
  contactRecords(query?: ContactRecordQuery): MaybePromise<readonly ContactRecord[]>;
  queueIntervals(query: { readonly from: number; readonly to: number; readonly queueId?: string }): MaybePromise<readonly QueueInterval[]>;
  agentIntervals(query: { readonly from: number; readonly to: number; readonly agentId?: string }): MaybePromise<readonly AgentInterval[]>;
  /** Drops records and rows that ended (intervals that started) before `before` (retention). */
  prune(before: number): MaybePromise<void>;
}

/** A {@link ReportStore} that answers at once (memory, SQLite). */
export interface SyncReportStore extends ReportStore {
  position(): { readonly seq: number; readonly state: ReporterState };
  save(batch: ReportBatch): void;
  contactRecords(query?: ContactRecordQuery): readonly ContactRecord[];
  queueIntervals(query: { readonly from: number; readonly to: number; readonly queueId?: string }): readonly QueueInterval[];
  agentIntervals(query: { readonly from: number; readonly to: number; readonly agentId?: string }): readonly AgentInterval[];
  prune(before: number): void;
}

/** A value, or a promise of it: memory and SQLite answer at once, PostgreSQL asynchronously. */
export type MaybePromise<T> = T | Promise<T>;

/** One batch of what the reporter derived from a page of events. */
export interface ReportBatch {
  readonly records: readonly ContactRecord[];
  readonly queueIntervals: readonly QueueInterval[];
  readonly agentIntervals: readonly AgentInterval[];
  /** Contacts erased (`contact.erased`): their records keep their figures, lose the customer's personal data. */
  readonly erasedContacts: readonly string[];
  readonly seq: number;
  readonly state: ReporterState;
}
