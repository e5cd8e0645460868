// chatroute/audit: the engine's invariants as pure checks over its public views (the engine's own auditor,
// `createEngine({ audit })`, runs the same checks after every settled input).
export { checkInvariants } from './invariants';
export type { AuditSubject, InvariantViolation } from './invariants';
