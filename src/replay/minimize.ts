import type { ManualClock } from '../clock/types';
import type { Engine } from '../index';
import type { JournalEntry } from '../store/types';

/** A test case's check: a string (or `true`) says what is wrong after this entry. */
export type EntryCheck = (engine: Engine, entry: JournalEntry) => string | boolean | null | undefined;

/** How a run of journal entries went: where the check first failed, and which commands were refused. */
export interface EntriesRun {
  /** `atEnd`: only once the clock ran on past the last entry (to `endAt`). */
  readonly failure?: { readonly seq: number; readonly message: string; readonly atEnd?: boolean };
  readonly refused: ReadonlySet<number>;
}

/**
 * Applies journal entries to a freshly built engine as a generated test does (clock advances to each entry's time,
 * commands dispatched; timers fire by themselves), only the commands in `kept` when given, checking after each entry;
 * stops at the first failure. Refused commands change nothing and are reported.
 */
export function runEntries(
  build: () => { engine: Engine; clock: ManualClock },
  entries: readonly JournalEntry[],
  kept: ReadonlySet<number> | undefined,
  check: EntryCheck | undefined,
  watchInvariants: boolean,
  endAt?: number,
): EntriesRun {
  const { engine, clock } = build();
  const violations: string[] = [];
  if (watchInvariants) {
    engine.events$.subscribe((e) => {
      if (e.type === 'invariant.violated') violations.push(`${e.invariant}: ${e.message}`);
    });
  }
  const refused = new Set<number>();
  let failure: EntriesRun['failure'];
  const last = entries.at(-1);
  // After the entries, time may go on to `endAt` (the moment a problem was reported), checked there once more.
  const steps = last !== undefined && endAt !== undefined && endAt > last.at ? [...entries, { ...last, at: endAt, end: true }] : entries;
  for (const step of steps) {
    const entry = step as JournalEntry;
    if (entry.at > clock.now()) clock.advanceTo(entry.at);
    if (!('end' in step) && entry.input.kind === 'command' && (kept === undefined || kept.has(entry.seq))) {
      if (!engine.dispatch(entry.input.command).ok) refused.add(entry.seq);
    }
    const verdict = check?.(engine, entry);
    const message = violations[0] ?? (verdict === true ? `the check failed after entry ${entry.seq}` : typeof verdict === 'string' ? verdict : undefined);
    if (message !== undefined) {
      failure = { seq: entry.seq, message, ...('end' in step ? { atEnd: true } : {}) };
      break;
    }
  }
  engine.stop();
  return { ...(failure !== undefined ? { failure } : {}), refused };
}

/**
 * Drops commands while the check still fails (delta debugging by halving chunks, then one by one, at most `maxRuns`
 * replays): what is left is a failing sequence none of whose chunks tried could go. Clock advances all stay, so time
 * flows as recorded. Returns the commands kept and the failure they reach.
 */
export function minimizeCommands(
  build: () => { engine: Engine; clock: ManualClock },
  entries: readonly JournalEntry[],
  failure: { seq: number; message: string; atEnd?: boolean },
  check: EntryCheck | undefined,
  watchInvariants: boolean,
  maxRuns: number,
  endAt?: number,
): { kept: number[]; failure: { seq: number; message: string; atEnd?: boolean }; runs: number } {
  let scope = entries.filter((e) => e.seq <= failure.seq);
  let kept = scope.filter((e) => e.input.kind === 'command').map((e) => e.seq);
  let reached = failure;
  let runs = 0;
  for (let chunk = Math.max(1, Math.ceil(kept.length / 2)); chunk >= 1 && runs < maxRuns; ) {
    let removed = false;
    for (let i = 0; i < kept.length && runs < maxRuns; ) {
      const candidate = [...kept.slice(0, i), ...kept.slice(i + chunk)];
      runs++;
      const run = runEntries(build, scope, new Set(candidate), check, watchInvariants, endAt);
      if (run.failure !== undefined) {
        const end = run.failure.seq;
        kept = candidate.filter((seq) => seq <= end && !run.refused.has(seq));
        scope = scope.filter((e) => e.seq <= end);
        reached = run.failure;
        removed = true;
      } else {
        i += chunk;
      }
    }
    // Halve the chunk; at single commands, go round again while that still removes something.
    if (chunk > 1) chunk = Math.max(1, Math.floor(chunk / 2));
    else if (!removed) break;
  }
  return { kept, failure: reached, runs };
}
