import type { Actor } from 'xstate';
import type { agentMachine } from '../machines/agent/agentMachine';
import type { chatMachine } from '../machines/chat/chatMachine';
import type { AgentContext } from '../machines/agent/types';
import type { RoutingTask } from '../routing/types';
import type { Customer } from './commandSchema';
import type { NormalizedAgent } from './config';
import type { AgentState, ChatState, ChatView, Message, Pause } from './types';

/** An agent as the engine holds it: configuration, actor, and what was last reported on `events$`. */
export interface AgentRuntime {
  readonly config: NormalizedAgent;
  readonly actor: Actor<typeof agentMachine>;
  reportedState: AgentState;
  reportedPause: Pause | null;
  /** Every member queue: the logged-in set when the agent has left none. */
  readonly memberQueues: ReadonlySet<string>;
}

/** A live chat (not closed or abandoned) as the engine holds it. */
export interface ChatRuntime {
  readonly id: string;
  readonly actor: Actor<typeof chatMachine>;
  readonly customer: Customer;
  /** Its place in its queue: the same object is re-added on every requeue, so the place is kept. */
  readonly task: RoutingTask;
  readonly messages: Message[];
}

/** A closed or abandoned chat, kept for queries until the retention limit. */
export interface FinishedChat {
  readonly view: ChatView;
  readonly messages: readonly Message[];
}

/** Maps an agent snapshot value to the public state. */
export function agentStateOf(value: unknown): AgentState {
  if (value === 'offline') return 'offline';
  const online = (value as { online: 'ready' | 'busy' | 'paused' }).online;
  return online;
}

export function chatStateOf(value: unknown): ChatState {
  return value as ChatState;
}

export function slotsUsed(context: AgentContext): number {
  return context.offers.length + context.chats.length;
}
