import type { ChatRecord, Touched } from '../ports';

/**
 * What transactions touched, collected for the desk downstream. Nothing is kept until something downstream asks
 * for it (`enable`), so an engine without desks pays one flag test per touch.
 */
export class Touches implements Touched {
  readonly chats = new Set<ChatRecord>();
  readonly agents = new Set<string>();
  readonly supervisedQueues = new Set<string>();
  config = false;
  #enabled = false;

  /** Starts collecting (the first desk, queue or directory subscription). */
  enable(): void {
    this.#enabled = true;
  }

  get pending(): boolean {
    return this.chats.size > 0 || this.agents.size > 0 || this.supervisedQueues.size > 0 || this.config;
  }

  chat(chat: ChatRecord): void {
    if (this.#enabled) this.chats.add(chat);
  }

  agent(agentId: string): void {
    if (this.#enabled) this.agents.add(agentId);
  }

  supervisors(queueId: string): void {
    if (this.#enabled) this.supervisedQueues.add(queueId);
  }

  configChanged(): void {
    if (this.#enabled) this.config = true;
  }

  clear(): void {
    this.chats.clear();
    this.agents.clear();
    this.supervisedQueues.clear();
    this.config = false;
  }
}
