import type Database from 'better-sqlite3';
import type { Engine, HistoryStore } from 'chatroute';
import { followReports, INTERVAL_MS, queueReport, type ReportFollower, type ReportGap, type SyncReportStore } from 'chatroute/reports';
import { createSqliteReportStore } from 'chatroute/sqlite';
import type { IntervalView } from '../../shared/webhooks';
import type { StoredUpload, UploadStore } from '../storage/uploadStore';
import { followLog, type LogFollower } from './followLog';

export const DAY_MS = 86_400_000;

/** What the last retention run removed. */
export interface PruneReport {
  readonly at: number;
  /** Everything that ended (was stored, started) before this was removed. */
  readonly before: number;
  readonly uploads: number;
}

export interface RecordsOptions {
  /** `RETENTION_DAYS`: transcripts, contact records, interval reports and files older than this many days are removed daily. */
  readonly retentionDays?: number;
  /** The transcripts' store, for its `prune` (the host's SQLite history). */
  readonly history?: HistoryStore;
  /** Told of every upload removed (the upload quotas give the share back). */
  readonly onRemoved?: (uploads: readonly StoredUpload[]) => void;
  /**
   * `REPORT_FLUSH_MS`: after an event, the report follower waits this long (engine clock) so a burst is saved in one
   * SQLite transaction (default 1 000; 0 saves at once).
   */
  readonly reportFlushMs?: number;
  /** Where failures are told (the host's JSON logger); nothing a customer typed is passed to it. */
  readonly log?: RecordsLog;
}

/** The part of the host's logger the records use. */
export interface RecordsLog {
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

/**
 * What the host keeps of finished work, and what it deletes: contact records and 15-minute interval reports
 * (`followReports` into `createSqliteReportStore` on the data folder's file, so they survive restarts); the files of
 * an erased contact (on `contact.erased`, read from the event log with a cursor of its own, so an erasure published
 * just before a crash still deletes them after the restart); and, with `retentionDays`, a daily prune on the engine's
 * clock of transcripts, records, intervals and files older than that.
 *
 * @example
 * ```ts
 * const records = HostRecords.open(engine, db, uploads, { retentionDays: 90, history });
 * records.intervals(from, from + DAY_MS, ['sales']);
 * ```
 */
export class HostRecords {
  readonly reports: SyncReportStore;
  readonly #engine: Engine;
  readonly #uploads: UploadStore;
  readonly #follower: ReportFollower;
  readonly #eraser: LogFollower;
  readonly #options: RecordsOptions;
  #timer: ReturnType<Engine['clock']['setTimeout']> | undefined;
  #lastPrune: PruneReport | undefined;
  #erasedFiles = 0;

