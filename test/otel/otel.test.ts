import { describe, expect, it } from 'vitest';
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createEngine, createManualClock } from 'chatroute';
import { createOtelInstrumentation } from 'chatroute/otel';

class TestReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const queues = [{ id: 'sales', name: 'Sales', closeStatuses: ['done'] }];
const agents = [{ id: 'alice', name: 'Alice', capacity: 1, queues: ['sales'] }];

describe('chatroute/otel: the engine measured into OpenTelemetry (a real SDK)', () => {
  it('records dispatch latency by command and outcome, spans with real times, and the engine gauges', async () => {
    const reader = new TestReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
    const spans = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer('test');
    const otel = createOtelInstrumentation({ meter, tracer });
    const engine = createEngine({ clock: createManualClock(0), queues, agents, instrument: otel });
    const stop = otel.observe(engine);
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    engine.dispatch({ type: 'agent.login', agentId: 'alice' });
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Eve' } });
    engine.dispatch({ type: 'chat.start', queueId: 'sales', customer: { name: 'Sam' } });

    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const byName = (name: string) => all.find((m) => m.descriptor.name === name);
    const dispatch = byName('chatroute.dispatch.duration')?.dataPoints as DataPoint<Histogram>[];
    const counts = Object.fromEntries(dispatch.map((p) => [`${String(p.attributes.command)}:${String(p.attributes.outcome)}`, p.value.count]));
    expect(counts).toEqual({ 'agent.login:ok': 1, 'agent.login:invalid-state': 1, 'chat.start:ok': 2 });
    const waiting = byName('chatroute.queue.waiting')?.dataPoints.map((p) => [p.attributes.queue, p.value]);
    // Waiting = queued or offered: Eve's chat is offered to alice, Sam's queued.
    expect(waiting).toEqual([['sales', 2]]);
    const agentsByState = Object.fromEntries((byName('chatroute.agents')?.dataPoints ?? []).map((p) => [String(p.attributes.state), p.value]));
    expect(agentsByState).toMatchObject({ busy: 1, ready: 0, offline: 0 });

    const finished = spans.getFinishedSpans();
    expect(finished.filter((s) => s.name === 'chatroute.dispatch')).toHaveLength(4);
    for (const s of finished) expect(s.endTime[0] * 1e3 + s.endTime[1] / 1e6).toBeGreaterThanOrEqual(s.startTime[0] * 1e3 + s.startTime[1] / 1e6);
    stop();
  });

  it('is a no-op without an SDK: the global API records nothing and the engine runs as usual', () => {
    const otel = createOtelInstrumentation();
    const engine = createEngine({ clock: createManualClock(0), queues, agents, instrument: otel });
    otel.observe(engine);
    expect(engine.dispatch({ type: 'agent.login', agentId: 'alice' }).ok).toBe(true);
  });
});
