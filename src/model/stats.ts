/** Live figures of one queue, from `engine.stats()`. */
export interface QueueStats {
  readonly queueId: string;
  /** Chats waiting in the queue now (queued or offered). */
  readonly waiting: number;
  /** How long the longest-waiting chat has waited, 0 when none waits. */
  readonly longestWaitMs: number;
  /** Chats that entered the queue (started there or transferred in). */
  readonly offered: number;
  /** Chats an agent took from the queue. */
  readonly answered: number;
  /** Chats whose customer left while waiting in the queue. */
  readonly abandoned: number;
  /** Answered chats that waited at most `serviceLevelMs`. */
  readonly answeredWithinSl: number;
  /**
   * answeredWithinSl / (answered + (abandoned − shortAbandoned) + chats waiting now for longer than `serviceLevelMs`),
   * or 1 when that is 0. (Before issue 9 it was answeredWithinSl / (answered + abandoned), blind to chats still waiting.)
   */
  readonly serviceLevel: number;
  readonly serviceLevelMs: number;
  /** Abandoned chats that waited at most `shortAbandonMs`: not in the service level's denominator. */
  readonly shortAbandoned: number;
  readonly shortAbandonMs: number;
  /** Waiting chats that already waited longer than `serviceLevelMs` (they count against the service level now). */
  readonly waitingOverSl: number;
  /** Average speed of answer: mean wait of answered chats, ms; null when none was answered. */
  readonly asaMs: number | null;
  /** Chats closed in this queue. */
  readonly closed: number;
  /** Average handling time: mean time from assignment to close of closed chats, ms; null when none closed. */
  readonly ahtMs: number | null;
  /**
   * Time the queue's members spent with at least one chat ÷ time they were staffed (logged in and not paused without
   * chats); null when they were never staffed.
   */
  readonly occupancy: number | null;
  /**
   * Estimated wait of a chat starting now: 0 when a member is free to take it at once, else
   * (waiting + 1) × AHT ÷ the slots of the members logged into the queue, connected and not paused; null without such
   * members or without a handling time yet.
   */
  readonly estimatedWaitMs: number | null;
  /** The sliding window these figures cover (`stats({ windowMs })`), or null for the engine's lifetime. `waiting`, `longestWaitMs`, `waitingOverSl` and `estimatedWaitMs` are always now. */
  readonly windowMs: number | null;
}

