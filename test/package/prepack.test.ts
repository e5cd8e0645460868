// Issue 17: `npm start` builds JavaScript only (CHATROUTE_JS_ONLY=1), and `npm pack` had no build of its own, so a
// pack after a start shipped no .d.ts. `prepack` now runs the full build. Checked on a copy of the package whose
// entries are stubs (the same package.json, tsup.config.ts and tsconfig.json, so the same build steps), which keeps
// the declaration build to seconds: after a JavaScript-only build, `npm pack --dry-run` lists every entry's types.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Every public entry, as the package's exports map names them (`.` is the index).
const exportsMap = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports;
const entries = Object.keys(exportsMap)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? 'index' : key.slice(2)));

/** The package with stub sources at the entry paths tsup.config.ts names. */
function stubPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chatroute-pack-'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete pkg.workspaces; // the host example is not copied
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const file of ['tsup.config.ts', 'tsconfig.json']) writeFileSync(join(dir, file), readFileSync(join(root, file)));
  const sources: Record<string, string> = {
    'src/index.ts': '/** A stub. */\nexport const entry: string = "index";\n',
    'src/cli/sim.ts': '#!/usr/bin/env node\nconsole.log("sim");\n',
    'src/cli/replay.ts': '#!/usr/bin/env node\nconsole.log("replay");\n',
    'src/cli/records.ts': '#!/usr/bin/env node\nconsole.log("records");\n',
  };
  for (const name of entries.slice(1)) sources[`src/${name}/index.ts`] = `/** A stub. */\nexport const entry: string = "${name}";\n`;
  for (const [path, text] of Object.entries(sources)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('npm pack', () => {
  const dir = stubPackage();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // As `npm start` leaves a shell: JavaScript-only builds asked for.
  const env = { ...process.env, CHATROUTE_JS_ONLY: '1' };

  it('ships every entry\'s .d.ts and .d.cts even right after a JavaScript-only build (prepack builds the full package)', { timeout: 180_000 }, () => {
    execFileSync(join(dir, 'node_modules', '.bin', 'tsup'), { cwd: dir, env, stdio: 'pipe', timeout: 120_000 });
    // The premise: what `npm start` built has no declarations.
    expect(readdirSync(join(dir, 'dist')).filter((f) => f.endsWith('.d.ts'))).toEqual([]);
    const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 150_000 });
    // The build's own output may come first on stdout; the JSON report is the last thing npm writes.
    const report = JSON.parse(out.slice(out.search(/^\[/m))) as Array<{ files: Array<{ path: string }> }>;
    const files = (report[0]?.files ?? []).map((f) => f.path);
    const types = entries.flatMap((name) => [`dist/${name}.d.ts`, `dist/${name}.d.cts`]);
    expect(types.filter((file) => !files.includes(file))).toEqual([]);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/cli/sim.js');
  });
});
