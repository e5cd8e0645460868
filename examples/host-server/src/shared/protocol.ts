/**
 * The wire protocol between a browser tab and the host server: one WebSocket per tab, JSON text frames.
 *
 * Shared by the server and the web app (types only, plus two constant lists), so both sides agree at compile
 * time. The first frame a client sends is `hello`, carrying the protocol version and its credentials; the server
 * answers `welcome` or an `error` and closes. Every later client frame carries a `ref` that the server echoes in
 * the `result` (or `error`) it answers with. Bump {@link PROTOCOL_VERSION} on any incompatible change.
 */
import type { AgentState, Attachment, CommandError, CommandOf, CommandType, DeskChange, DeskState, DirectoryPage, HistoryPage, Message, QueueRef } from 'chatroute';
import type { QueueForecast } from 'chatroute/simulation';

export const PROTOCOL_VERSION = 1;

/** Engine commands an agent's desk may send. `chat.start` and `customer.leave` belong to customers. */
export const agentCommandTypes = [
  'agent.login',
  'agent.logout',
  'agent.joinQueue',
  'agent.leaveQueue',
  'agent.pause',
  'agent.resume',
  'offer.accept',
  'offer.reject',
  'chat.pick',
  'chat.setStatus',
  'chat.close',
  'message.send',
  'chat.read',
  'chat.invite',
  'chat.cancelInvite',
  'chat.transfer',
  'chat.markImportant',
  // A chat on hold (waiting for the customer or a third party) and back; agent-only notes and whispers; tags.
  'chat.hold',
  'chat.resume',
  'chat.note',
  'chat.tag',
  'chat.requestAssistance',
  'assistance.resolve',
  // After-chat work (wrap-up) the agent ends early.
  'agent.wrapUpDone',
  // A supervisor opens (monitor) or joins (barge) a chat of a queue they supervise, e.g. from an assistance request.
  'supervisor.joinChat',
  'supervisor.leaveChat',
  // Supervisor control of their queues' agents and chats (the engine authorises each).
  'supervisor.pauseAgent',
  'supervisor.resumeAgent',
  'supervisor.logoutAgent',
  'supervisor.transferChat',
  'supervisor.requeueChat',
  'chat.setPriority',
] as const satisfies readonly CommandType[];

export type AgentCommandType = (typeof agentCommandTypes)[number];

/** Commands a customer may send on their own chat (starting it is part of `hello`). */
export const customerCommandTypes = ['message.send', 'customer.leave'] as const;

/** The server sets who acts: `agentId` for an agent's own commands, `supervisorId` for supervisor commands (whose `agentId` is the target). */
type WithoutAgent<C> = C extends { readonly supervisorId: string } ? Omit<C, 'supervisorId'> : C extends unknown ? Omit<C, 'agentId'> : never;

/**
 * A message as a client sends it: files are referred to by the ids the upload endpoint returned, never by URL,
 * so a client cannot make a message point anywhere the server did not store.
 */
export interface OutgoingMessage {
  readonly text?: string;
  readonly uploads?: readonly string[];
}

/** What an agent's desk sends: engine commands without `agentId` (the server sets it from the session). */
export type AgentCommand =
  | WithoutAgent<CommandOf<Exclude<AgentCommandType, 'message.send'>>>
  | ({ readonly type: 'message.send'; readonly chatId: string } & OutgoingMessage);

/** What a customer sends: always about their own chat, which the server knows from the token. */
export type CustomerCommand = ({ readonly type: 'message.send' } & OutgoingMessage) | { readonly type: 'customer.leave' };

/** Most colleagues one `directory` query answers with (and most `ids` it takes). */
export const DIRECTORY_PAGE_MAX = 200;

/**
 * Questions an agent asks: about a chat they take part in, or the directory. `directory` answers a page of colleagues
 * by name (everyone but the asker), with their availability now, and on the first page (`offset` 0) the queues with
 * how many members are logged in and available (chatroute's `engine.directory`). `search` matches names and ids;
 * `queueIds` keeps members of those queues; `ids` looks up these agents (to name them). After its first `directory`
 * query a tab also hears colleague changes (`desk.change` with `directory.agent` / `directory.agentRemoved`).
 */
export type AgentQuery =
  | { readonly type: 'template'; readonly chatId: string; readonly templateId: string }
  | { readonly type: 'history'; readonly chatId: string; readonly before?: string }
  | {
      readonly type: 'directory';
      readonly search?: string;
      readonly queueIds?: readonly string[];
      readonly ids?: readonly string[];
      readonly offset?: number;
      readonly limit?: number;
    }
  /** Supervisors: the colleagues of the queues they supervise (at most {@link DIRECTORY_PAGE_MAX}), as the team panel shows them. */
  | { readonly type: 'team' };

