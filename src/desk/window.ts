/**
 * How many entries beyond a desk's `waitingLimit` each queue's shared window carries. A desk hides the member-queue
 * entries offered to its agent and the invitations of its agent's own chats; the slack keeps the first `limit` visible
 * entries inside the window unless an agent has more than this many hidden entries in one queue's head.
 */
export const WINDOW_SLACK = 16;

/** The default number of waiting activities a desk carries. */
export const DEFAULT_WAITING_LIMIT = 50;
