import { defineConfig } from 'tsup';

// `npm start` sets CHATROUTE_JS_ONLY=1: the host runs the JavaScript, and the declaration build is most of a build's
// time. `npm run build` (and so `npm test`) writes the types, and so does `npm pack` / `npm publish` whatever the
// shell says: its `prepack` builds with CHATROUTE_JS_ONLY=0.
const jsOnly = process.env.CHATROUTE_JS_ONLY === '1';

export default defineConfig([
  {
    // The library: ESM + CJS + types for each public entry.
    entry: {
      index: 'src/index.ts',
      staffing: 'src/staffing/index.ts',
      simulation: 'src/simulation/index.ts',
      sqlite: 'src/sqlite/index.ts',
      postgres: 'src/postgres/index.ts',
      replay: 'src/replay/index.ts',
      inspect: 'src/inspect/index.ts',
      audit: 'src/audit/index.ts',
      otel: 'src/otel/index.ts',
      reports: 'src/reports/index.ts',
    },
    // Optional peer dependencies: resolved from the host's node_modules, never bundled.
    external: ['better-sqlite3', 'pg', '@opentelemetry/api'],
    format: ['esm', 'cjs'],
    dts: !jsOnly,
    sourcemap: true,
    clean: true,
    target: 'node20',
    treeshake: true,
  },
  {
    // The chatroute-sim and chatroute-replay commands (the bin entries): ESM only, keep their #! lines.
    entry: { 'cli/sim': 'src/cli/sim.ts', 'cli/replay': 'src/cli/replay.ts', 'cli/records': 'src/cli/records.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
]);
