import { createManualClock } from '../clock/createManualClock';
import type { ManualClock } from '../clock/types';
import { createEngine, type Engine } from '../index';
import type { EngineOptions } from '../index';
import { ChatrouteError } from '../errors/ChatrouteError';
import { createRandom } from '../random/createRandom';
import { createMemoryStore } from '../store/createMemoryStore';
import type { JournalEntry } from '../store/types';
import { readJournal, type JournalSource, type ReadJournal } from './journalFile';
import { minimizeCommands, runEntries } from './minimize';

/** Engine options a generated test may set: the plain-data ones the journal does not hold. */
export type TestCaseEngineOptions = Omit<Partial<EngineOptions>, 'store' | 'clock' | 'queues' | 'agents' | 'ids' | 'random' | 'history' | 'inspect'>;

/** What {@link toTestCase} takes besides the journal. */
export interface TestCaseOptions {
  /** The last entry to include. Default: the last one (or, with `check` or `invariants`, the first that fails). */
  readonly upTo?: number;
  /**
   * Called after each entry is applied (on an engine rebuilt exactly as the generated test builds it): a string (or
   * `true`) says what is wrong, and the test is cut after the first entry where that happens: the shortest prefix.
   */
  readonly check?: (engine: Engine, entry: JournalEntry) => string | boolean | null | undefined;
  /** Cut at the first entry after which the auditor reports a broken invariant, and make the test assert none. */
  readonly invariants?: boolean;
  /**
   * With `check` or `invariants`: also drop the commands the failure does not need (delta debugging over the failing
   * prefix, every clock advance kept), so the test holds only what it takes to fail. Ids the engine generates (`chat-N`)
   * follow the commands kept, so a check naming a chat may then be about another one: prefer checks over every chat.
   */
  readonly minimize?: boolean;
  /** The most replays `minimize` may spend. Default 2 000. */
  readonly maxRuns?: number;
  /**
   * Statements to end the test with: what should have been true there, e.g.
   * `expect(engine.getChat('chat-7')?.state).not.toBe('queued');`. They make the test fail until the bug is fixed.
   */
  readonly assertion?: string;
  /**
   * After the last entry (`upTo`), let the clock run on to this time and check once more there: a chat that got stuck
   * was stuck while nothing happened, and no entry marks the moment it was noticed. The test then ends with
   * `clock.advanceTo(at)`. Default: the time of the last entry.
   */
  readonly at?: number;
  /**
   * Engine options the journal does not hold (the snapshot keeps queues and agents only), as the recorded engine had
   * them: plain data, written into the test as JSON. Leave out what cannot be (functions, stores, clocks).
   */
  readonly engine?: TestCaseEngineOptions;
  /** The test's title. Default: `replays journal entries A–B`. */
  readonly name?: string;
  /** The module the test imports chatroute from. Default `'chatroute'`. */
  readonly importFrom?: string;
}

/** A generated test case. */
export interface TestCase {
  /** The source of a self-contained vitest test file. */
  readonly source: string;
  /** The last entry included. */
  readonly upTo: number;
  /** Where and why `check` or the invariants failed, when they did. */
  readonly failure?: { readonly seq: number; readonly message: string };
}

const json = (value: unknown) => JSON.stringify(value);

/** A fresh engine equals the snapshot when the journal starts from a store's first one (the seed configuration). */
const startsFresh = (journal: ReadJournal) => journal.snapshotSeq === 0 && journal.snapshot.chats.length === 0 && journal.snapshot.timers.length === 0;

/** The default engine's random state, to leave `random` out of the test when it is that. */
const defaultRandom = json(createRandom(1).getState());

