// Routing policies: one file per policy, composed in `compose.ts`.
export { EVALUATION_ORDER, admitChat, chooseInTier, nextEligibilityChange, selectForTask } from './compose';
export type { Admission, AdmissionView, PolicyCandidate, SelectionInput } from './compose';
export { isOpen, nextOpening } from './businessHours';
export { effectivePriority } from './aging';
export type { AffinityPolicy, AgingPolicy, BusinessHours, OpeningInterval, OverflowPolicy, QueuePolicies, SkillsPolicy, TaskPolicy, Weekday, WideningStep, WrapUpPolicy } from '../model/policies';
