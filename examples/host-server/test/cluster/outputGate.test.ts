// Output commit at the host's edge (issue 11): a cluster node's engine commits its journal after `dispatch` returns,
// so every frame to a client waits for the commit of what was dispatched before it.
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { gateSends } from '../../src/cluster/outputGate';
import { routeOf } from '../../src/cluster/ClusterNode';

/** A WebSocket that records what actually left. */
function fakeSocket() {
  const sent: string[] = [];
  const socket = Object.assign(new EventEmitter(), {
    OPEN: 1,
    readyState: 1,
    terminated: false,
    send(data: string) {
      sent.push(data);
    },
    close(code?: number) {
      sent.push(`close ${code}`);
    },
    terminate() {
      socket.terminated = true;
    },
  });
  return { socket, sent, ws: socket as unknown as WebSocket };
}

/** A gate per call that the test resolves or rejects by hand, like successive `engine.flush()` calls. */
function manualGate() {
  const calls: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  const gate = () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
  return { gate, calls };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('gateSends', () => {
  it('holds each frame until the commit it waited for, and keeps their order', async () => {
    const { ws, sent } = fakeSocket();
    const { gate, calls } = manualGate();
    gateSends(ws, gate);
    ws.send('result of the first command');
    ws.send('desk after it');
    ws.close(1000);
    await tick();
    expect(sent).toEqual([]);
    // The second frame's commit comes first: it still waits for the first.
    calls[1]?.resolve();
    await tick();
    expect(sent).toEqual([]);
    calls[0]?.resolve();
    calls[2]?.resolve();
    await tick();
    expect(sent).toEqual(['result of the first command', 'desk after it', 'close 1000']);
  });

  it('drops the connection instead of sending when the engine failed (fenced)', async () => {
    const { ws, sent, socket } = fakeSocket();
    const { gate, calls } = manualGate();
    gateSends(ws, gate);
    ws.send('result of a command the journal never got');
    calls[0]?.reject(new Error('fenced'));
    await tick();
    expect(sent).toEqual([]);
    expect(socket.terminated).toBe(true);
  });
});

describe('routeOf', () => {
  it('forwards to the address in a live lease of another node, and nowhere otherwise', () => {
    expect(routeOf({ owner: 'node-b@127.0.0.1:3102#4', remainingMs: 900 }, 'node-a')).toEqual({ kind: 'forward', address: '127.0.0.1:3102', owner: 'node-b@127.0.0.1:3102#4' });
    expect(routeOf({ owner: 'node-b@127.0.0.1:3102#4', remainingMs: 0 }, 'node-a').kind).toBe('none');
    expect(routeOf(null, 'node-a').kind).toBe('none');
    // Our own earlier life, stepped down: never forward to ourselves.
    expect(routeOf({ owner: 'node-a@127.0.0.1:3101#2', remainingMs: 900 }, 'node-a').kind).toBe('none');
    expect(routeOf({ owner: 'pid-42', remainingMs: 900 }, 'node-a').kind).toBe('none');
  });
});