/** The test's setup, as source and as the equivalent engine built here (so a check sees what the test will see). */
function setup(journal: ReadJournal, audit: boolean, extra: TestCaseEngineOptions): { lines: string[]; build: () => { engine: Engine; clock: ManualClock } } {
  const snap = journal.snapshot;
  const randomState = snap.random === null || json(snap.random) === defaultRandom ? undefined : snap.random;
  // Options the journal does not hold, written into the test as data (the auditor's comes last: it is the test's own).
  const extraEntries = Object.entries(extra).filter(([key]) => key !== 'audit');
  const auditOption = { ...Object.fromEntries(extraEntries), ...(audit ? { audit: true } : {}) };
  const extraLines = extraEntries.map(([key, value]) => `    ${key}: ${json(value)},`);
  if (startsFresh(journal)) {
    const lines = [
      `  const clock = createManualClock(${snap.startedAt});`,
      ...(randomState !== undefined ? [`  const random = createRandom(1);`, `  random.setState(${json(randomState)});`] : []),
      `  const engine = createEngine({`,
      `    clock,`,
      `    queues: ${json(snap.queues)},`,
      `    agents: ${json(snap.agents)},`,
      ...(randomState !== undefined ? ['    random,'] : []),
      ...extraLines,
      ...(audit ? ['    audit: true,'] : []),
      `  });`,
    ];
    return {
      lines,
      build: () => {
        const clock = createManualClock(snap.startedAt);
        const random = createRandom(1);
        if (randomState !== undefined) random.setState(randomState);
        const options: EngineOptions = { clock, queues: snap.queues, agents: snap.agents, ...(randomState !== undefined ? { random } : {}), ...auditOption };
        return { engine: createEngine(options), clock };
      },
    };
  }
  // A later snapshot (the journal was compacted): the test starts from it, restored from an in-memory store.
  const record = journal.records.snapshot;
  const lines = [
    `  // The journal starts from the snapshot taken after entry ${record.seq}: the test restores it.`,
    `  const clock = createManualClock(${snap.at});`,
    `  const store = createMemoryStore();`,
    `  store.initialize(${journal.records.formatVersion});`,
    `  store.saveSnapshot({ seq: ${record.seq}, crc: ${record.crc}, body: ${json(record.body)} }, { compact: false });`,
    `  const engine = createEngine({ clock, store, queues: [], agents: []${extraEntries.map(([key, value]) => `, ${key}: ${json(value)}`).join('')}${audit ? ', audit: true' : ''} });`,
  ];
  return {
    lines,
    build: () => {
      const clock = createManualClock(snap.at);
      const store = createMemoryStore();
      store.initialize(journal.records.formatVersion);
      store.saveSnapshot(record, { compact: false });
      return { engine: createEngine({ clock, store, queues: [], agents: [], ...auditOption }), clock };
    },
  };
}

/**
 * Turns a journal into a minimal, self-contained vitest test: the configuration, then each journaled command as a
 * `dispatch` (asserted accepted) and each gap as `clock.advanceTo(at)`. Journaled timer firings become clock
 * advances to the time they fired: on a manual clock timers fire by themselves when time passes. With `check` or
 * `invariants`, the journal is replayed entry by entry on exactly that setup and the test is cut after the first
 * entry where the check fails: the shortest failing prefix. Add `assertion` to state what should have held there.
 *
 * A journal recorded on a manual clock (simulations, tests) gives a test that reproduces it exactly. One recorded on
 * the system clock, where timers fire a little after they are due, reproduces the same decisions, but a timer's
 * effects carry its due time instead of the moment it actually fired: for byte-exact state use {@link replayJournal}.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { toTestCase } from 'chatroute/replay';
 * const { source, failure } = toTestCase(journalText, {
 *   check: (engine) => engine.getChat('chat-7')?.state === 'queued' && engine.clock.now() > 600_000 && 'chat-7 is stuck',
 *   assertion: "expect(engine.getChat('chat-7')?.state).not.toBe('queued');",
 * });
 * writeFileSync('test/regressions/chat-7-stuck.test.ts', source); // fails until the bug is fixed
 * ```
 */
