// The public face of chatroute: the engine API, named exports only. Hosts and examples import from here (and from the
// tooling subpaths chatroute/replay, chatroute/inspect, chatroute/audit), never deep paths.
export { createEngine } from './engine/createEngine';
export type { Engine, ForkOptions } from './engine/createEngine';
export { openEngine } from './engine/openEngine';
export type { DurableEngine, OpenEngineOptions } from './engine/openEngine';
export { commandSchema, commandTypes } from './model/commands';
export type { Attachment, Command, CommandOf, CommandType, Customer, Sender, TransferTarget } from './model/commands';
export type { Desk, DeskChat, DeskOffer } from './desk/deskTypes';
export { applyDeskChange, compareEntries, waitingOf } from './desk/index';
export type { DeskChange, DeskOptions, DeskState, DirectoryAgent, DirectoryChange, DirectoryPage, DirectoryQuery, DirectoryQueue, PersonalDeskChange, QueueChange, QueueWindow, WaitingEntry, WaitingPage } from './desk/index';
export type { QueryResult } from './model/results';
export { createMemoryHistory } from './history/createMemoryHistory';
export type { HistoryEntry, HistoryPage, HistoryStore } from './history/types';
export type { AgentConfig, PresenceOptions, ReminderPolicy, Template, Membership, MissedOfferPolicy, QueueConfig, StrategyName, InactivityPolicy, HoldPolicy, TagPolicy, AssignmentMode, AgentOverrides } from './model/config';
export type { AgentQueueView, TimeInState, AgentState, AgentView, Pause, WrapUpView } from './model/agent';
export type { AgentRef, AssistanceRequest, HoldView, InvitationView, MessageSender, Notice, ChatState, ChatView, Message, OfferKind, OfferNotification, OfferView, Participant, QueueRef, WaitingActivity } from './model/chat';
export type { InvitationEndReason, SupervisorAction, QueuedReason, WithdrawReason, OverflowReason } from './model/reasons';
export type { QueueStats } from './model/stats';
export type { CommandError, CommandOutputs, DispatchResult, ErrorCode } from './model/results';
export type { EngineEvent, EngineEventOf, EngineEventType } from './model/events';
export type { EngineOptions } from './engine/options';
export type { ContactAgent, ContactRecord } from './model/contact';
export type { EngineInstrumentation, EngineMetrics, HistogramData } from './metrics/types';
export type { EventsPage, EventsRefusal } from './durability/EventLog';
export { ChatrouteError } from './errors/ChatrouteError';
export type { ChatrouteErrorCode } from './errors/ChatrouteError';
export { createManualClock, systemClock } from './clock';
export type { Clock, ManualClock, TimerHandle } from './clock';
export { createRandom } from './random/createRandom';
export type { RandomSource, SeededRandom } from './random/createRandom';
export { createMemoryStore } from './store/createMemoryStore';
export { JOURNAL_FORMAT_VERSION } from './store/types';
export type { AsyncEventArchive, AsyncStore, EventArchive, JournalEntry, JournalInput, Store, StoreContents, StoredEvent, StoredRecord } from './store/types';
export { chatMachine } from './machines/chat/chatMachine';
export { agentMachine } from './machines/agent/agentMachine';
export { selectAgents, strategies } from './routing/strategies';
export { EVALUATION_ORDER, admitChat, effectivePriority, isOpen, nextEligibilityChange, nextOpening, selectForTask } from './policies';
export type {
  AffinityPolicy,
  AgingPolicy,
  BusinessHours,
  OpeningInterval,
  OverflowPolicy,
  PolicyCandidate,
  QueuePolicies,
  SelectionInput,
  SkillsPolicy,
  TaskPolicy,
  Weekday,
  WideningStep,
  WrapUpPolicy,
} from './policies';
export type { Candidate, Strategy } from './routing/types';
export type { JsonSchema, ParseResult, Schema } from './schema';
