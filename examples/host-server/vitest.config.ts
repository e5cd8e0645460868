import { defineConfig } from 'vitest/config';

// Separate from vite.config.ts (which builds the web app from src/web): tests run from this folder.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a condition, not a time: on a loaded machine a sign-in (scrypt 2^17) and a page's first
    // render take seconds, so the default 1 s would fail a correct page.
    expect: { poll: { timeout: 15_000 } },
  },
});
