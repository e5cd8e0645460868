/** Why a chat went to an overflow queue (policy `overflow`, or business hours). */
export type OverflowReason = 'max-wait' | 'queue-full' | 'queue-closed' | 'nobody-logged-in';

/** Why a chat is (back) in its queue. */
export type QueuedReason = 'started' | 'rejected' | 'expired' | 'withdrawn' | 'transferred' | 'overflowed';

/** Why an invitation ended. */
export type InvitationEndReason = 'accepted' | 'picked' | 'rejected' | 'expired' | 'cancelled' | 'customer-left' | 'transferred' | 'closed';

/** What a supervisor did (`supervisor.acted`): the command's type. */
export type SupervisorAction =
  | 'supervisor.pauseAgent'
  | 'supervisor.resumeAgent'
  | 'supervisor.logoutAgent'
  | 'supervisor.transferChat'
  | 'supervisor.requeueChat'
  | 'supervisor.joinChat'
  | 'supervisor.leaveChat'
  | 'chat.setPriority';

/** Why an offer was withdrawn. */
export type WithdrawReason =
  | 'accepted-elsewhere'
  | 'picked'
  | 'customer-left'
  | 'agent-paused'
  | 'agent-logged-out'
  | 'agent-left-queue'
  | 'cancelled'
  | 'chat-ended'
  | 'max-wait'
  | 'agent-disconnected'
  | 'capacity-lowered';

