import type { Actor } from 'xstate';
import { chatMachine } from '../../machines/chat/chatMachine';
import type { ChatEvent } from '../../machines/chat/types';
import type { ChatActorView, ChatSnapshot, PersistedChat } from '../ports';

type LiveActor = Actor<typeof chatMachine>;

/**
 * A chat's actor, held live only while it has something to do. A chat that only waits in a queue is passivated:
 * kept as its persisted XState snapshot (`getPersistedSnapshot`), a fraction of a started actor's heap, and
 * re-activated (`createActor(machine, { snapshot })`) by its next event, as Orleans grains and Akka's passivated
 * entities are. Reads never activate: a passivated chat answers `getSnapshot()` from what it keeps.
 */
export class ChatActor implements ChatActorView {
  #live: LiveActor | undefined;
  #kept: PersistedChat | undefined;
  readonly #activate: (snapshot: PersistedChat | undefined) => LiveActor;

  /** `activate` creates, wires and starts the XState actor, from a persisted snapshot when one is given. */
  constructor(activate: (snapshot: PersistedChat | undefined) => LiveActor, kept?: PersistedChat) {
    this.#activate = activate;
    if (kept === undefined) this.#live = activate(undefined);
    else this.#kept = kept;
  }

  /** Whether an XState actor is held now. */
  get live(): boolean {
    return this.#live !== undefined;
  }

  getSnapshot(): ChatSnapshot {
    return this.#live !== undefined ? this.#live.getSnapshot() : (this.#kept as unknown as ChatSnapshot);
  }

  /**
   * Whether the machine takes `event` now (XState's `snapshot.can`): a passivated chat answers from its kept snapshot,
   * resolved without starting an actor.
   */
  can(event: ChatEvent): boolean {
    if (this.#live !== undefined) return this.#live.getSnapshot().can(event);
    return chatMachine.resolveState(this.#kept as never).can(event);
  }

  send(event: ChatEvent): void {
    if (this.#live === undefined) {
      this.#live = this.#activate(this.#kept);
      this.#kept = undefined;
    }
    this.#live.send(event);
  }

  /** Drops the live actor, keeping its persisted snapshot. */
  passivate(): void {
    if (this.#live === undefined) return;
    this.#kept = this.#live.getPersistedSnapshot();
    this.#live.stop();
    this.#live = undefined;
  }

  getPersistedSnapshot(): PersistedChat {
    return this.#live !== undefined ? this.#live.getPersistedSnapshot() : (this.#kept as PersistedChat);
  }

  stop(): void {
    this.#live?.stop();
  }
}
