export type { HistoryEntry, HistoryPage, HistoryStore } from './types';
export { createMemoryHistory } from './createMemoryHistory';
