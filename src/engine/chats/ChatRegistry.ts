import { createActor, type InspectionEvent, type Observer } from 'xstate';
import type { Clock } from '../../clock/types';
import { chatMachine } from '../../machines/chat/chatMachine';
import type { ChatEvent, ChatFact } from '../../machines/chat/types';
import type { Message, Notice } from '../../model/chat';
import type { Customer } from '../../model/commands';
import type { TaskPolicy } from '../../model/policies';
import type { RoutingTask } from '../../model/routing';
import { taskPolicyOf } from '../../policies/compose';
import type { OfferDecision } from '../../routing/types';
import type { ChatRecord, ChatTally, EngineContext, FinishedChat, NormalizedQueue, PersistedChat } from '../ports';
import { ChatActor } from './ChatActor';

/** A fresh contact tally for a chat entering `queueId`. */
export const newTally = (queueId: string): ChatTally => ({
  queues: [queueId],
  firstOfferedAt: null,
  answeredAt: null,
  answeredInQueue: null,
  made: 0,
  accepted: 0,
  rejected: 0,
  missed: 0,
  withdrawn: 0,
  transfers: 0,
  invitations: 0,
  customerDisconnects: 0,
  agentDisconnects: 0,
  customerMessages: 0,
  agentMessages: 0,
  systemMessages: 0,
  agents: [],
});

/** What the chat registry is handed by the composition root. */
export interface ChatRegistryDeps {
  /** The clock actors run on (their timers run inside transactions). */
  readonly actorClock: Clock;
  readonly inspect: Observer<InspectionEvent> | ((event: InspectionEvent) => void) | undefined;
  /** How many finished chats `getChat` still answers for. */
  readonly retainFinished: number;
  /** A fact a chat actor emitted: the kernel handles it when the transaction drains. */
  fact(chat: ChatRecord, fact: ChatFact): void;
}

/**
 * Every live chat (a flat registry of root actors, never children of one parent), the finished ones still retained,
 * and the chats offered per queue. Only this registry sends chat actors events; a chat that only waits is passivated
 * when its transaction settles, and comes back to life with its next event.
 */
export class ChatRegistry {
  readonly chats = new Map<string, ChatRecord>();
  readonly finished = new Map<string, FinishedChat>();
  /** Live chats with pending route or transfer offers, per queue: "offered to a colleague" in waiting activities. */
  readonly offeredByQueue = new Map<string, Set<ChatRecord>>();
  taskSeq = 0;
  readonly #deps: ChatRegistryDeps;
  /** Chats whose actor ran in this transaction: those left only waiting are passivated when it settles. */
  readonly #ran = new Set<ChatRecord>();
  #ctx: EngineContext | undefined;

  constructor(deps: ChatRegistryDeps) {
    this.#deps = deps;
  }

  wire(ctx: EngineContext): void {
    this.#ctx = ctx;
  }

  get retainsFinished(): boolean {
    return this.#deps.retainFinished > 0;
  }

  queueAdded(queueId: string): void {
    if (!this.offeredByQueue.has(queueId)) this.offeredByQueue.set(queueId, new Set());
  }

  queueRemoved(queueId: string): void {
    this.offeredByQueue.delete(queueId);
  }

  setOffered(queueId: string, chat: ChatRecord, offered: boolean): void {
    const set = this.offeredByQueue.get(queueId);
    if (offered) set?.add(chat);
    else set?.delete(chat);
  }

  send(chat: ChatRecord, event: ChatEvent): void {
    (chat.actor as ChatActor).send(event);
    this.#ran.add(chat);
  }

