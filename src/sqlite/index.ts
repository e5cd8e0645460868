/**
 * `chatroute/sqlite`: SQLite backends on `better-sqlite3` 12.x (an optional peer dependency; install it to use this
 * entry).
 *
 * - {@link createSqliteStore}: the engine's journal and snapshots, so an engine recovers after a crash or restart.
 * - {@link createSqliteHistory}: finished chats' transcripts for "Load older messages", kept across restarts.
 * - {@link createSqliteReportStore}: contact records and 15-minute intervals (`chatroute/reports`), kept from the event log.
 *
 * Both may share one file (or one `Database`): their tables are separate.
 *
 * @example
 * ```ts
 * import { createEngine } from 'chatroute';
 * import { createSqliteHistory, createSqliteStore } from 'chatroute/sqlite';
 * const path = 'contact-center.db';
 * const engine = createEngine({ store: createSqliteStore({ path }), history: createSqliteHistory({ path }), queues, agents });
 * ```
 *
 * @packageDocumentation
 */
export { createSqliteStore } from './createSqliteStore';
export type { SqliteStoreOptions } from './createSqliteStore';
export { createSqliteHistory } from './createSqliteHistory';
export type { SqliteHistoryOptions } from './createSqliteHistory';
export { createSqliteReportStore } from './createSqliteReportStore';
export type { SqliteReportStoreOptions } from './createSqliteReportStore';
export type { SqliteSource, SqliteSynchronous } from './openDatabase';
