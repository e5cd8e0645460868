// The inspector's own little protocol (WebSocket `/inspector/ws`), shared by the server and the inspector page.
// Types only: the page imports this file, so it must not import anything that runs.

export const INSPECTOR_PATH = '/inspector/ws';

/** Which of the engine's two machines: one actor per chat, one per agent. */
export type ActorKind = 'chat' | 'agent';

/** A state node placed on the chart: absolute coordinates, so the page draws without knowing about nesting. */
export interface PlacedState {
  readonly id: string;
  /** The key (`offered`, `paused`); the root shows the machine id. */
  readonly label: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly parent?: string;
  readonly depth: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Transitions that go nowhere (actions only), drawn as lines inside the box: `SET_STATUS [isParticipant]`. */
  readonly internal: readonly string[];
}

/** A labelled edge: one per source → target pair, every event (with its guard) that takes it on its label. */
export interface PlacedEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** `EVENT [guard]`, one line per transition, in definition order. */
  readonly events: readonly string[];
  /** The polyline, absolute. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** Where the label's top-left corner goes, and its size. */
  readonly label: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

/** The arrow into the initial child of a compound state. */
export interface PlacedInitial {
  readonly parent: string;
  readonly target: string;
  readonly dot: { readonly x: number; readonly y: number };
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** One machine, laid out once (by elkjs) and reused by every page. */
export interface ChartLayout {
  readonly machine: string;
  readonly width: number;
  readonly height: number;
  readonly states: readonly PlacedState[];
  readonly edges: readonly PlacedEdge[];
  readonly initials: readonly PlacedInitial[];
}

/** A live actor in the list: its id, what to call it, and the state it is in (`offered`, `online.paused`). */
export interface ActorSummary {
  readonly kind: ActorKind;
  readonly id: string;
  readonly name: string;
  /** The machine state as a dotted path under the root (`queued`, `online.busy`). */
  readonly state: string;
}

/** An engine event as the inspector shows it: message texts are left out (the inspector is about routing). */
export interface InspectorEvent {
  readonly seq: number;
  readonly at: number;
  readonly type: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Everything about the watched actor. */
export interface WatchedActor {
  readonly kind: ActorKind;
  readonly id: string;
  /** The machine's state value (`'offered'`, `{ online: 'ready' }`), or undefined once the actor is gone. */
  readonly value: unknown;
  /** What to highlight: `activeStateIds(description, value)`. */
  readonly activeIds: readonly string[];
  /** The engine's public view of it (`getChat` / `getAgent`). */
  readonly context: unknown;
  /** Its recent events, oldest first. */
  readonly events: readonly InspectorEvent[];
}

export type InspectorAuth = { readonly user: string; readonly password: string } | { readonly token: string } | { readonly open: true };

export type InspectorClientFrame =
  | { readonly type: 'hello'; readonly auth: InspectorAuth }
  | { readonly type: 'watch'; readonly kind: ActorKind; readonly id: string }
  | { readonly type: 'unwatch' };

export type InspectorServerFrame =
  | { readonly type: 'welcome'; readonly who: string; readonly token?: string; readonly charts: { readonly chat: ChartLayout; readonly agent: ChartLayout }; readonly serverTime: number }
  | { readonly type: 'actors'; readonly chats: readonly ActorSummary[]; readonly agents: readonly ActorSummary[] }
  | { readonly type: 'watched'; readonly actor: WatchedActor }
  | { readonly type: 'error'; readonly code: 'unauthorized' | 'forbidden' | 'bad-frame' | 'not-found' | 'rate-limited'; readonly message: string };

/** Close codes: as the desk's, 4001 the sign-in is not (or no longer) good and 4003 no hello in time; 4004 not a supervisor. */
export const inspectorCloseCodes = { unauthorized: 4001, helloTimeout: 4003, forbidden: 4004 } as const;
