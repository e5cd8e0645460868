import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { runQuickstart } from '../../examples/quickstart/scenario';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('examples', () => {
  it('the README usage block is examples/readme/usage.ts, and it runs as documented', async () => {
    const source = readFileSync(`${root}examples/readme/usage.ts`, 'utf8').trim();
    const readme = readFileSync(`${root}README.md`, 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${source}\n\`\`\``);
    expect(source.split('\n').length).toBeLessThanOrEqual(20);
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args) => void lines.push(args.join(' ')));
    await import('../../examples/readme/usage');
    spy.mockRestore();
    expect(lines).toEqual([
      '0 agent.statusChanged',
      '0 chat.queued',
      '0 offer.created',
      '5000 offer.accepted',
      '5000 chat.assigned',
      '5000 message.sent',
      '5000 chat.statusSet',
      '5000 chat.closed',
      '5000 contact.recorded',
    ]);
  });

  it('the quickstart tells the story of the offer cycle', () => {
    const lines: string[] = [];
    runQuickstart((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toContain('Alice gets an offer: Eve (queue "Sales", 0s in queue)');
    expect(text).toContain("Bob's offer of chat-2 rejected");
    expect(text).toContain("Bob's offer of chat-3 expired");
    expect(text).toContain('Bob is paused (unpaid: missed-offer)');
    expect(text).toContain('chat-3 is now with Bob (pick)');
    expect(text).toContain('Bob gets an invitation from Alice to join Eve');
    expect(text).toContain('system in chat-1: "Alice left the chat"');
    expect(text).toContain('customer in chat-1: "Thanks Bob!"');
    expect(text).toContain('refused: status-required');
    expect(text).toContain('Bob closes chat-1 as "sold"');
    expect(text).toContain('Bob gets a transfer from Alice: Sam');
    expect(text).toContain('Alice: ready, 0/2 slots');
  });

  it('npm start runs the reference host; npm run quickstart runs the quickstart', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('CHATROUTE_JS_ONLY=1 npm run build && npm start --workspace examples/host-server');
    expect(pkg.scripts.quickstart).toBe('tsx examples/quickstart/main.ts');
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/quickstart/main.ts'], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('Bob closes chat-3 as "resolved"');
  });
});

describe('the README plot', () => {
  it('is what simulating examples/simulation/day.json draws today', async () => {
    const { plotPath, renderDayPlot } = await import('../../examples/simulation/plot');
    expect(readFileSync(plotPath, 'utf8')).toBe(renderDayPlot());
  });
});