/**
 * A colleague on the supervisor's team panel: state and since when (`sinceKnown` false: the state has not changed since
 * the server started, so it is at least that long), chats and slots.
 */
export interface TeamMember {
  readonly agentId: string;
  readonly name: string;
  readonly state: AgentState;
  readonly pause?: { readonly reason: string; readonly paid: boolean };
  readonly since: number;
  readonly sinceKnown: boolean;
  /** Chats the agent takes part in now. */
  readonly chats: number;
  readonly slotsUsed: number;
  readonly capacity: number;
}

/** What a successful query answers with, by query type. */
export interface QueryOutputs {
  readonly template: { readonly text: string };
  readonly history: HistoryPage;
  readonly directory: DirectoryPage;
  readonly team: { readonly agents: readonly TeamMember[] };
}

/** Credentials of the `hello` frame. */
export type Credentials =
  | { readonly role: 'agent'; readonly agentId: string; readonly password: string }
  | { readonly role: 'agent'; readonly token: string }
  | { readonly role: 'customer'; readonly token: string }
  | { readonly role: 'customer'; readonly start: ChatStart };

/**
 * The start form. `email` is shown to the agent but proves nothing, so it never links earlier chats; `identity` is
 * a token the embedding site signed for its signed-in visitor (see README, "Contact identity"), and only that (or the
 * widget's own visitor cookie) links them.
 */
export interface ChatStart {
  readonly queueId: string;
  readonly name: string;
  readonly email?: string;
  readonly identity?: { readonly site: string; readonly token: string };
}

export type ClientFrame =
  | { readonly type: 'hello'; readonly version: number; readonly auth: Credentials }
  | { readonly type: 'command'; readonly ref: string; readonly command: AgentCommand | CustomerCommand }
  | { readonly type: 'query'; readonly ref: string; readonly query: AgentQuery }
  /** Revokes this connection's token (everywhere, for good) and closes the connection with 1000. */
  | { readonly type: 'signOut' }
  /** The person is typing: agents name the chat, customers type in their own. Not answered; sent on at most every 2 s. */
  | { readonly type: 'typing'; readonly chatId?: string };

/** Why the server refused a frame (engine refusals come back as results with the engine's own codes). */
export type ProtocolErrorCode =
  | 'bad-frame'
  | 'unsupported-version'
  | 'unauthorized'
  | 'not-authenticated'
  | 'forbidden'
  | 'rate-limited'
  | 'quota-exceeded'
  | 'transcript-full'
  | 'internal';

/**
 * WebSocket close codes the server uses (4000–4999 is the application range). `unauthorized` also ends a
 * connection whose token was revoked or expired while it was open; clients sign in again rather than reconnect.
 */
export const closeCodes = { unauthorized: 4001, unsupportedVersion: 4002, helloTimeout: 4003, rateLimited: 4008, signedOut: 1000, shuttingDown: 1001 } as const;

/** The answer to a command or query: the engine's result (or a protocol refusal) with the request's `ref`. */
export type Result =
  | ({ readonly ok: true } & { readonly [key: string]: unknown })
  | { readonly ok: false; readonly error: CommandError | { readonly code: ProtocolErrorCode; readonly message: string } };

/** The answer to a query, typed by its query. */
export type QueryResult<T extends AgentQuery['type']> = ({ readonly ok: true } & QueryOutputs[T]) | Extract<Result, { ok: false }>;

/** Limits the server enforces, sent in `welcome` so the UI can say them before the server refuses. */
export interface Limits {
  readonly maxFrameBytes: number;
  readonly maxUploadBytes: number;
  readonly uploadTypes: readonly string[];
  /** Longest message text (a longer paste is cut, and the composer says so). */
  readonly maxTextLength: number;
}

export interface AgentSession {
  readonly role: 'agent';
  readonly agentId: string;
  readonly name: string;
  /** Bearer token for uploads and for reconnecting this tab without the password. */
  readonly token: string;
  /** Paid pause reasons of the status control (host configuration; the engine takes any reason). */
  readonly pauseReasons: readonly string[];
  readonly limits: Limits;
  /** The number of each queue, as the chat header shows it (queueId → number). */
  readonly queueNumbers: Readonly<Record<string, number>>;
  /** Queues this agent supervises (the desk shows supervisor control for them; the engine authorises each command). */
  readonly supervises: readonly string[];
}

