// The host under test, in its own process so its CPU and memory are its own: `bench/host/main.ts` forks it.
// It starts the reference host on 127.0.0.1 with N synthetic agents (capacity 3) in 4 queues (each agent in 2),
// issues each agent a sign-in token (no passwords: scrypt for thousands of agents would be the benchmark), and
// answers the driver's questions over IPC: its CPU time and RSS.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLimits, unlimited, type HostConfig } from '../../examples/host-server/src/server/config';
import { startHostServer } from '../../examples/host-server/src/server/createHostServer';
import { benchHostConfig, QUEUES } from './benchConfig';

const agents = Number(process.argv[2] ?? 200);
const durable = process.argv.includes('--durable');
const config: HostConfig = benchHostConfig(agents, { defaultLimits, unlimited });

const dataDir = durable ? await mkdtemp(join(tmpdir(), 'chatroute-bench-host-')) : undefined;
const server = await startHostServer({ config, port: 0, ...(dataDir !== undefined ? { dataDir } : {}) });
const tokens = config.agents.map((a) => server.context.auth.sessions.issue({ role: 'agent', agentId: a.id }));
process.send?.({ type: 'ready', url: server.url, tokens, queues: QUEUES });

process.on('message', (message: { type: string }) => {
  if (message.type === 'usage') {
    const cpu = process.cpuUsage();
    process.send?.({ type: 'usage', cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage().rss / 1_048_576 });
  } else if (message.type === 'stop') {
    void server.close().then(async () => {
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
