// chatroute/otel: the engine's measurements into OpenTelemetry (`@opentelemetry/api`, an optional peer dependency).
export { createOtelInstrumentation } from './createOtelInstrumentation';
export type { OtelInstrumentation, OtelOptions } from './createOtelInstrumentation';
