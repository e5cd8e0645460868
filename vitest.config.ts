import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^chatroute$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^chatroute\/(.*)$/, replacement: fileURLToPath(new URL('./src/$1/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Liveness bounds, not speed targets (speed lives in the benchmarks): generous, so a loaded machine (the suite
    // beside other work on 2 cores) fails a test only when something is really stuck. Hooks start PostgreSQL, build
    // bundles and spawn processes; vitest's default of 10 s for them skipped whole files under load.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
