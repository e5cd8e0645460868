import type { AgentOverrides, AssignmentMode, InactivityPolicy, MissedOfferPolicy, ReminderPolicy, Template } from '../../model/config';
import type { QueuePolicies } from '../../model/policies';
import type { Strategy } from '../../model/routing';

/** A queue with every default filled in (see `config/normalize.ts`). */
export interface NormalizedQueue {
  readonly id: string;
  readonly name: string;
  readonly strategy: Strategy;
  readonly offerTimeoutMs: number;
  readonly missedOffer: MissedOfferPolicy;
  readonly closeStatuses: readonly string[];
  readonly rejectCooldownMs: number;
  readonly maxTextLength: number;
  readonly maxAttachmentBytes: number;
  /** `undefined`: any type is accepted. */
  readonly allowedAttachmentTypes: readonly string[] | undefined;
  readonly serviceLevelMs: number;
  readonly shortAbandonMs: number;
  readonly templates: readonly Template[];
  readonly externalUrl: string | undefined;
  readonly reminders: ReminderPolicy;
  /** `undefined`: no routing policy (today's behaviour). */
  readonly policies: QueuePolicies | undefined;
  /** `undefined`: silent customers are never warned or closed. */
  readonly inactivity: Required<InactivityPolicy> | undefined;
  readonly holdFreesSlot: boolean;
  /** `undefined`: any tag. */
  readonly allowedTags: readonly string[] | undefined;
  readonly maxTagsPerChat: number;
  /** `'manual'`: no automatic offers; members pick the queue's chats. */
  readonly assignment: AssignmentMode;
}

/** An agent with memberships resolved. */
export interface NormalizedAgent {
  readonly id: string;
  readonly name: string;
  readonly capacity: number;
  /** Member queue id → penalty, in configuration order. */
  readonly penalties: ReadonlyMap<string, number>;
  readonly supervises: ReadonlySet<string>;
  readonly skills: ReadonlyMap<string, number> | undefined;
  /** The agent's own wrap-up and missed-offer settings; `undefined` fields keep the queue's. */
  readonly overrides: Readonly<AgentOverrides> | undefined;
}

/** The presence policy with every default filled in. */
export interface NormalizedPresence {
  readonly agentGraceMs: number;
  readonly agentPause: { readonly reason: string; readonly paid: boolean };
  readonly agentChatsAfterMs: number;
  readonly agentChats: 'keep' | 'requeue' | 'close-with-status';
  readonly closeStatus: string | undefined;
  readonly customerGraceMs: number;
}
