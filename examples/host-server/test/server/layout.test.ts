// The server's layout holds (issue 16): nothing under src/server imports src/cluster (the cluster builds on the host
// and hands it what it needs, never the other way round), chatroute is reached only through its package entries, and
// the parts of src/server (each folder, and each file at its top) import one another without a cycle, type imports
// included. Read from the source text, so it needs no build and runs in milliseconds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HOST_DIR = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_DIR = join(HOST_DIR, 'src', 'server');
const CLUSTER_DIR = join(HOST_DIR, 'src', 'cluster');
const ROOT_PACKAGE = join(HOST_DIR, '..', '..', 'package.json');

interface Import {
  readonly file: string;
  readonly spec: string;
  /** The file or folder it names, for a relative import. */
  readonly target?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every `import … from`, `export … from`, `import '…'` and `import('…')` of a file. */
function importsOf(file: string, text: string): Import[] {
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
  return specs.map((spec) => (spec.startsWith('.') ? { file, spec, target: resolve(dirname(file), spec) } : { file, spec }));
}

/** The part of src/server a path belongs to: its top folder, or the top-level file itself (without extension). */
function partOf(path: string): string {
  const [first, second] = relative(SERVER_DIR, path).split(sep) as [string, string | undefined];
  return second === undefined ? first.replace(/\.tsx?$/, '') : `${first}/`;
}

/** A cycle in the graph, as the parts around it, or undefined. Depth-first with the path on a stack. */
function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node];
    if (done.has(node)) return undefined;
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    done.add(node);
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

const serverImports = sourceFiles(SERVER_DIR).flatMap((file) => importsOf(file, readFileSync(file, 'utf8')));

describe('the layout of src/server', () => {
  it('imports nothing from src/cluster', () => {
    const intoCluster = serverImports.filter((i) => i.target !== undefined && (i.target === CLUSTER_DIR || i.target.startsWith(CLUSTER_DIR + sep)));
    expect(intoCluster.map((i) => `${relative(HOST_DIR, i.file)} → ${i.spec}`)).toEqual([]);
  });

  it('reaches chatroute only through the entries its package exports', () => {
    const exported = Object.keys((JSON.parse(readFileSync(ROOT_PACKAGE, 'utf8')) as { exports: Record<string, unknown> }).exports);
    const entries = new Set(exported.map((key) => key.replace(/^\./, 'chatroute')));
    const deep = serverImports.filter((i) => /^chatroute(\/|$)/.test(i.spec) && !entries.has(i.spec));
    expect(deep.map((i) => `${relative(HOST_DIR, i.file)} → ${i.spec}`)).toEqual([]);
  });

  it('has no import cycle between its folders and top-level files', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of serverImports) {
      if (i.target === undefined || !i.target.startsWith(SERVER_DIR + sep)) continue;
      const [from, to] = [partOf(i.file), partOf(i.target)];
      if (from === to) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)?.add(to);
    }
    // Guards the reading itself: a parser that saw no imports would pass everything.
    expect(edges.get('createHostServer')?.has('http/')).toBe(true);
    expect(findCycle(edges)).toBeUndefined();
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const edges = new Map([
      ['protocol/', new Set(['context'])],
      ['context', new Set(['auth/', 'protocol/'])],
      ['auth/', new Set<string>()],
    ]);
    expect(findCycle(edges)).toEqual(['protocol/', 'context', 'protocol/']);
  });
});
