import { Observable, Subject, type Subscriber } from 'rxjs';
import { buildDesk } from './buildDesk';
import type { Desk } from './deskTypes';
import type { ChatRecord, EngineState, Touched } from '../engine/ports';
import { applyDeskChange } from './applyDeskChange';
import { equal } from './equal';
import { diffDirectory, directoryOf, directoryPage, type Directory, type DirectoryPage, type DirectoryQuery } from './directory';
import { audienceOf, diffPersonal, personalOf, stateOf, type Personal } from './personal';
import { QueueBoards } from './QueueBoards';
import type { DeskOptions, DeskState, DirectoryChange, PersonalDeskChange, QueueChange } from './types';
import { DEFAULT_WAITING_LIMIT, WINDOW_SLACK } from './window';

interface Watch {
  personal: Personal;
  readonly changes: Set<Subscriber<PersonalDeskChange>>;
  readonly desks: Set<Subscriber<Desk>>;
  /** The desk$ form: the same changes applied by the same reducer a host uses. */
  state: DeskState | undefined;
}

const sameDesk = (a: Desk, b: Desk): boolean =>
  a.agent === b.agent &&
  a.offers === b.offers &&
  a.chats === b.chats &&
  a.assistance === b.assistance &&
  a.directory === b.directory &&
  a.waiting.count === b.waiting.count &&
  a.waiting.items.length === b.waiting.items.length &&
  a.waiting.items.every((item, i) => item === b.waiting.items[i]);

/**
 * The engine's side of every desk. A transaction marks the chats and agents it touched; when it settles,
 * {@link DeskFeed.publish} re-reads each touched chat's place in the queues' waiting lists (shared: one change per
 * queue, whoever watches), then rebuilds the own part of each touched, watched agent and diffs it with the last one
 * (small parts compared structurally; no desk is ever stringified). Agents who only see a queue cost nothing per
 * change: their desks derive the list from the shared windows. Nothing is kept until the first subscription.
 */
export class DeskFeed {
  readonly #ctx: EngineState;
  readonly #limit: number;
  readonly #boards: QueueBoards;
  readonly #watches = new Map<string, Watch>();
  readonly #touchedAgents = new Set<string>();
  readonly #touchedChats = new Set<ChatRecord>();
  /** Per live chat, who saw it last time: they are touched again when it changes (a pick-back, a close). */
  readonly #audiences = new Map<string, string[]>();
  /** Live chats per contact: when one ends, the others' `hasHistory` may change. */
  readonly #contacts = new Map<string, Set<ChatRecord>>();
  readonly #queueChanges = new Subject<QueueChange>();
  readonly #directoryChanges = new Subject<DirectoryChange>();
  #directory: Directory | undefined;
  #enabled = false;
  /** How many agents have a desk$ subscriber. */
  #deskWatches = 0;
  #configChanged = false;

  readonly #touches: Touched;
  readonly #deliver: (output: () => void) => void;

  /**
   * `state`: the engine's read port; `touches`: what each transaction touched (collected by the engine once this desk
   * enables it); `deliver`: sends an output now, or once its input is durable (asynchronous stores).
   */
  constructor(state: EngineState, touches: Touched, deliver: (output: () => void) => void, options: DeskOptions = {}) {
    this.#ctx = state;
    this.#touches = touches;
    this.#deliver = deliver;
    this.#limit = options.waitingLimit ?? DEFAULT_WAITING_LIMIT;
    this.#boards = new QueueBoards(this.#limit + WINDOW_SLACK);
  }

