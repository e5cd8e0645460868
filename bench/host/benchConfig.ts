// The contact center both host benchmarks run (`server.ts`, and `stormServer.ts` against any checkout): N synthetic
// agents (capacity 3) in 4 queues, each agent in 2, no passwords, and the per-IP limits lifted, since one address
// drives everyone. The limits come from the host under test (`stormServer.ts` loads an older checkout's own).

/** The benchmark's queues. */
export const QUEUES = ['q0', 'q1', 'q2', 'q3'];

/** The host configuration of the benchmarks, with the limits of the host under test. */
export function benchHostConfig<L extends object>(agents: number, host: { readonly defaultLimits: L; readonly unlimited: number }) {
  return {
    queues: QUEUES.map((id) => ({ id, name: `Queue ${id}`, offerTimeoutMs: 30_000, closeStatuses: ['done'] })),
    agents: Array.from({ length: agents }, (_, i) => ({
      id: `a${i}`,
      name: `Agent ${i}`,
      capacity: 3,
      queues: [QUEUES[i % QUEUES.length] as string, QUEUES[(i + 1) % QUEUES.length] as string],
    })),
    passwords: {},
    pauseReasons: ['Break'],
    limits: {
      ...host.defaultLimits,
      // One address drives everyone here: the per-IP limits would be the benchmark.
      connectionsPerMinutePerIp: host.unlimited,
      connectionBurstPerIp: host.unlimited,
      chatStartsPerMinutePerIp: host.unlimited,
      chatStartBurstPerIp: host.unlimited,
      framesPerSecond: 1_000,
      frameBurst: 1_000,
    },
  };
}
