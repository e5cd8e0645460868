import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { OutputCommit } from '../server/createHostServer';

/**
 * Output commit on a WebSocket, for an engine whose journal commits after `dispatch` returns (`openEngine` on
 * PostgreSQL). The sessions answer a command as soon as `dispatch` returns; here each frame (and a close) waits for
 * `gate()` as it was when the frame was sent, which covers every command dispatched before it, and frames leave in
 * the order they were sent. So a `result` reaches the client only once its command is in the journal the next owner
 * loads. Desk and event frames are already held by the engine until their commit; they pass through at once.
 *
 * A rejected gate means the engine failed (fenced: another node owns the shard now) and dropped what it had not
 * committed: the client is cut off (it reconnects, to the new owner) rather than told of something that is gone.
 *
 * @example
 * ```ts
 * const engine = await openEngine({ store, queues, agents });
 * wss.on('connection', (ws) => handleConnection(context, gateSends(ws, () => engine.flush()), client));
 * ```
 */
export function gateSends(ws: WebSocket, gate: () => Promise<void>): WebSocket {
  const send = ws.send.bind(ws);
  const close = ws.close.bind(ws);
  let tail: Promise<unknown> = Promise.resolve();
  const later = (action: () => void): void => {
    const durable = gate();
    tail = Promise.all([tail, durable]).then(action, () => ws.terminate());
  };
  ws.send = ((...args: Parameters<WebSocket['send']>) =>
    later(() => {
      if (ws.readyState === ws.OPEN) send(...args);
    })) as WebSocket['send'];
  // A close after a last frame (a refusal, a sign-out) must not overtake it.
  ws.close = ((...args: Parameters<WebSocket['close']>) => later(() => close(...args))) as WebSocket['close'];
  return ws;
}

/**
 * The same for an HTTP answer (the admin API dispatches configuration commands): the response ends only once
 * everything dispatched before `end()` was called is durable; if the engine failed, the connection is dropped.
 *
 * @example
 * ```ts
 * if (req.url?.startsWith('/api/')) gateResponse(res, () => engine.flush());
 * ```
 */
export function gateResponse(res: ServerResponse, gate: () => Promise<void>): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    gate().then(
      () => end(...args),
      () => res.destroy(),
    );
    return res;
  }) as ServerResponse['end'];
}

/**
 * Both gates as the host server's output-commit port: what a cluster node hands `startHostServer`, so the host
 * needs no cluster code.
 *
 * @example
 * ```ts
 * await startHostServer({ config, openEngine, outputCommit: gatedOutput(() => engine.flush()) });
 * ```
 */
export function gatedOutput(gate: () => Promise<void>): OutputCommit {
  return { socket: (ws) => gateSends(ws, gate), response: (res) => gateResponse(res, gate) };
}
