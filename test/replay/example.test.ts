import { describe, expect, it } from 'vitest';
import { incident } from '../../examples/incident-replay/main';

describe('examples/incident-replay', () => {
  it('finds where the chat got stuck, shows that moment, and prints a minimal failing test', () => {
    const lines: string[] = [];
    incident((line) => lines.push(line));
    const text = lines.join('\n');
    expect(lines.slice(0, 5)).toEqual([
      'fails after entry 9: chat-2 waits over 5 minutes while Alice is logged in',
      'chat-1: queued, waiting for {"agentId":"bob"}, with nobody',
      'chat-2: queued, waiting for {"queueId":"care"}, with nobody',
      'alice: paused (missed-offer, unpaid)',
      'bob: paused (meeting, paid)',
    ]);
    // Minimized: Alice's login and the two chats are all it takes; the transfer and Bob's pause are gone.
    expect(text.match(/accepted\(/g)).toHaveLength(3);
    expect(text).toContain('accepted({"type":"agent.login","agentId":"alice"}); // 1');
    expect(text).not.toContain('chat.transfer');
    expect(text).toMatch(/clock\.advanceTo\(1796029890000\);\n {2}\/\/ After entry 9: chat-2 waits over 5 minutes while Alice is logged in\n {2}expect\(engine\.getChat\('chat-2'\)\?\.state\)\.not\.toBe\('queued'\);\n\}\);/);
  });
});
