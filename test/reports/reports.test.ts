import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createMemoryReportStore } from 'chatroute/reports';
import { createSqliteReportStore } from 'chatroute/sqlite';
import { reportStoreContract } from './contract';
import { morning } from './morning';

const dir = mkdtempSync(join(tmpdir(), 'chatroute-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
reportStoreContract('memory', async () => createMemoryReportStore());
reportStoreContract('SQLite', async () => createSqliteReportStore({ path: join(dir, `reports-${++files}.db`) }));

describe('contact records (issue 18)', () => {
  it('records each chat once, as worked out by hand', () => {
    const { events, eve, sam } = morning();
    const records = events.flatMap((e) => (e.type === 'contact.recorded' ? [e.record] : []));
    expect(records.map((r) => r.chatId)).toEqual([eve, sam]);
    expect(records[0]).toMatchObject({
      chatId: eve,
      contactId: 'c-eve',
      queueId: 'sales',
      queues: ['sales'],
      enqueuedAt: 0,
      firstOfferedAt: 0,
      answeredAt: 15_000,
      answeredInQueue: 'sales',
      endedAt: 75_000,
      outcome: 'handled',
      waitMs: 15_000,
      handleMs: 60_000,
      withinServiceLevel: true,
      agents: [{ agentId: 'bob', via: 'offer', joinedAt: 15_000, leftAt: 75_000, ms: 60_000, share: 1 }],
      offers: { made: 2, accepted: 1, rejected: 0, missed: 1, withdrawn: 0 },
      status: 'won',
      closedBy: 'bob',
      messages: { customer: 1, agent: 0, system: 1 },
    });
    expect(records[1]).toMatchObject({ chatId: sam, outcome: 'abandoned', shortAbandon: true, waitMs: 3_000, handleMs: 0, agents: [], offers: { made: 0 } });
  });


});
