import type { IdCounters, IdKind } from '../ports';


/**
 * Every generated id: `chat-1`, `offer-1`, ... per engine (or the host's `ids` function for chats, offers and
 * messages). Counters are engine state: snapshots keep them, and a refused command gives back what it drew.
 */
export class IdSource {
  counters: IdCounters = { chat: 0, offer: 0, message: 0, invitation: 0, assistance: 0 };
  readonly #custom: ((kind: 'chat' | 'offer' | 'message') => string) | undefined;

  constructor(custom: ((kind: 'chat' | 'offer' | 'message') => string) | undefined) {
    this.#custom = custom;
  }

  next(kind: IdKind): string {
    if (this.#custom !== undefined && (kind === 'chat' || kind === 'offer' || kind === 'message')) return this.#custom(kind);
    return `${kind}-${++this.counters[kind]}`;
  }
}
