import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Imports and re-exports of a source file (from its syntax tree), relative ones resolved to file paths. */
function imports(file: string): Array<{ target: string; specifier: string; typeOnly: boolean }> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const found: Array<{ target: string; specifier: string; typeOnly: boolean }> = [];
  for (const statement of source.statements) {
    let specifier: string | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifier = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      typeOnly =
        clause?.isTypeOnly === true ||
        (clause !== undefined &&
          clause.name === undefined &&
          clause.namedBindings !== undefined &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly));
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifier = statement.moduleSpecifier.text;
      typeOnly = statement.isTypeOnly;
    }
    if (specifier === undefined) continue;
    if (!specifier.startsWith('.')) {
      found.push({ target: specifier, specifier, typeOnly });
      continue;
    }
    const base = resolve(dirname(file), specifier);
    const target = [`${base}.ts`, join(base, 'index.ts')].find((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
    if (target !== undefined) found.push({ target, specifier, typeOnly });
  }
  return found;
}

describe('package integrity', () => {
  const all = files(src);

  /** The unit a file belongs to: `engine/<folder>` inside the engine, `engine` for its root files, else the top folder. */
  const unitOf = (file: string): string => {
    const parts = relative(src, file).split('/');
    if (parts.length === 1) return 'index';
    if (parts[0] === 'engine') return parts.length === 2 ? 'engine' : `engine/${parts[1]}`;
    return parts[0] as string;
  };

  /**
   * The one-way layout (ARCHITECTURE.md): what each unit may import, type imports included. Leaves first. Tooling
   * (replay, forecast, simulation, cli) reaches the engine through the public entry only.
   */
  const leaves = ['model', 'schema', 'errors', 'clock', 'random'];
  const allowed: Record<string, readonly string[]> = {
    schema: [],
    errors: [],
    clock: ['errors'],
    random: [],
    model: ['schema'],
    machines: ['model'],
    policies: ['model', 'schema', 'errors', 'random'],
    routing: ['model', 'policies', 'random'],
    history: ['model'],
    store: ['model', 'errors'],
    inspect: ['model', 'machines'],
    staffing: ['errors'],
    'engine/ports': ['model', 'machines', 'history'],
    'engine/kernel': ['engine/ports', 'model', 'machines', 'clock'],
    'engine/stats': ['engine/ports', 'model', 'errors'],
    'engine/views': ['engine/ports', 'engine/stats', 'model', 'machines', 'routing', 'policies', 'history', 'errors'],
    'engine/agents': ['engine/ports', 'engine/stats', 'model', 'machines', 'routing', 'clock'],
    'engine/chats': ['engine/ports', 'model', 'machines', 'routing', 'policies', 'clock'],
    'engine/config': ['engine/ports', 'model', 'schema', 'policies', 'routing', 'errors'],
    'engine/policies': ['engine/ports', 'engine/agents', 'model', 'policies'],
    'engine/presence': ['engine/ports', 'engine/agents', 'model', 'errors'],
    'engine/facts': ['engine/ports', 'engine/chats', 'engine/policies', 'engine/presence', 'engine/views', 'model', 'machines'],
    'engine/timers': ['engine/ports', 'engine/agents', 'engine/chats', 'engine/policies', 'engine/presence', 'clock'],
    'engine/commands': ['engine/ports', 'engine/agents', 'engine/chats', 'engine/config', 'engine/policies', 'engine/presence', 'engine/views', 'model', 'machines', 'policies', 'errors'],
    'engine/snapshot': ['engine/ports', 'engine/agents', 'engine/chats', 'engine/config', 'engine/kernel', 'engine/stats', 'engine/timers', 'durability', 'model', 'policies', 'random', 'routing'],
    durability: ['engine/ports', 'metrics', 'model', 'routing', 'store', 'errors', 'clock'],
    metrics: ['engine/ports', 'model', 'clock'],
    desk: ['engine/ports', 'engine/views', 'model', 'routing', 'history'],
    audit: ['engine/ports', 'engine/views', 'model', 'policies', 'errors'],
    // The composition root: the only unit that sees every part.
    engine: ['engine/*', 'desk', 'durability', 'audit', 'metrics', 'store', 'history', 'routing', 'policies', 'machines', 'model', 'clock', 'random', 'errors'],
    index: ['*'],
    replay: ['index', 'durability', 'store', 'model', 'clock', 'random', 'errors'],
    forecast: ['index', 'durability', 'store', 'history', 'simulation', 'staffing', 'model', 'clock', 'random', 'errors'],
    simulation: ['index', 'forecast', 'staffing', 'history', 'model', 'clock', 'random', 'errors'],
    cli: ['index', 'replay', 'simulation', 'reports', 'sqlite', 'store', 'model', 'errors'],
    peers: ['errors'],
    sqlite: ['store', 'history', 'reports', 'model', 'errors', 'peers'],
    postgres: ['store', 'reports', 'model', 'errors', 'clock', 'peers'],
    otel: ['index'],
    reports: ['index', 'model'],
  };
  const may = (from: string, to: string): boolean => {
    if (from === to || leaves.includes(to) && (allowed[from] ?? []).includes(to)) return true;
    const list = allowed[from];
    if (list === undefined) return false;
    return list.includes('*') || list.includes(to) || (list.includes('engine/*') && to.startsWith('engine/'));
  };

  it('has no import cycles in src, type imports included', () => {
    const graph = new Map(all.map((f) => [f, imports(f).filter((i) => i.target.startsWith(src)).map((i) => i.target)]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(src, f)).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of all) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the one-way layout: every import (type imports too) follows the allow-list; nothing imports tests', () => {
    const wrong: string[] = [];
    for (const file of all) {
      const rel = relative(src, file);
      const from = unitOf(file);
      if (allowed[from] === undefined) wrong.push(`${rel}: unit ${from} is not in the allow-list`);
      for (const i of imports(file)) {
        if (!i.target.startsWith(src)) {
          expect(i.specifier.startsWith('.'), `${rel} imports ${i.specifier} outside src`).toBe(false);
          continue;
        }
        const to = unitOf(i.target);
        if (!may(from, to)) wrong.push(`${rel} (${from}) imports ${relative(src, i.target)} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets only the composition root and the kernel itself import the kernel class, and no file pass 400 lines', () => {
    const importers = all.filter((f) => imports(f).some((i) => i.target === join(src, 'engine/kernel/Kernel.ts'))).map((f) => relative(src, f));
    expect(importers.length).toBeLessThanOrEqual(3);
    for (const file of importers) expect(file === 'engine/assemble.ts' || file.startsWith('engine/kernel/'), file).toBe(true);
    const long = all.filter((f) => readFileSync(f, 'utf8').split('\n').length > 400).map((f) => relative(src, f));
    expect(long).toEqual([]);
  });

  it('keeps machines free of rxjs and the router, and routing free of machines and xstate', () => {
    for (const file of all) {
      const rel = relative(src, file);
      for (const i of imports(file)) {
        const target = i.target.startsWith(src) ? relative(src, i.target) : i.target;
        if (rel.startsWith('machines/')) expect(['rxjs'].includes(target) || target.startsWith('routing/'), `${rel} imports ${target}`).toBe(false);
        if (rel.startsWith('routing/')) expect(target === 'xstate' || target.startsWith('machines/'), `${rel} imports ${target}`).toBe(false);
      }
    }
  });

  it('reads time, chance and timers only through the injected clock and random source', () => {
    for (const file of all.filter((f) => !relative(src, f).startsWith('clock/'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(src, file)).not.toMatch(/Date\.now\(|Math\.random\(|[^.\w]setTimeout\(|new Date\(/);
    }
  });

  it.each(['index.ts', 'staffing/index.ts', 'simulation/index.ts', 'sqlite/index.ts', 'postgres/index.ts', 'replay/index.ts', 'inspect/index.ts', 'audit/index.ts', 'otel/index.ts', 'reports/index.ts'])('documents every export of %s with TSDoc, and every value export with an @example', (entryFile) => {
    const program = ts.createProgram([join(src, entryFile)], { strict: true, noEmit: true });
    const checker = program.getTypeChecker();
    const entry = program.getSourceFile(join(src, entryFile)) as ts.SourceFile;
    const moduleSymbol = checker.getSymbolAtLocation(entry) as ts.Symbol;
    const missing: string[] = [];
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const docs = ts.displayPartsToString(symbol.getDocumentationComment(checker));
      const isValue = (symbol.flags & ts.SymbolFlags.Value) !== 0;
      const hasExample = symbol.getJsDocTags(checker).some((t) => t.name === 'example');
      if (docs.trim() === '') missing.push(`${exported.name}: no TSDoc`);
      else if (isValue && !hasExample) missing.push(`${exported.name}: no @example`);
    }
    expect(missing).toEqual([]);
  });

  it('depends at runtime on xstate and rxjs only', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['rxjs', 'xstate']);
    // The library imports xstate and rxjs only; the CLI (a Node program) may use Node's built-in modules too, a
    // storage backend its own optional peer dependency, and the peer loader Node's `require` (node:module).
    for (const file of all) {
      const cli = relative(src, file).startsWith('cli/');
      const peers = relative(src, file).startsWith('peers/');
      const sqlite = relative(src, file).startsWith('sqlite/');
      const postgres = relative(src, file).startsWith('postgres/');
      const otel = relative(src, file).startsWith('otel/');
      for (const i of imports(file).filter((x) => !x.specifier.startsWith('.') && !x.typeOnly)) {
        expect(
          ['xstate', 'rxjs'].includes(i.specifier) ||
            (cli && i.specifier.startsWith('node:')) ||
            (peers && i.specifier === 'node:module') ||
            (sqlite && i.specifier === 'better-sqlite3') ||
            (postgres && i.specifier === 'pg') ||
            (otel && i.specifier === '@opentelemetry/api'),
          `${relative(src, file)} imports ${i.specifier}`,
        ).toBe(true);
      }
    }
  });

  it('keeps storage backends optional: peer dependencies marked optional, imported only by their own subpath', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
      exports: Record<string, unknown>;
    };
    expect(pkg.peerDependencies).toEqual({ 'better-sqlite3': '^12', pg: '^8', '@opentelemetry/api': '^1.3.0' });
    expect(pkg.peerDependenciesMeta['@opentelemetry/api']?.optional).toBe(true);
    expect(Object.keys(pkg.exports)).toContain('./otel');
    expect(pkg.peerDependenciesMeta['better-sqlite3']?.optional).toBe(true);
    expect(pkg.peerDependenciesMeta.pg?.optional).toBe(true);
    expect(Object.keys(pkg.exports)).toContain('./sqlite');
    expect(Object.keys(pkg.exports)).toContain('./postgres');
    // The main entry must load without the peer installed: nothing outside src/sqlite imports it, even for types.
    for (const file of all.filter((f) => !relative(src, f).startsWith('sqlite/'))) {
      for (const i of imports(file)) expect(i.specifier, relative(src, file)).not.toBe('better-sqlite3');
    }
    for (const file of all.filter((f) => !relative(src, f).startsWith('postgres/'))) {
      for (const i of imports(file)) expect(i.specifier, relative(src, file)).not.toBe('pg');
    }
    for (const file of all.filter((f) => !relative(src, f).startsWith('otel/'))) {
      for (const i of imports(file)) expect(i.specifier, relative(src, file)).not.toBe('@opentelemetry/api');
    }
    // The peer loader (Node's require) is reached only from the storage entries, never from the main one.
    for (const file of all.filter((f) => !/^(sqlite|postgres|peers)\//.test(relative(src, f)))) {
      for (const i of imports(file)) expect(i.target.startsWith(join(src, 'peers')), `${relative(src, file)} imports ${i.specifier}`).toBe(false);
    }
  });
});
