import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContactRecord } from 'chatroute';
import { followReports } from 'chatroute/reports';
import { createSqliteReportStore } from 'chatroute/sqlite';
import { morning } from './morning';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chatroute-records-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'src/cli/records.ts'), ...args], { cwd: repo, encoding: 'utf8' });

describe('chatroute-records: contact records out of a SQLite report file', () => {
  it('exports NDJSON and CSV with the query filters, and says what was wrong with bad options', async () => {
    const { engine, eve, sam } = morning();
    const path = join(dir, 'reports.db');
    const store = createSqliteReportStore({ path });
    const follower = followReports(engine, store);
    await follower.caughtUp();
    follower.stop();
    store.close();

    const all = run(path);
    expect(all.status).toBe(0);
    expect(all.stdout.trim().split('\n').map((l) => (JSON.parse(l) as ContactRecord).chatId)).toEqual([eve, sam]);
    const abandoned = run(path, '--outcome', 'abandoned', '--format', 'csv');
    expect(abandoned.status).toBe(0);
    const lines = abandoned.stdout.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${sam},`));
    const out = join(dir, 'bob.csv');
    expect(run(path, '--agent', 'bob', '--from', '1970-01-01', '--format', 'csv', '--out', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(`${eve},c-eve,Eve`);
    const bad = run(path, '--format', 'xml');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format is ndjson or csv/);
  });
});
