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
    testTimeout: 60_000,
  },
});
