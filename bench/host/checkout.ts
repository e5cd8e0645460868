// A runnable copy of an older commit, for benchmarks that compare it with this tree in one run: the commit's files
// (`git archive`) in a temporary folder, this tree's installed packages linked in (but `chatroute` itself pointing at
// the copy), and the copy's library built (JavaScript only). Kept in the temp folder by commit, so a second run reuses it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder of a built copy of `commit` (any name `git rev-parse` takes), made on first use. */
export function checkout(repo: string, commit: string): string {
  const sha = execFileSync('git', ['rev-parse', '--short=12', `${commit}^{commit}`], { cwd: repo, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `chatroute-bench-${sha}`);
  if (existsSync(join(dir, 'dist', 'index.js'))) return dir;
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C ${JSON.stringify(dir)}`], { cwd: repo });
  for (const name of readdirSync(join(repo, 'node_modules'))) {
    const link = join(dir, 'node_modules', name);
    // The package resolves to the copy (as `node_modules/chatroute -> ..` does in a checkout).
    if (!existsSync(link)) symlinkSync(name === 'chatroute' ? '..' : join(repo, 'node_modules', name), link);
  }
  execFileSync(join(repo, 'node_modules', '.bin', 'tsup'), [], { cwd: dir, env: { ...process.env, CHATROUTE_JS_ONLY: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}