export interface CustomerSession {
  readonly role: 'customer';
  readonly chatId: string;
  /** Chat-scoped bearer token: reconnects to this chat and uploads to it, nothing else. */
  readonly token: string;
  readonly limits: Limits;
}

/** What the customer sees of their chat: no agent ids, no internal state names. */
export interface CustomerChat {
  readonly chatId: string;
  readonly state: 'waiting' | 'active' | 'ended';
  readonly queue: QueueRef;
  /** Names of the agents in the chat now. */
  readonly agents: readonly string[];
  /** Set once ended: the customer left, or the agents closed the chat. */
  readonly ended?: 'left' | 'closed';
  /** While waiting: 1 = next in line. */
  readonly position?: number;
  /** While waiting: the expected wait from now, when the host can estimate it. */
  readonly estimatedWaitMs?: number;
}

/** A transcript line as the customer sees it. */
export interface CustomerMessage {
  readonly id: string;
  readonly at: number;
  readonly from: 'you' | 'agent' | 'system';
  /** The agent's name on agent lines. */
  readonly name?: string;
  readonly text: string;
  readonly attachments: readonly Attachment[];
}

export type ServerFrame =
  /** `serverTime` lets the client tick "time in queue" against the server's clock despite skew. */
  | { readonly type: 'welcome'; readonly version: number; readonly serverTime: number; readonly session: AgentSession | CustomerSession }
  | { readonly type: 'result'; readonly ref: string; readonly result: Result }
  | { readonly type: 'error'; readonly code: ProtocolErrorCode; readonly message: string; readonly ref?: string; readonly retryAfterMs?: number }
  // Agents:
  /**
   * The incremental desk: `desk.init` carries the whole state (on sign-in, and again when the agent's queues
   * change) but not the colleagues: `state.desk.directory` holds the queues and the directory's version, and the
   * pickers ask a `directory` query for colleagues. Each `desk.change` is one change to apply with chatroute's
   * `applyDeskChange` (its own, or a queue's or the directory's, sent as the same bytes to every member; colleague
   * changes only to tabs that loaded a directory page). Render `state.desk`.
   */
  | { readonly type: 'desk.init'; readonly state: DeskState }
  | { readonly type: 'desk.change'; readonly change: DeskChange }
  /** Queue changes gathered for up to 250 ms and collapsed (the last per entry), to apply in order. */
  | { readonly type: 'desk.changes'; readonly changes: readonly DeskChange[] }
  /** `omitted`: older lines of this chat not sent (the transcript window); the history has them once it ends. */
  | { readonly type: 'transcript'; readonly chatId: string; readonly messages: readonly Message[]; readonly omitted?: number }
  | { readonly type: 'message'; readonly message: Message }
  | { readonly type: 'reminder'; readonly chatId: string; readonly waitingSince: number }
  /** The customer of a chat on the desk is typing (shown for a few seconds). */
  | { readonly type: 'typing'; readonly chatId: string }
  /** Whether the customer of a chat on the desk has the widget open now. */
  | { readonly type: 'presence'; readonly chatId: string; readonly customer: 'online' | 'offline' }
  /** Supervisors: the forecast of their queues for the next half hour (about once a minute). */
  | { readonly type: 'forecast'; readonly forecast: SupervisorForecastView }
  // Customers:
  | { readonly type: 'chat'; readonly chat: CustomerChat }
  | { readonly type: 'chat.transcript'; readonly messages: readonly CustomerMessage[]; readonly omitted?: number }
  /** An agent of the chat is typing. */
  | { readonly type: 'chat.typing'; readonly name: string }
  | { readonly type: 'chat.message'; readonly message: CustomerMessage };

/** A forecast as a supervisor's desk shows it: per queue, 5-minute intervals ahead and the first likely breach. */
export interface SupervisorForecastView {
  readonly at: number;
  readonly horizonMs: number;
  readonly queues: readonly QueueForecast[];
}

/** What the upload endpoint answers with (201). */
export interface UploadReceipt {
  readonly uploadId: string;
  readonly name: string;
  readonly size: number;
  readonly mimeType: string;
  readonly url: string;
}

/**
 * Why the upload endpoint refused a file (with the HTTP status): the body is `{ error, code, retryAfterMs? }`.
 * `chat-closed` (409): the chat is the sender's but over (closed, abandoned, or its customer left).
 */
export type UploadRefusalCode = 'unauthorized' | 'forbidden' | 'too-large' | 'unsupported-type' | 'quota-exceeded' | 'bad-request' | 'chat-closed';
