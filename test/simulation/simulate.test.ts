import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChatrouteError } from 'chatroute';
import { renderReport, simulate, type SimulationConfig } from 'chatroute/simulation';

const root = fileURLToPath(new URL('../..', import.meta.url));

const base: SimulationConfig = {
  seed: 7,
  durationSec: 4 * 3600,
  warmupSec: 1800,
  queues: [{ id: 'q', name: 'Q', offerTimeoutMs: 15_000, closeStatuses: ['done'], serviceLevelMs: 20_000 }],
  agents: { count: 8, capacity: 1, queues: ['q'] },
  arrivals: [{ queueId: 'q', ratePerSec: 0.03 }],
  handleTimeSec: { distribution: 'exponential', mean: 180 },
};

describe('simulate', () => {
  it('accounts every agent-second and every chat', () => {
    const r = simulate(base);
    const t = r.agents.timeInState;
    expect(t.offline + t.ready + t.busy + t.pausedPaid + t.pausedUnpaid).toBeCloseTo(8 * (4 * 3600 - 1800), 6);
    expect(r.overall.answered + r.overall.abandoned).toBe(r.overall.offered);
    expect(r.queues.q).toMatchObject({ offered: r.overall.offered, answered: r.overall.answered });
    expect(r.timeline).toHaveLength(16);
    expect(r.timeline.reduce((sum, p) => sum + p.offered, 0)).toBeGreaterThan(r.overall.offered);
    for (const p of r.timeline) expect(p.agents.ready + p.agents.busy + p.agents.paused + p.agents.offline).toBe(8);
  });

  it('missed offers put agents on unpaid pauses that are counted', () => {
    const r = simulate({ ...base, offerResponse: { missProbability: 0.2, resumeAfterSec: 120 } });
    expect(r.agents.missedOffers).toBeGreaterThan(5);
    expect(r.agents.unpaidPauseSec).toBeGreaterThanOrEqual(r.agents.missedOffers * 120 * 0.9);
  });

  it('patience makes customers abandon; none abandon without it', () => {
    const busy = { ...base, arrivals: [{ queueId: 'q', ratePerSec: 0.06 }] };
    expect(simulate(busy).overall.abandoned).toBe(0);
    const impatient = simulate({ ...busy, patienceSec: { distribution: 'exponential', mean: 30 } });
    expect(impatient.overall.abandoned).toBeGreaterThan(0);
    expect(impatient.overall.abandonRate).toBeCloseTo(impatient.overall.abandoned / impatient.overall.offered, 10);
  });

  it('follows shifts and a rate profile: no one works or arrives outside them', () => {
    const r = simulate({
      ...base,
      warmupSec: 0,
      agents: { count: 6, capacity: 2, queues: ['q'], shifts: [{ startSec: 3600, endSec: 10_800, share: 1 }] },
      arrivals: [{ queueId: 'q', profile: [0, 0, 0, 0, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05], intervalSec: 900 }],
    });
    expect(r.timeline.slice(0, 4).every((p) => p.offered === 0)).toBe(true);
    expect(r.timeline.slice(0, 3).every((p) => p.agents.offline === 6)).toBe(true);
    expect(r.timeline[5]?.agents.offline).toBe(0);
    expect(r.timeline.slice(12).every((p) => p.offered === 0)).toBe(true);
    expect(r.timeline.at(-1)?.agents.offline).toBe(6);
  });

  it('replays a recorded trace exactly', () => {
    const r = simulate({ ...base, warmupSec: 0, arrivals: { trace: [{ atSec: 10, queueId: 'q' }, { atSec: 20, queueId: 'q' }, { atSec: 5_000, queueId: 'q' }] } });
    expect(r.overall.offered).toBe(3);
    expect(r.timeline[0]?.offered).toBe(2);
  });

  it('scheduled pauses are paid pause time', () => {
    const agents = Array.from({ length: 3 }, (_, i) => ({ id: `a${i}`, name: `A${i}`, capacity: 1, queues: ['q'], pauses: [{ atSec: 3600, durationSec: 900, reason: 'break', paid: true }] }));
    const r = simulate({ ...base, warmupSec: 0, agents });
    expect(r.agents.timeInState.pausedPaid).toBeCloseTo(3 * 900, 6);
  });

  it('refuses a broken configuration with invalid-config', () => {
    for (const bad of [{ ...base, warmupSec: base.durationSec }, { ...base, arrivals: [{ queueId: 'nope', ratePerSec: 1 }] }, { ...base, seed: 1.5 }]) {
      expect(() => simulate(bad)).toThrow(ChatrouteError);
    }
  });

  it('renders a self-contained HTML report with plots', () => {
    const html = renderReport(simulate(base), base);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('chatroute-sim CLI', () => {
  it('writes the report and prints the figures; exits 1 on a bad config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatroute-sim-'));
    const config = join(dir, 'day.json');
    writeFileSync(config, JSON.stringify({ ...base, durationSec: 3600, warmupSec: 0 }));
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', config, '--json', join(dir, 'r.json')], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/service level\s+\d/);
    expect(readFileSync(join(dir, 'day.report.html'), 'utf8')).toContain('<svg');
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).overall.offered).toBeGreaterThan(0);
    writeFileSync(config, JSON.stringify({ ...base, durationSec: -1 }));
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', config], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('invalid-config');
  });
});
