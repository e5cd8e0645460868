// The incremental desk: changes, the reducer that applies them, and what a desk's waiting list derives from.
export { applyDeskChange } from './applyDeskChange';
export { compareEntries, waitingOf } from './waitingOf';
export type { DeskChange, DeskOptions, DeskState, DirectoryChange, PersonalDeskChange, QueueChange, QueueWindow, WaitingEntry } from './types';
export type { WaitingPage } from './waitingPage';
export type { DirectoryAgent, DirectoryPage, DirectoryQuery, DirectoryQueue } from './directory';
