import WebSocket from 'ws';
import type { InspectorServerFrame } from '../../src/shared/inspector';
import type { TestServer } from './helpers';

/** An inspector client: records frames, waits for one that matches. */
export async function connectInspector(server: Pick<TestServer, 'url'>, auth: Record<string, unknown>, options: { localAddress?: string } = {}) {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/inspector/ws`, options);
  const frames: InspectorServerFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as InspectorServerFrame);
    waiters.forEach((w) => w());
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'hello', auth }));
  const waitFor = <T extends InspectorServerFrame>(match: (f: InspectorServerFrame) => f is T, timeout = 5_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = frames.find(match);
        if (found === undefined) return;
        frames.splice(frames.indexOf(found), 1);
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching frame; got ${frames.map((f) => f.type).join(', ')}`));
      }, timeout);
      waiters.add(check);
      check();
    });
  return { ws, frames, closed, waitFor, send: (frame: object) => ws.send(JSON.stringify(frame)) };
}