  /** Whether touches wait to be published (a subscriber dispatched from inside a callback). */
  get #pending(): boolean {
    return this.#touches.pending || this.#touchedChats.size > 0 || this.#touchedAgents.size > 0 || this.#configChanged;
  }

  #touchAgent(agentId: string): void {
    if (this.#watches.has(agentId)) this.#touchedAgents.add(agentId);
  }

  /** Takes over what the engine collected since the last publish. */
  #take(): void {
    const touches = this.#touches;
    if (!touches.pending) return;
    if (touches.config) this.#configChanged = true;
    for (const chat of touches.chats) this.#touchedChats.add(chat);
    for (const agentId of touches.agents) this.#touchAgent(agentId);
    for (const queueId of touches.supervisedQueues) {
      for (const agentId of this.#watches.keys()) {
        if (this.#ctx.agents.get(agentId)?.config.supervises.has(queueId)) this.#touchedAgents.add(agentId);
      }
    }
    touches.clear();
  }

  /** Publishes what the touched chats and agents changed (once per transaction, and again while touches remain). */
  publish(): void {
    if (!this.#enabled) return;
    this.#take();
    const ctx = this.#ctx;
    const directoryChanges: DirectoryChange[] = [];
    if (this.#configChanged) {
      this.#configChanged = false;
      this.#boards.rebuild(ctx);
      const diff = diffDirectory(this.#directory as Directory, directoryOf(ctx, 0));
      this.#directory = diff.directory;
      directoryChanges.push(...diff.changes);
      for (const [agentId, watch] of this.#watches) {
        if (ctx.agents.has(agentId)) this.#touchedAgents.add(agentId);
        else {
          this.#watches.delete(agentId);
          for (const s of [...watch.changes, ...watch.desks]) s.complete();
        }
      }
    }
    const chats = [...this.#touchedChats];
    this.#touchedChats.clear();
    for (const chat of chats) this.#chatTouched(chat);
    const queueChanges = this.#boards.drain();
    const agents = [...this.#touchedAgents];
    this.#touchedAgents.clear();
    const personal = new Map<string, PersonalDeskChange[]>();
    for (const agentId of agents) {
      const watch = this.#watches.get(agentId);
      const agent = ctx.agents.get(agentId);
      if (watch === undefined || agent === undefined) continue;
      const next = personalOf(ctx, agent, this.#boards);
      let changes = diffPersonal(watch.personal, next);
      if (!equal(watch.personal.members, next.members)) changes = [{ type: 'desk.init', state: this.#stateOf(agentId, next) }];
      watch.personal = next;
      if (changes.length > 0) personal.set(agentId, changes);
    }
    if (directoryChanges.length === 0 && queueChanges.length === 0 && personal.size === 0) return;
    this.#updateDesks(directoryChanges, queueChanges, personal);
    const sends: Array<() => void> = [];
    for (const [agentId, changes] of personal) {
      const subscribers = [...(this.#watches.get(agentId)?.changes ?? [])];
      if (subscribers.length > 0) sends.push(() => { for (const change of changes) for (const s of subscribers) s.next(change); });
    }
    // Shared changes first, each once; then each agent's own. Subscribers may dispatch from inside: their touches
    // are published by the engine's next round, after this one's changes are out.
    this.#deliver(() => {
      for (const change of directoryChanges) this.#directoryChanges.next(change);
      for (const change of queueChanges) this.#queueChanges.next(change);
      for (const send of sends) send();
    });
  }

  /** desk$: apply the round's changes to each watched desk and emit those that changed. */
  #updateDesks(directoryChanges: DirectoryChange[], queueChanges: QueueChange[], personal: Map<string, PersonalDeskChange[]>): void {
    const before = new Map<string, Desk>();
    const apply = (agentId: string, changes: readonly (QueueChange | DirectoryChange | PersonalDeskChange)[]) => {
      const watch = this.#watches.get(agentId);
      if (watch?.state === undefined || watch.desks.size === 0) return;
      if (!before.has(agentId)) before.set(agentId, watch.state.desk);
      for (const change of changes) watch.state = applyDeskChange(watch.state, change);
    };
    if (this.#deskWatches === 0) return;
    if (directoryChanges.length > 0) for (const agentId of this.#watches.keys()) apply(agentId, directoryChanges);
    // Only desk$ subscribers pay per member here; the incremental form leaves the fan-out to the host.
    for (const change of queueChanges) {
      for (const [agentId, watch] of this.#watches) if (watch.state?.queues[change.queueId] !== undefined) apply(agentId, [change]);
    }
    for (const [agentId, changes] of personal) apply(agentId, changes);
    for (const [agentId, was] of before) {
      const watch = this.#watches.get(agentId) as Watch;
      const desk = (watch.state as DeskState).desk;
      if (sameDesk(was, desk)) continue;
      const subscribers = [...watch.desks];
      this.#deliver(() => { for (const s of subscribers) s.next(desk); });
    }
  }

  #chatTouched(chat: ChatRecord): void {
    const ctx = this.#ctx;
    this.#boards.update(ctx, chat);
    const live = ctx.chats.get(chat.id) === chat;
    const audience = live ? audienceOf(chat) : [];
    for (const agentId of this.#audiences.get(chat.id) ?? []) this.#touchAgent(agentId);
    for (const agentId of audience) this.#touchAgent(agentId);
    if (live) this.#audiences.set(chat.id, audience);
    else this.#audiences.delete(chat.id);
    const contactId = chat.customer.contactId;
    if (contactId === undefined) return;
    let same = this.#contacts.get(contactId);
    if (live) {
      if (same === undefined) this.#contacts.set(contactId, (same = new Set()));
      same.add(chat);
      return;
    }
    same?.delete(chat);
    if (same?.size === 0) this.#contacts.delete(contactId);
    // The ended chat went to the history store: the contact's other open chats now have history to load.
    for (const other of same ?? []) for (const agentId of audienceOf(other)) this.#touchAgent(agentId);
  }

  /** Starts keeping the waiting lists (on the first subscription of any kind): one pass over the live chats. */
  #enable(): void {
    if (this.#enabled) return;
    this.#enabled = true;
    this.#touches.enable();
    const ctx = this.#ctx;
    this.#boards.rebuild(ctx);
    this.#boards.drain();
    this.#directory = directoryOf(ctx, 0);
    for (const chat of ctx.chats.values()) {
      this.#audiences.set(chat.id, audienceOf(chat));
      const contactId = chat.customer.contactId;
      if (contactId === undefined) continue;
      let same = this.#contacts.get(contactId);
      if (same === undefined) this.#contacts.set(contactId, (same = new Set()));
      same.add(chat);
    }
  }

  #stateOf(agentId: string, personal: Personal): DeskState {
    return stateOf(agentId, this.#limit, personal, this.#boards, this.#directory as Directory);
  }

  #watch(agentId: string): Watch | undefined {
    const agent = this.#ctx.agents.get(agentId);
    if (agent === undefined || this.#ctx.stopped) return undefined;
    this.#enable();
    let watch = this.#watches.get(agentId);
    if (watch === undefined) {
      watch = { personal: personalOf(this.#ctx, agent, this.#boards), changes: new Set(), desks: new Set(), state: undefined };
      this.#watches.set(agentId, watch);
      // Touches still pending (a subscription from inside a callback) are re-read against this fresh part.
      if (this.#pending) this.#touchedAgents.add(agentId);
    }
    return watch;
  }

  #unwatch(agentId: string, watch: Watch): void {
    if (watch.changes.size > 0 || watch.desks.size > 0) return;
    if (this.#watches.get(agentId) === watch) this.#watches.delete(agentId);
  }

  /** `engine.desk$(agentId)`: the whole desk on subscription and whenever it changes. */
  observe(agentId: string): Observable<Desk> {
    return new Observable<Desk>((subscriber) => {
      const watch = this.#watch(agentId);
      if (watch === undefined) {
        subscriber.complete();
        return undefined;
      }
      if (watch.state === undefined || watch.desks.size === 0) {
        watch.state = this.#stateOf(agentId, watch.personal);
        this.#deskWatches++;
      }
      watch.desks.add(subscriber);
      subscriber.next(watch.state.desk);
      return () => {
        if (!watch.desks.delete(subscriber)) return;
        if (watch.desks.size === 0) {
          watch.state = undefined;
          this.#deskWatches--;
        }
        this.#unwatch(agentId, watch);
      };
    });
  }

  /** `engine.deskChanges$(agentId)`: `desk.init`, then this agent's own changes. */
  observeChanges(agentId: string): Observable<PersonalDeskChange> {
    return new Observable<PersonalDeskChange>((subscriber) => {
      const watch = this.#watch(agentId);
      if (watch === undefined) {
        subscriber.complete();
        return undefined;
      }
      watch.changes.add(subscriber);
      subscriber.next({ type: 'desk.init', state: this.#stateOf(agentId, watch.personal) });
      return () => {
        watch.changes.delete(subscriber);
        this.#unwatch(agentId, watch);
      };
    });
  }

  /** `engine.queueChanges$()`: every queue's waiting-list changes, once each. */
  queueChanges(): Observable<QueueChange> {
    return new Observable<QueueChange>((subscriber) => {
      if (this.#ctx.stopped) {
        subscriber.complete();
        return undefined;
      }
      this.#enable();
      return this.#queueChanges.subscribe(subscriber);
    });
  }

  /** `engine.directoryChanges$()`: changes to the queues and colleagues every desk lists. */
  directoryChanges(): Observable<DirectoryChange> {
    return new Observable<DirectoryChange>((subscriber) => {
      if (this.#ctx.stopped) {
        subscriber.complete();
        return undefined;
      }
      this.#enable();
      return this.#directoryChanges.subscribe(subscriber);
    });
  }

  /** An agent's desk computed from scratch by `buildDesk`, independently of the incremental state. */
  fresh(agentId: string): Desk | undefined {
    const agent = this.#ctx.agents.get(agentId);
    return agent === undefined ? undefined : buildDesk(this.#ctx, agent, this.#limit, this.#directory?.version ?? 0);
  }

  /** `engine.directory(agentId, query)`: a page of colleagues with their availability, read now. */
  directory(agentId: string, query?: DirectoryQuery): DirectoryPage {
    // Without a desk subscription nothing keeps the directory (nor counts its versions): read it once, at version 0.
    return directoryPage(this.#ctx, this.#directory ?? directoryOf(this.#ctx, 0), agentId, query);
  }

  /** The window of one queue now (what a desk holds of it). */
  window(queueId: string) {
    this.#enable();
    return this.#boards.windowOf(queueId);
  }

  complete(): void {
    for (const watch of this.#watches.values()) for (const s of [...watch.changes, ...watch.desks]) s.complete();
    this.#watches.clear();
    this.#queueChanges.complete();
    this.#directoryChanges.complete();
  }
}
