// chatroute/reports: contact records and 15-minute interval reports, kept from the engine's event log.
export { createMemoryReportStore } from './createMemoryReportStore';
export { followReports } from './followReports';
export type { FollowReportsOptions, ReportFollower } from './followReports';
export { reduceEvents, INTERVAL_MS } from './reduceEvents';
export { agentReports, queueReport } from './rows';
export { toCsv, toNdjson } from './exportRecords';
export type {
  AgentInterval,
  AgentIntervalReport,
  AgentTime,
  ContactRecordQuery,
  QueueInterval,
  QueueIntervalReport,
  MaybePromise,
  ReportBatch,
  ReportGap,
  ReporterState,
  ReportStore,
  SyncReportStore,
} from './types';
