import { createRequire } from 'node:module';
import { ChatrouteError } from '../errors/ChatrouteError';

/** The optional peer dependencies, the entry that needs each, and the major version it is built for. */
const peers = {
  'better-sqlite3': { entry: 'chatroute/sqlite', major: 12 },
  pg: { entry: 'chatroute/postgres', major: 8 },
} as const;

/** An optional peer dependency of a storage entry. */
export type PeerName = keyof typeof peers;

/** Loads a module by name, as `require` does. */
export type PeerLoader = (name: string) => unknown;

let nodeRequire: PeerLoader | undefined;

/**
 * Node's `require`, resolving from this file's own location (so from the host's node_modules), in the CommonJS build
 * (`__filename`) and the ES module one (`import.meta.url`) alike. The peers are CommonJS packages, so a synchronous
 * `require` loads them from either. (Not the bare `require`: bundlers replace it in ES module output with a stub
 * that throws.)
 */
function defaultLoader(): PeerLoader {
  nodeRequire ??= createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  return nodeRequire;
}

/**
 * Loads an optional peer dependency when a storage entry first needs it (never at import: `chatroute/postgres` with
 * a pool of your own needs no `pg` of ours). When it cannot be loaded, throws `ChatrouteError` `missing-peer` naming
 * the `npm install` to run, instead of Node's bare module error; `loader` replaces Node's `require` in tests.
 */
export function requirePeer<T>(name: PeerName, loader: PeerLoader = defaultLoader()): T {
  try {
    return loader(name) as T;
  } catch (error) {
    throw peerFailure(name, error);
  }
}

/** Node's error codes for a module that is not there, and for a native addon built for another Node.js. */
const NOT_FOUND = new Set(['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND']);

/** Why `name` could not be used, as a `missing-peer` error with the command that fixes it. */
export function peerFailure(name: PeerName, error: unknown): ChatrouteError {
  const { entry, major } = peers[name];
  const install = `npm install ${name}@${major}`;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] as string;
  const missing = typeof code === 'string' && NOT_FOUND.has(code) && detail.includes(`'${name}'`);
  const message = missing
    ? `${entry} needs ${name} ${major}.x, an optional peer dependency that is not installed: run \`${install}\``
    : `${entry} needs ${name} ${major}.x, which is installed but does not load in Node.js ${process.version} (${detail}): ` +
      `reinstall it (\`${install}\`), or rebuild it for this Node.js (\`npm rebuild ${name}\`)`;
  return new ChatrouteError('missing-peer', message, { cause: error });
}

/** True for the errors of a native addon that cannot be loaded here (built for another Node.js, or broken). */
export function isAddonFailure(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : '';
  return code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|compiled against a different Node\.js|invalid ELF header|Could not locate the bindings file/.test(message);
}
