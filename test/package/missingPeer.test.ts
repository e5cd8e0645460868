// Issue 17: `chatroute/sqlite` without better-sqlite3 installed failed with Node's bare module error, and
// `chatroute/postgres` without pg likewise. Each entry now loads its peer when first needed and, when it is missing
// (or cannot load in this Node.js), throws ChatrouteError `missing-peer` naming the npm install to run. The missing
// module is simulated without uninstalling anything: a loader stub, and the entries bundled into a temp directory
// with no node_modules above it, where Node really finds no better-sqlite3 and no pg.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatrouteError } from '../../src/index';
import { requirePeer } from '../../src/peers/requirePeer';

const notFound = (name: string) => () => {
  throw Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /app/node_modules/chatroute/dist/sqlite.cjs`), { code: 'MODULE_NOT_FOUND' });
};
const caught = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
};

describe('requirePeer', () => {
  it('names the package to install when a peer is not installed', () => {
    const sqlite = caught(() => requirePeer('better-sqlite3', notFound('better-sqlite3')));
    expect(ChatrouteError.is(sqlite) && sqlite.code).toBe('missing-peer');
    expect((sqlite as Error).message).toBe('chatroute/sqlite needs better-sqlite3 12.x, an optional peer dependency that is not installed: run `npm install better-sqlite3@12`');
    const postgres = caught(() => requirePeer('pg', notFound('pg')));
    expect((postgres as Error).message).toBe('chatroute/postgres needs pg 8.x, an optional peer dependency that is not installed: run `npm install pg@8`');
    expect((postgres as Error).cause).toBeInstanceOf(Error);
  });

  it('says to reinstall or rebuild a peer that is there but does not load (a dependency of its own missing, a native addon for another Node.js)', () => {
    const broken = caught(() => requirePeer('better-sqlite3', notFound('bindings')));
    expect(ChatrouteError.is(broken) && broken.code).toBe('missing-peer');
    expect((broken as Error).message).toMatch(/^chatroute\/sqlite needs better-sqlite3 12\.x, which is installed but does not load in Node\.js v\d+.*\(Cannot find module 'bindings'\).*npm install better-sqlite3@12.*npm rebuild better-sqlite3/);
  });

  it('returns the module when it loads', () => {
    expect(requirePeer('pg', (name) => ({ name }))).toEqual({ name: 'pg' });
  });
});

describe('the storage entries where the peers are not installed', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  // Outside the repository: Node looks for node_modules in this directory and its parents, and finds none.
  const dir = mkdtempSync(join(tmpdir(), 'chatroute-no-peers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, NODE_PATH: '' };

  /** Bundles an entry (its peer left external, as tsup leaves it) and runs `call` on it in a fresh Node process. */
  function run(entry: 'sqlite' | 'postgres', format: 'esm' | 'cjs', call: string): { code?: string; message?: string; imported: boolean } {
    const outfile = join(dir, `${entry}.${format === 'esm' ? 'mjs' : 'cjs'}`);
    buildSync({ entryPoints: [join(root, 'src', entry, 'index.ts')], bundle: true, platform: 'node', format, target: 'node20', outfile, external: ['better-sqlite3', 'pg'], logLevel: 'error' });
    const script = `let imported = false; try { ${format === 'esm' ? `const m = await import(${JSON.stringify(pathToFileURL(outfile).href)});` : `const m = require(${JSON.stringify(outfile)});`} imported = true; ${call}; console.log(JSON.stringify({ imported })); } catch (e) { console.log(JSON.stringify({ imported, code: e.code, message: e.message })); }`;
    const args = format === 'esm' ? ['--input-type=module', '-e', script] : ['-e', `(async () => { ${script} })()`];
    return JSON.parse(execFileSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8', timeout: 30_000 })) as { code?: string; message?: string; imported: boolean };
  }

  it.each(['esm', 'cjs'] as const)('chatroute/sqlite (%s) imports, and createSqliteStore says to npm install better-sqlite3@12', (format) => {
    expect(run('sqlite', format, `m.createSqliteStore({ path: 'center.db' })`)).toEqual({
      imported: true,
      code: 'missing-peer',
      message: 'chatroute/sqlite needs better-sqlite3 12.x, an optional peer dependency that is not installed: run `npm install better-sqlite3@12`',
    });
  });

  it.each(['esm', 'cjs'] as const)('chatroute/postgres (%s) imports, and createPostgresStore with a connection string says to npm install pg@8', (format) => {
    expect(run('postgres', format, `m.createPostgresStore({ connectionString: 'postgres://127.0.0.1/none', shard: 's', owner: 'o' })`)).toEqual({
      imported: true,
      code: 'missing-peer',
      message: 'chatroute/postgres needs pg 8.x, an optional peer dependency that is not installed: run `npm install pg@8`',
    });
  });

  it('chatroute/postgres needs no pg of its own when the host passes its pool', () => {
    const pool = `{ on() {}, query: async () => ({ rows: [] }), connect: async () => { throw new Error('unused'); } }`;
    expect(run('postgres', 'esm', `const s = m.createPostgresStore({ pool: ${pool}, shard: 's', owner: 'o' }); if (s.state !== 'idle') throw new Error(s.state)`)).toEqual({ imported: true });
  });
});
