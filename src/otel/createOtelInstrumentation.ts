import { metrics, trace, type Attributes, type Meter, type Tracer } from '@opentelemetry/api';
import type { Engine, EngineInstrumentation } from '../index';

/** Options of {@link createOtelInstrumentation}. */
export interface OtelOptions {
  /** Default: `metrics.getMeter('chatroute')` (a no-op until an SDK is registered). */
  readonly meter?: Meter;
  /** Spans for dispatches, timers, journal commits, snapshots and recovery. Default: `trace.getTracer('chatroute')`; `null`: no spans. */
  readonly tracer?: Tracer | null;
}

/** An engine instrumentation that records into OpenTelemetry, and can observe an engine's gauges. */
export interface OtelInstrumentation extends EngineInstrumentation {
  /**
   * Registers the engine's gauges (waiting and oldest wait per queue, agents by state, live chats, uncommitted
   * entries) as observable instruments, read at each collection. Returns a function that unregisters them.
   */
  observe(engine: Pick<Engine, 'metrics'>): () => void;
}

// Monotonic milliseconds (what the engine reports) as epoch milliseconds, for span start and end times.
const epoch = (monotonicMs: number): number => performance.timeOrigin + monotonicMs;

/**
 * Records the engine's inputs into OpenTelemetry through `@opentelemetry/api` (an optional peer dependency; without a
 * registered SDK every instrument is a no-op): histograms `chatroute.dispatch.duration` (attributes `command`, `outcome`
 * = `ok` or the refusal's code), `chatroute.timer.duration` (`timer`), `chatroute.journal.append.duration`,
 * `chatroute.journal.commit.duration`, `chatroute.snapshot.duration`, `chatroute.recovery.duration` (milliseconds), and
 * a span per dispatch, timer, commit, snapshot and recovery with its real start and end. Pass it as
 * `createEngine({ instrument })`, then `observe(engine)` for the gauges.
 *
 * @example
 * ```ts
 * import { createEngine } from 'chatroute';
 * import { createOtelInstrumentation } from 'chatroute/otel';
 * const otel = createOtelInstrumentation();
 * const engine = createEngine({ queues, agents, instrument: otel });
 * otel.observe(engine);
 * ```
 */
export function createOtelInstrumentation(options: OtelOptions = {}): OtelInstrumentation {
  const meter = options.meter ?? metrics.getMeter('chatroute');
  const tracer = options.tracer === null ? undefined : (options.tracer ?? trace.getTracer('chatroute'));
  const ms = { unit: 'ms' };
  const dispatch = meter.createHistogram('chatroute.dispatch.duration', { ...ms, description: 'engine.dispatch, from the call to its settled result' });
  const timer = meter.createHistogram('chatroute.timer.duration', { ...ms, description: 'an engine timer firing, settled and published' });
  const append = meter.createHistogram('chatroute.journal.append.duration', { ...ms, description: 'one journal append on a synchronous store' });
  const commit = meter.createHistogram('chatroute.journal.commit.duration', { ...ms, description: 'one group commit on an asynchronous store' });
  const snapshot = meter.createHistogram('chatroute.snapshot.duration', { ...ms, description: 'writing one snapshot' });
  const recovery = meter.createHistogram('chatroute.recovery.duration', { ...ms, description: 'snapshot restore and journal replay at start' });
  const span = (name: string, startedAt: number, took: number, attributes: Attributes) => {
    if (tracer === undefined) return;
    tracer.startSpan(name, { startTime: epoch(startedAt), attributes }).end(epoch(startedAt + took));
  };
  return {
    dispatched(i) {
      const attributes = { command: i.type ?? 'unknown', outcome: i.code ?? 'ok' };
      dispatch.record(i.ms, attributes);
      span('chatroute.dispatch', i.startedAt, i.ms, attributes);
    },
    timerFired(i) {
      timer.record(i.ms, { timer: i.kind });
      span('chatroute.timer', i.startedAt, i.ms, { timer: i.kind });
    },
    journalAppended(i) {
      append.record(i.ms);
    },
    committed(i) {
      commit.record(i.ms, {});
      span('chatroute.journal.commit', i.startedAt, i.ms, { entries: i.entries });
    },
    snapshotWritten(i) {
      snapshot.record(i.ms);
      span('chatroute.snapshot', i.startedAt, i.ms, {});
    },
    recovered(i) {
      recovery.record(i.ms);
      span('chatroute.recovery', i.startedAt, i.ms, { entries: i.replayedEntries });
    },
    observe(engine) {
      const waiting = meter.createObservableGauge('chatroute.queue.waiting', { description: 'chats waiting in the queue (queued or offered)' });
      const oldest = meter.createObservableGauge('chatroute.queue.oldest_wait', { unit: 'ms', description: 'how long the longest-waiting chat has waited' });
      const agents = meter.createObservableGauge('chatroute.agents', { description: 'agents by state (state=disconnected: logged in, connection down)' });
      const chats = meter.createObservableGauge('chatroute.chats.live', { description: 'live chats (not closed or abandoned)' });
      const uncommitted = meter.createObservableGauge('chatroute.journal.uncommitted', { description: 'journal entries staged but not yet durable' });
      const callback = (result: { observe(instrument: unknown, value: number, attributes?: Attributes): void }) => {
        const m = engine.metrics();
        for (const q of m.queues) {
          result.observe(waiting, q.waiting, { queue: q.queueId });
          result.observe(oldest, q.oldestWaitMs, { queue: q.queueId });
        }
        for (const [state, count] of Object.entries(m.agents)) result.observe(agents, count, { state });
        result.observe(chats, m.chats.live);
        result.observe(uncommitted, m.journal.uncommitted);
      };
      const instruments = [waiting, oldest, agents, chats, uncommitted];
      meter.addBatchObservableCallback(callback as never, instruments);
      return () => meter.removeBatchObservableCallback(callback as never, instruments);
    },
  };
}
