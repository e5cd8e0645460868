import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: ESM + CJS + types for each public entry.
    entry: { index: 'src/index.ts', staffing: 'src/staffing/index.ts', simulation: 'src/simulation/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    treeshake: true,
  },
  {
    // The chatroute-sim command (the bin entry): ESM only, keeps its #! line.
    entry: { 'cli/sim': 'src/cli/sim.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
]);
