// `npm start`: the demo contact center on this machine. Open the desk in one window and the chat in another.
import { startHostServer } from './createHostServer';
import { demoConfig } from './demoConfig';

const config = demoConfig();
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);

const server = await startHostServer({ config, port, host: process.env.HOST ?? '127.0.0.1' });
const accounts = Object.entries(config.passwords).map(([agentId, password]) => `${agentId} / ${password}`);

console.log(`chatroute demo host is running.

  Agent desk:     ${server.url}/desk   (sign in as ${accounts.join(', ')})
  Customer chat:  ${server.url}/chat

Open the desk in one window and the customer chat in another (or two desks: invite and transfer need a colleague).
Press Ctrl+C to stop.`);

const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
