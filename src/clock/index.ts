export type { Clock, ManualClock, TimerHandle } from './types';
export { createManualClock } from './createManualClock';
export { systemClock } from './systemClock';
