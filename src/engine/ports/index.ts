// The engine's ports: the data it holds (records), the read port (EngineState), the write port (Effects). Everything
// in the engine but the composition root and the kernel depends on these, never on the classes behind them.
export type { NormalizedAgent, NormalizedPresence, NormalizedQueue } from './config';
export type {
  AgentActorView,
  AgentPresence,
  AgentRecord,
  ChatHold,
  ChatActorView,
  ChatTally,
  ChatData,
  ChatRecord,
  ChatSnapshot,
  FinishedChat,
  IdCounters,
  IdKind,
  PersistedChat,
  SlotChange,
  TallyAgent,
  TimeBucket,
  TimerSpec,
  WorkTally,
  WrapUp,
} from './records';
export { agentStateOf, chatStateOf, markRead, readCount, slotsFull, slotsUsed } from './records';
export type { Effects, EngineContext, EngineState, EventInput, QueueCounters, RouterReads, RouterWrites, StatisticsReads, StatisticsWrites, Touched } from './state';
