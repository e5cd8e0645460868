// The host of the reconnect storm (`bench/host/reconnectStorm.ts` forks it): the reference host of the checkout at
// `argv[2]` (this tree, or a copy of an older commit with its own `dist/`, so one run compares both), with N agents
// (`argv[3]`, capacity 3, 4 queues, each agent in 2) on 127.0.0.1, and a sign-in token per agent: the tabs a
// restart left open, all about to reconnect. It answers the driver's IPC: its CPU time, and stop.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchHostConfig } from './benchConfig';

const root = process.argv[2] as string;
const agents = Number(process.argv[3] ?? 2000);
const load = (path: string) => import(pathToFileURL(join(root, 'examples/host-server/src/server', path)).href);
const { defaultLimits, unlimited } = await load('config.ts');
const { startHostServer } = await load('createHostServer.ts');

const config = benchHostConfig(agents, { defaultLimits, unlimited });

const server = await startHostServer({ config, port: 0 });
const tokens = config.agents.map((a) => server.context.auth.sessions.issue({ role: 'agent', agentId: a.id }));
process.send?.({ type: 'ready', url: server.url, tokens });

process.on('message', (message: { type: string }) => {
  if (message.type === 'usage') {
    const cpu = process.cpuUsage();
    process.send?.({ type: 'usage', cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage().rss / 1_048_576 });
  } else if (message.type === 'stop') {
    void server.close().then(() => process.exit(0));
  }
});
