#!/usr/bin/env node
// `chatroute-records <reports.sqlite> [--from TIME] [--to TIME] [--queue ID] [--agent ID] [--status S] [--outcome handled|abandoned]
// [--format ndjson|csv] [--limit N] [--out FILE]`: exports contact records kept by `createSqliteReportStore` (or any file
// holding its tables), as NDJSON (default) or CSV, to standard output or a file.
import { writeFileSync } from 'node:fs';
import type { ContactRecordQuery } from '../reports/types';
import { toCsv, toNdjson } from '../reports/exportRecords';
import { createSqliteReportStore } from '../sqlite/createSqliteReportStore';

const USAGE = 'usage: chatroute-records <reports.sqlite> [--from TIME] [--to TIME] [--queue ID] [--agent ID] [--status S] [--outcome handled|abandoned] [--format ndjson|csv] [--limit N] [--out FILE]';

/** A time as clock milliseconds, or an ISO date/time (`2026-12-07`, `2026-12-07T09:00Z`). */
function time(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value !== undefined && value !== '' && Number.isFinite(n)) return n;
  const parsed = value === undefined ? Number.NaN : Date.parse(value);
  if (!Number.isFinite(parsed)) throw new Error(`${flag} takes milliseconds or an ISO date, got ${JSON.stringify(value)}\n${USAGE}`);
  return parsed;
}

export function parseRecordsArgs(argv: readonly string[]): { file: string; query: ContactRecordQuery; format: 'ndjson' | 'csv'; out?: string } {
  const args = [...argv];
  const query: { -readonly [K in keyof ContactRecordQuery]: ContactRecordQuery[K] } = { limit: 100_000 };
  let file: string | undefined;
  let format: 'ndjson' | 'csv' = 'ndjson';
  let out: string | undefined;
  while (args.length > 0) {
    const arg = args.shift() as string;
    const value = () => {
      const v = args.shift();
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--from') query.from = time(arg, value());
    else if (arg === '--to') query.to = time(arg, value());
    else if (arg === '--queue') query.queueId = value();
    else if (arg === '--agent') query.agentId = value();
    else if (arg === '--status') query.status = value();
    else if (arg === '--outcome') {
      const v = value();
      if (v !== 'handled' && v !== 'abandoned') throw new Error(`--outcome is handled or abandoned, got ${JSON.stringify(v)}\n${USAGE}`);
      query.outcome = v;
    } else if (arg === '--format') {
      const v = value();
      if (v !== 'ndjson' && v !== 'csv') throw new Error(`--format is ndjson or csv, got ${JSON.stringify(v)}\n${USAGE}`);
      format = v;
    } else if (arg === '--limit') query.limit = Math.floor(time(arg, value()));
    else if (arg === '--out') out = value();
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else if (file === undefined) file = arg;
    else throw new Error(`one report file only\n${USAGE}`);
  }
  if (file === undefined) throw new Error(USAGE);
  return { file, query, format, ...(out !== undefined ? { out } : {}) };
}

function main(): void {
  const { file, query, format, out } = parseRecordsArgs(process.argv.slice(2));
  const store = createSqliteReportStore({ path: file });
  try {
    const records = store.contactRecords(query);
    const text = format === 'csv' ? toCsv(records) : toNdjson(records);
    if (out !== undefined) writeFileSync(out, text);
    else process.stdout.write(text);
  } finally {
    store.close();
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
