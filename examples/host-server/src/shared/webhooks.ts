/**
 * The webhook admin API's and the supervisor reports' shapes, shared by the server (`src/server/webhooks/`,
 * `src/server/http/webhookRoutes.ts`, `reportRoutes.ts`) and the pages (`src/web/admin`, `src/web/desk`).
 */

/** A subscription as the admin page lists it: the secret is never sent back, only its last four characters. */
export interface WebhookView {
  readonly id: string;
  readonly url: string;
  /** Event types delivered (`chat.closed`, `contact.recorded`, ...); empty: every event. */
  readonly types: readonly string[];
  readonly enabled: boolean;
  readonly secretHint: string;
  /** The last event `seq` this subscription is done with (delivered, skipped by its filter, or dead-lettered). */
  readonly cursor: number;
  /** The event being delivered now and its attempts so far, if one is in flight. */
  readonly inFlight?: { readonly seq: number; readonly attempts: number; readonly lastError?: string };
  /**
   * Set when the cursor fell behind the event log's retention: delivery stopped there (nothing is skipped silently);
   * `resume` restarts it from `oldestSeq - 1`, knowingly missing the events in between.
   */
  readonly behind?: { readonly oldestSeq: number; readonly at: number };
  readonly deadLetters: number;
  readonly createdAt: number;
}

/** An event that failed every attempt: kept as its `seq` (the body is read again from the event log on replay). */
export interface DeadLetterView {
  readonly seq: number;
  readonly type: string;
  readonly attempts: number;
  readonly error: string;
  readonly deadAt: number;
  /** Waiting for its replay (queued behind the delivery in flight). */
  readonly replaying: boolean;
}

/** `POST /api/admin/webhooks` (create) and `POST /api/admin/webhooks/:id` (change; every field optional there). */
export interface WebhookInput {
  readonly url: string;
  readonly types?: readonly string[];
  /** 16 to 200 characters; created at random (and returned once) when a new subscription has none. */
  readonly secret?: string;
  readonly enabled?: boolean;
}

/** `GET /api/admin/webhooks` */
export interface WebhookListing {
  readonly webhooks: readonly WebhookView[];
}

/** The answer to creating a subscription: the listing, and the secret (shown once). */
export interface WebhookCreated extends WebhookListing {
  readonly id: string;
  readonly secret: string;
}

/** `GET /api/admin/webhooks/:id/dead-letters` */
export interface DeadLetterListing {
  readonly deadLetters: readonly DeadLetterView[];
}

/** One queue's 15 minutes on the supervisor's day chart (`GET /api/reports/intervals`). */
export interface IntervalView {
  readonly queueId: string;
  readonly start: number;
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  /** Answered within the queue's service level ÷ (answered + abandoned, short abandons left out), as `stats()` counts it. */
  readonly serviceLevel: number | null;
  readonly asaMs: number | null;
  readonly ahtMs: number | null;
}

/** `GET /api/reports/intervals?from=&to=`: the supervisor's queues, in 15-minute rows, and how far the reports are. */
export interface IntervalsAnswer {
  readonly ok: true;
  readonly from: number;
  readonly to: number;
  readonly intervalMs: number;
  readonly queues: ReadonlyArray<{ readonly queueId: string; readonly name: string }>;
  readonly intervals: readonly IntervalView[];
  /** The event `seq` the reports are up to. */
  readonly seq: number;
  /** Stretches of the event log the reports never saw (past the retention when they got there): figures are missing. */
  readonly gaps: ReadonlyArray<{ readonly afterSeq: number; readonly resumedAt: number; readonly at?: number }>;
}
