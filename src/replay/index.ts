// The flight recorder: replay a journal to any entry, export it, turn it into a test.
export { exportJournal, readJournal } from './journalFile';
export type { JournalRecords, JournalSource, ReadJournal } from './journalFile';
export { replayJournal } from './replayJournal';
export type { Replay, ReplayOptions } from './replayJournal';
export { toTestCase } from './toTestCase';
export { createArchivingStore } from './createArchivingStore';
export type { ArchiveOptions } from './createArchivingStore';
export type { TestCase, TestCaseEngineOptions, TestCaseOptions } from './toTestCase';
