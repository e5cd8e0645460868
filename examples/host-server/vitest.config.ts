import { defineConfig } from 'vitest/config';

// Separate from vite.config.ts (which builds the web app from src/web): tests run from this folder.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