export function toTestCase(journal: JournalSource, options: TestCaseOptions = {}): TestCase {
  const read = readJournal(journal);
  const lastSeq = read.entries.at(-1)?.seq ?? read.snapshotSeq;
  const limit = options.upTo ?? lastSeq;
  if (!Number.isInteger(limit) || limit < read.snapshotSeq || limit > lastSeq) {
    throw new ChatrouteError('invalid-argument', `toTestCase: upTo must be an entry from ${read.snapshotSeq} to ${lastSeq}, got ${String(limit)}`);
  }
  const audit = options.invariants === true;
  const lastAt = read.entries.filter((e) => e.seq <= limit).at(-1)?.at ?? read.snapshot.at;
  if (options.at !== undefined && !(options.at >= lastAt)) {
    throw new ChatrouteError('invalid-argument', `toTestCase: at must be >= ${lastAt} (the time of entry ${limit}), got ${String(options.at)}`);
  }
  const { lines: setupLines, build } = setup(read, audit, options.engine ?? {});
  const entries = read.entries.filter((e) => e.seq <= limit);
  let failure: { seq: number; message: string; atEnd?: boolean } | undefined;
  let kept: ReadonlySet<number> | undefined;
  if (options.check !== undefined || audit) {
    const run = runEntries(build, entries, undefined, options.check, audit, options.at);
    const refused = entries.find((e) => run.refused.has(e.seq) && (run.failure === undefined || e.seq <= run.failure.seq));
    if (refused !== undefined && refused.input.kind === 'command') {
      throw new ChatrouteError('invalid-argument', `toTestCase: entry ${refused.seq} (${refused.input.command.type}) is refused on the rebuilt engine: the journal does not reproduce as commands and clock advances`);
    }
    failure = run.failure;
    if (failure !== undefined && options.minimize === true) {
      const minimal = minimizeCommands(build, entries, failure, options.check, audit, options.maxRuns ?? 2_000, options.at);
      failure = minimal.failure;
      kept = new Set(minimal.kept);
    }
  }
  const upTo = failure?.seq ?? limit;
  const included = entries.filter((e) => e.seq <= upTo);
  const first = included[0]?.seq ?? upTo;
  const body: string[] = [];
  let now = startsFresh(read) ? read.snapshot.startedAt : read.snapshot.at;
  const advance = (at: number) => {
    if (at <= now) return;
    body.push(`  clock.advanceTo(${at});`);
    now = at;
  };
  for (const entry of included) {
    if (kept !== undefined) {
      // Minimized: advance only to each command kept (timers fire on the way, at their due times) and to the end.
      if (entry.input.kind === 'command' && kept.has(entry.seq)) {
        advance(entry.at);
        body.push(`  accepted(${json(entry.input.command)}); // ${entry.seq}`);
      }
      continue;
    }
    advance(entry.at);
    if (entry.input.kind === 'command') body.push(`  accepted(${json(entry.input.command)}); // ${entry.seq}`);
    else body.push(`  // ${entry.seq}: timer ${entry.input.timerId} fired at ${entry.at}`);
  }
  // The end: the time the check was made at when it ran past the last entry (and failed only there, if it failed),
  // else the last entry's (timers due by then fire on the way).
  const endAt = options.at !== undefined && (failure === undefined || failure.atEnd === true) ? options.at : included.at(-1)?.at;
  if (endAt !== undefined) advance(endAt);
  const imports = ['createEngine', 'createManualClock', ...(setupLines.some((l) => l.includes('createRandom(')) ? ['createRandom'] : []), ...(setupLines.some((l) => l.includes('createMemoryStore()')) ? ['createMemoryStore'] : [])].sort();
  const title = options.name ?? (included.length > 0 ? `replays journal entries ${first}–${upTo}` : `replays the journal's snapshot (entry ${upTo})`);
  const source = [
    `// Generated by chatroute's toTestCase from a journal: entries ${included.length > 0 ? `${first}–${upTo}` : 'none'} as commands and clock advances.`,
    `import { expect, it } from 'vitest';`,
    `import { ${imports.join(', ')} } from '${options.importFrom ?? 'chatroute'}';`,
    ``,
    `it(${json(title)}, () => {`,
    ...setupLines,
    ...(audit ? [`  const violations: string[] = [];`, `  engine.events$.subscribe((e) => { if (e.type === 'invariant.violated') violations.push(\`\${e.invariant}: \${e.message}\`); });`] : []),
    `  const accepted = (command: Parameters<typeof engine.dispatch>[0]) => expect(engine.dispatch(command)).toMatchObject({ ok: true });`,
    ...body,
    ...(failure !== undefined ? [`  // After entry ${failure.seq}: ${failure.message.replace(/\n/g, ' ')}`] : []),
    ...(audit ? [`  expect(violations).toEqual([]);`] : []),
    ...(options.assertion !== undefined ? options.assertion.split('\n').map((l) => `  ${l}`) : []),
    `});`,
    ``,
  ].join('\n');
  return { source, upTo, ...(failure !== undefined ? { failure: { seq: failure.seq, message: failure.message } } : {}) };
}