  /** Creates and starts a chat actor; its first fact (`queued`) is handled when the transaction settles. */
  start(id: string, queue: NormalizedQueue, customer: Customer, priority: number, policy: TaskPolicy | undefined): ChatRecord {
    const enqueuedAt = (this.#ctx as EngineContext).clock.now();
    return this.create(id, customer, this.#task(id, 'chat', { queueId: queue.id }, priority, enqueuedAt, undefined, null, policy), queue.id);
  }

  /**
   * Creates a chat: a fresh started actor, or (from a snapshot) a passivated one that becomes live on its first event.
   * Restored actors emit no fact; a fresh one emits `queued`, handled when the transaction settles.
   */
  create(id: string, customer: Customer, task: RoutingTask, queueId: string, kept?: PersistedChat): ChatRecord {
    const deps = this.#deps;
    const chat = {
      id,
      customer,
      task,
      inviteTask: null,
      messages: [],
      readUpTo: null,
      reminder: null,
      offerTimer: null,
      reminderTimer: null,
      unansweredSince: null,
      waitStartedAt: task.enqueuedAt,
      assistanceId: null,
      eligibilityTimer: null,
      maxWaitTimer: null,
      customerAwaySince: null,
      customerTimer: null,
      monitors: [],
      assignedAt: null,
      inactivityTimer: null,
      inactivityWarnedAt: null,
      hold: null,
      tags: [],
      tally: newTally(queueId),
    } as unknown as ChatRecord;
    const activate = (snapshot: PersistedChat | undefined) => {
      const actor = createActor(chatMachine, {
        input: { queueId },
        ...(snapshot !== undefined ? { snapshot } : {}),
        clock: deps.actorClock,
        ...(deps.inspect ? { inspect: deps.inspect } : {}),
      });
      actor.on('*', (fact) => deps.fact(chat, fact));
      actor.start();
      this.#ran.add(chat);
      return actor;
    };
    (chat as unknown as { actor: ChatActor }).actor = new ChatActor(activate, kept);
    this.chats.set(id, chat);
    return chat;
  }

  /** Moves a closed or abandoned chat out of the live registry, forgetting the oldest beyond retention. */
  finish(chat: ChatRecord, record: FinishedChat | undefined): void {
    this.chats.delete(chat.id);
    const retain = this.#deps.retainFinished;
    if (record === undefined || retain === 0) return;
    this.finished.set(chat.id, record);
    if (this.finished.size > retain) this.finished.delete(this.finished.keys().next().value as string);
  }

  /** A new place of an existing chat (after a transfer) or of its invitation, in a queue or for one agent. */
  newTask(chat: ChatRecord, kind: 'chat' | 'invite', where: { queueId: string } | { agentId: string }, enqueuedAt: number, exclude: ReadonlySet<string> | null): RoutingTask {
    const ctx = this.#ctx as EngineContext;
    // A transferred chat keeps its creation order as the last tie-break; an invitation gets its own. In a queue it
    // keeps its required skills, and its new queue's widening counts from now.
    const policy = kind === 'chat' && 'queueId' in where ? taskPolicyOf(ctx.queues.get(where.queueId)?.policies, ctx.clock.now(), chat.task.policy?.skills, undefined) : undefined;
    return this.#task(chat.id, kind, where, chat.task.priority, enqueuedAt, kind === 'chat' ? chat.task.seq : undefined, exclude, policy);
  }

  #task(
    chatId: string,
    kind: 'chat' | 'invite',
    where: { queueId: string } | { agentId: string },
    priority: number,
    enqueuedAt: number,
    seq: number | undefined,
    exclude: ReadonlySet<string> | null,
    policy?: TaskPolicy,
  ): RoutingTask {
    const id = ++this.taskSeq;
    return {
      ...(policy !== undefined ? { policy } : {}),
      id: `task-${id}`,
      chatId,
      kind,
      queueId: 'queueId' in where ? where.queueId : null,
      targetAgentId: 'agentId' in where ? where.agentId : null,
      priority,
      enqueuedAt,
      seq: seq ?? id,
      exclude,
    };
  }

  /** Turns the router's decisions into offers on the chats' machines (the facts follow as they drain). */
  applyOffers(decisions: readonly OfferDecision[]): void {
    const ctx = this.#ctx as EngineContext;
    for (const { task, agentIds } of decisions) {
      const chat = this.chats.get(task.chatId) as ChatRecord;
      const context = chat.actor.getSnapshot().context;
      const offeredAt = ctx.clock.now();
      if (task.kind === 'invite') {
        const invitation = context.invitation;
        if (invitation === null) throw new Error(`chatroute: invitation task for ${chat.id} without an invitation`);
        const expiresAt = offeredAt + (ctx.queues.get(invitation.policyQueueId) as NormalizedQueue).offerTimeoutMs;
        const offers = agentIds.map((agentId) => ({ id: ctx.newId('offer'), agentId, kind: 'invite' as const, offeredAt, expiresAt, policyQueueId: invitation.policyQueueId }));
        this.send(chat, { type: 'INVITE_OFFER', offers });
        continue;
      }
      const kind = context.transfer !== null ? ('transfer' as const) : ('route' as const);
      const expiresAt = offeredAt + (ctx.queues.get(context.queueId) as NormalizedQueue).offerTimeoutMs;
      const offers = agentIds.map((agentId) => ({ id: ctx.newId('offer'), agentId, kind, offeredAt, expiresAt, policyQueueId: context.queueId }));
      this.send(chat, { type: 'OFFER', offers });
    }
  }

  /** The transaction settled: a chat that only waits needs no live actor until its next event. */
  settled(): void {
    for (const chat of this.#ran) {
      const actor = chat.actor as ChatActor;
      if (actor.live && actor.getSnapshot().value === 'queued') actor.passivate();
    }
    this.#ran.clear();
  }

  /** Appends a message to a chat and announces it (an agent-only line as `note.added`, never as `message.sent`). */
  addMessage(chat: ChatRecord, message: Message): void {
    const ctx = this.#ctx as EngineContext;
    chat.messages.push(message);
    if (message.audience === 'agents') {
      ctx.emit({ type: 'note.added', message });
      ctx.touchChat(chat);
      return;
    }
    const kind = message.from.kind;
    if (kind === 'customer') chat.tally.customerMessages++;
    else if (kind === 'agent') chat.tally.agentMessages++;
    else chat.tally.systemMessages++;
    ctx.emit({ type: 'message.sent', message });
    ctx.touchChat(chat);
  }

  /** A line the engine itself writes into the chat (joins, leaves, transfers), so the customer sees it. */
  addNotice(chat: ChatRecord, notice: Notice, text: string): void {
    const ctx = this.#ctx as EngineContext;
    this.addMessage(
      chat,
      Object.freeze({
        id: ctx.newId('message'),
        chatId: chat.id,
        from: Object.freeze({ kind: 'system' as const }),
        text,
        attachments: Object.freeze([]),
        notice: Object.freeze(notice),
        at: ctx.clock.now(),
      }),
    );
  }

  stop(): void {
    for (const chat of this.chats.values()) (chat.actor as ChatActor).stop();
  }
}
