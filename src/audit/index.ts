// The runtime auditor: the engine's invariants as pure checks over its public views.
export { checkInvariants } from './invariants';
export type { AuditSubject, InvariantViolation } from './invariants';
export { createAuditor, subjectOf, type AuditOption } from './createAuditor';