  private constructor(engine: Engine, db: Database.Database, uploads: UploadStore, options: RecordsOptions) {
    this.#engine = engine;
    this.#uploads = uploads;
    this.#options = options;
    this.reports = createSqliteReportStore({ database: db });
    this.#follower = followReports(engine, this.reports, {
      flushMs: options.reportFlushMs ?? 1_000,
      // Past the retention: reports go on from the oldest event kept; the gap is logged, counted and shown.
      onGap: (gap) => options.log?.error('the reports skipped events past the event retention', { afterSeq: gap.afterSeq, resumedAt: gap.resumedAt }),
    });
    this.#eraser = followLog(engine, db, 'erase-uploads', options.log, async (events) => {
      for (const event of events) if (event.type === 'contact.erased') await this.#eraseFiles(event.chatIds);
    });
    if (options.retentionDays !== undefined) this.#arm(0);
  }

  static open(engine: Engine, db: Database.Database, uploads: UploadStore, options: RecordsOptions = {}): HostRecords {
    if (options.retentionDays !== undefined && !(Number.isFinite(options.retentionDays) && options.retentionDays > 0)) {
      throw new Error(`retentionDays must be a positive number of days, got ${options.retentionDays}`);
    }
    return new HostRecords(engine, db, uploads, options);
  }

  /** Resolves once reports and erasures have handled every event published so far (tests, and a clean stop). */
  async caughtUp(): Promise<void> {
    await Promise.all([this.#follower.caughtUp(), this.#eraser.caughtUp()]);
  }

  /** Queue intervals starting in `[from, to)`, of these queues, with service level, ASA and AHT. */
  intervals(from: number, to: number, queueIds: ReadonlySet<string>): IntervalView[] {
    return this.reports
      .queueIntervals({ from, to })
      .filter((row) => queueIds.has(row.queueId))
      .map(queueReport)
      .map((r) => ({ queueId: r.queueId, start: r.start, offered: r.offered, answered: r.answered, abandoned: r.abandoned, serviceLevel: r.serviceLevel, asaMs: r.asaMs, ahtMs: r.ahtMs }));
  }

  get intervalMs(): number {
    return INTERVAL_MS;
  }

  /** The event `seq` the reports are up to. */
  get reportSeq(): number {
    return this.reports.position().seq;
  }

  /** Stretches of the event log the reports never saw (past the retention when they got there), oldest first. */
  get reportGaps(): readonly ReportGap[] {
    return this.#follower.gaps;
  }

  /** For `/metrics`: how far reports and erasures are, report gaps, files erased, the last retention run. */
  stats() {
    const gaps = this.#follower.gaps;
    return {
      reportSeq: this.reportSeq,
      reportGaps: gaps.length,
      reportEventsSkipped: gaps.reduce((n, g) => n + (g.resumedAt - g.afterSeq - 1), 0),
      reportError: this.#follower.lastError === undefined ? null : String(this.#follower.lastError),
      eraserSeq: this.#eraser.seq,
      eraserError: this.#eraser.lastError ?? null,
      erasedFiles: this.#erasedFiles,
      lastPrune: this.#lastPrune ?? null,
    };
  }

  /**
   * Removes what ended before `now - retentionDays`: transcripts (`HistoryStore.prune`), contact records and interval
   * rows (`ReportStore.prune`) and uploaded files (stored before then, of chats that are over). Runs daily by itself.
   */
  async prune(now = this.#engine.clock.now()): Promise<PruneReport> {
    const days = this.#options.retentionDays;
    if (days === undefined) return { at: now, before: 0, uploads: 0 };
    const before = now - days * DAY_MS;
    this.#options.history?.prune?.(before);
    this.reports.prune(before);
    const removed = await this.#uploads.removeWhere((u) => (u.storedAt ?? 0) < before && this.#over(u));
    this.#options.onRemoved?.(removed);
    this.#lastPrune = { at: now, before, uploads: removed.length };
    return this.#lastPrune;
  }

  async close(): Promise<void> {
    if (this.#timer !== undefined) this.#engine.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#follower.stop();
    await this.#eraser.stop();
  }

  /** The next prune in `delayMs`, then every day (on the engine's clock, so tests can move it by hand). */
  #arm(delayMs: number): void {
    this.#timer = this.#engine.clock.setTimeout(() => {
      this.prune().then(
        () => this.#arm(DAY_MS),
        (error: unknown) => {
          this.#options.log?.error('the retention prune failed', { error });
          this.#arm(DAY_MS);
        },
      );
    }, delayMs);
  }

  /** A chat's files may go once the chat is over (or forgotten, or its id belongs to another chat now). */
  #over(upload: StoredUpload): boolean {
    const chat = this.#engine.getChat(upload.chatId);
    return chat === undefined || chat.enqueuedAt !== upload.chatStartedAt || chat.state === 'closed' || chat.state === 'abandoned';
  }

  async #eraseFiles(chatIds: readonly string[]): Promise<void> {
    const ids = new Set(chatIds);
    const removed = await this.#uploads.removeWhere((u) => {
      if (!ids.has(u.chatId)) return false;
      // A chat id reused after lost data names another chat: keep that one's files.
      const chat = this.#engine.getChat(u.chatId);
      return chat === undefined || chat.enqueuedAt === u.chatStartedAt;
    });
    this.#erasedFiles += removed.length;
    this.#options.onRemoved?.(removed);
  }
}
