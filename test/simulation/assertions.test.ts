import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatrouteError } from 'chatroute';
import { checkAssertions, parseAssertion, simulate, type SimulationConfig, type SimulationResult } from 'chatroute/simulation';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Two queues, one understaffed (care): an hour, short enough for a child process. */
const day: SimulationConfig = {
  seed: 3,
  durationSec: 3600,
  queues: [
    { id: 'sales', name: 'Sales', offerTimeoutMs: 20_000, closeStatuses: ['done'], serviceLevelMs: 30_000 },
    { id: 'care', name: 'Care', offerTimeoutMs: 20_000, closeStatuses: ['done'], serviceLevelMs: 30_000 },
  ],
  agents: [
    ...Array.from({ length: 6 }, (_, i) => ({ id: `s${i}`, name: `S${i}`, capacity: 2, queues: ['sales'] })),
    { id: 'c0', name: 'C0', capacity: 1, queues: ['care'] },
  ],
  arrivals: [
    { queueId: 'sales', ratePerSec: 0.02 },
    { queueId: 'care', ratePerSec: 0.01 },
  ],
  handleTimeSec: { distribution: 'exponential', mean: 240 },
  patienceSec: { distribution: 'exponential', mean: 120 },
  offerResponse: { delaySec: { distribution: 'fixed', value: 3 } },
};

describe('simulation assertions', () => {
  it('parses figures, operators, percentages and queues, and refuses what it cannot read', () => {
    expect(parseAssertion('serviceLevel>=0.8')).toEqual({ text: 'serviceLevel>=0.8', metric: 'serviceLevel', op: '>=', target: 0.8 });
    expect(parseAssertion(' abandoned <= 5% ')).toEqual({ text: 'abandoned <= 5%', metric: 'abandoned', op: '<=', target: 0.05 });
    expect(parseAssertion('queue.tier.1.asaSec<20')).toEqual({ text: 'queue.tier.1.asaSec<20', queueId: 'tier.1', metric: 'asaSec', op: '<', target: 20 });
    expect(parseAssertion('violations=0').op).toBe('==');
    for (const bad of ['serviceLevel', 'serviceLevel>=high', 'speed>=1', 'queue.asaSec<3', '>=0.8']) expect(() => parseAssertion(bad)).toThrow(ChatrouteError);
    expect(() => parseAssertion('speed>=1')).toThrow(/known: serviceLevel, abandoned/);
  });

  it('checks a result overall and per queue; abandoned is the share', () => {
    const result = simulate(day, { audit: { every: 5 } });
    expect(result.invariants).toEqual({ violations: 0, first: [] });
    const [sl, abandoned, care, count, violations] = checkAssertions(result, ['serviceLevel>=0', 'abandoned<=1', 'queue.care.serviceLevel>=1', 'abandonedChats>=0', 'violations==0'].map(parseAssertion));
    expect(sl).toMatchObject({ actual: result.overall.serviceLevel, passed: true });
    expect(abandoned).toMatchObject({ actual: result.overall.abandonRate, passed: true });
    expect(care).toMatchObject({ actual: result.queues.care?.serviceLevel, passed: false });
    expect(count?.actual).toBe(result.overall.abandoned);
    expect(violations).toMatchObject({ actual: 0, passed: true });
    const broken = { ...result, invariants: { violations: 3, first: [] } } satisfies SimulationResult;
    expect(checkAssertions(broken, [parseAssertion('violations==0')])[0]?.passed).toBe(false);
    expect(() => checkAssertions(result, [parseAssertion('queue.nope.serviceLevel>=0.5')])).toThrow(/queues: sales, care/);
    expect(() => checkAssertions(result, [parseAssertion('queue.care.occupancy>=0.5')])).toThrow(/overall figure/);
  });
});

describe('chatroute-sim --assert (the routing-config gate)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatroute-gate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'day.json');
  writeFileSync(config, JSON.stringify(day));
  const sim = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', config, '--quiet', ...args], { cwd: root, encoding: 'utf8' });
  const result = simulate(day);

  it('passes (exit 0) when every target is met and no invariant breaks', () => {
    const run = sim('--assert', 'serviceLevel>=0.3', '--assert', `abandoned<=${(result.overall.abandonRate + 0.01).toFixed(3)}`, '--assert', 'queue.sales.serviceLevel>=0.5');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/targets:\n {2}PASS {2}serviceLevel>=0\.3 +actual 0\.\d{4}\n/);
    expect(run.stdout).toContain('invariants: none broken (checked after every 100th input)');
  });

  it('fails (exit 1) with a report naming the missed target', () => {
    const run = sim('--assert', 'serviceLevel>=0.3', '--assert', 'queue.care.serviceLevel>=0.99', '--audit-every', '1');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/ {2}FAIL {2}queue\.care\.serviceLevel>=0\.99 +actual 0\.\d+/);
    expect(run.stdout).toContain('invariants: none broken (checked after every input)');
    expect(run.stderr).toMatch(/^chatroute-sim: the gate failed: queue\.care\.serviceLevel>=0\.99 \(actual 0\.\d+\)\n$/);
  });

  it('refuses an assertion it cannot read (exit 2) before simulating', () => {
    const run = sim('--assert', 'serviceLevel>>0.8');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot read the assertion "serviceLevel>>0.8"');
    // Without --assert nothing changes: exit 0 and no gate.
    const plain = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', config, '--quiet'], { cwd: root, encoding: 'utf8' });
    expect(plain).not.toContain('targets:');
  });
});
