/**
 * A monotonic reading in milliseconds, for measuring how long work took (metrics, spans): never the engine's time,
 * which is the injected clock's.
 */
export const monotonic = (): number => performance.now();
