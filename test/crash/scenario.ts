import type { AgentConfig, AgentView, ChatView, EngineEvent, QueueConfig } from '../../src/index';

/** Short timers, so a child's life (well under a second) sees offers expire, cooldowns end and reminders fire. */
export const OFFER_TIMEOUT_MS = 300;
export const REJECT_COOLDOWN_MS = 200;
export const REMINDER_DELAY_MS = 250;
/** After recovery, and after each burst of commands, the child dispatches nothing for this long: only timers act. */
export const QUIET_MS = 650;
/** A burst of commands lasts this long. */
export const BURST_MS = 320;
/** The engine snapshots (and compacts) every this many journal entries, so recovery crosses snapshots too. */
export const SNAPSHOT_EVERY = 40;
/** Contacts the customers belong to, so transcripts pile up in the history of a few. */
export const CONTACTS = ['c-0', 'c-1', 'c-2', 'c-3'];

export const queues: QueueConfig[] = [
  {
    id: 'sales',
    name: 'Sales',
    offerTimeoutMs: OFFER_TIMEOUT_MS,
    rejectCooldownMs: REJECT_COOLDOWN_MS,
    closeStatuses: ['resolved', 'spam'],
    reminders: { mode: 'after-first-message', delayMs: REMINDER_DELAY_MS },
  },
  {
    id: 'support',
    name: 'Support',
    strategy: 'least-busy',
    offerTimeoutMs: OFFER_TIMEOUT_MS,
    rejectCooldownMs: REJECT_COOLDOWN_MS,
    closeStatuses: ['resolved'],
    reminders: { mode: 'after-first-message', delayMs: REMINDER_DELAY_MS },
  },
];

export const agents: AgentConfig[] = [
  { id: 'alice', name: 'Alice', capacity: 2, queues: ['sales', 'support'] },
  { id: 'bob', name: 'Bob', capacity: 2, queues: ['sales'] },
  { id: 'carol', name: 'Carol', capacity: 3, queues: ['support', { queueId: 'sales', penalty: 1 }] },
  { id: 'dave', name: 'Dave', capacity: 1, queues: ['support'] },
];

/** A chat as the child reports it: the view and its messages as `[id, sender kind, at]`. */
export interface ChatDump {
  readonly view: ChatView;
  readonly messages: ReadonlyArray<readonly [string, string, number]>;
}

/** What the child reports of its engine: every chat it knows of, every agent, each contact's history message ids. */
export interface Dump {
  readonly at: number;
  readonly chats: Readonly<Record<string, ChatDump>>;
  readonly agents: Readonly<Record<string, AgentView>>;
  readonly history: Readonly<Record<string, readonly string[]>>;
}

/** One line of the child's stdout. `ack` is printed only after `dispatch` returned. */
export type Line =
  | { readonly k: 'recovered'; readonly dump: Dump }
  | { readonly k: 'settled'; readonly since: number; readonly dump: Dump }
  | { readonly k: 'ev'; readonly e: EngineEvent }
  | { readonly k: 'ack'; readonly i: number; readonly at: number; readonly cmd: Record<string, unknown> & { type: string }; readonly r: { ok: boolean } & Record<string, unknown> };
