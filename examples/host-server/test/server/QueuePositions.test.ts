import { createEngine, createManualClock, type Engine } from 'chatroute';
import { afterEach, describe, expect, it } from 'vitest';
import { QueuePositions, type Place } from '../../src/server/engine/QueuePositions';
import { createWaitForecaster } from '../../src/server/engine/waitForecast';

// Issue 10: the customer's place in line and estimated wait, from the engine's serving order, its stats, or
// chatroute's forecast.

const clock = createManualClock(1_000_000);
let positions: QueuePositions | undefined;
afterEach(() => positions?.close());

function center(): Engine {
  return createEngine({
    clock,
    queues: [{ id: 'sales', name: 'Sales', offerTimeoutMs: 30_000, closeStatuses: ['done'] }],
    agents: [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }],
  });
}
const start = (engine: Engine, name: string) => {
  const r = engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name } });
  if (!r.ok) throw new Error(r.error.message);
  return r.chatId;
};

describe('QueuePositions', () => {
  it("uses the forecast's median wait when the host runs one, rounded to 5 s", async () => {
    const engine = center();
    const first = start(engine, 'A');
    const second = start(engine, 'B');
    const heard: Place[] = [];
    positions = new QueuePositions(engine, () => clock.now(), { tickMs: 10, forecastEveryMs: 0, forecaster: () => new Map([[second, 42_000]]) });
    positions.watch(first, () => {});
    positions.watch(second, (place) => heard.push(place));
    await expect.poll(() => heard.at(-1)).toEqual({ position: 2, estimatedWaitMs: 40_000 });
  });

  it('forecasts the waits of a real engine: a chat behind a busy agent waits about a handling time', () => {
    const engine = center();
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    const busy = start(engine, 'Busy');
    engine.dispatch({ type: 'offer.accept', agentId: 'alice', chatId: busy });
    const waiting = start(engine, 'Next');
    const waits = createWaitForecaster(engine, { handleSec: 120, patienceSec: 100_000 })({ sales: 0 });
    const median = waits.get(waiting);
    expect(median).toBeGreaterThan(0);
    expect(median).toBeLessThan(10 * 60_000);
    engine.stop();
  });
});
