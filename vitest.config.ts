import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // `soupkit/...` self-imports resolve to the TypeScript sources (see package.json exports).
    conditions: ['source'],
  },
  ssr: {
    resolve: {
      conditions: ['source'],
      externalConditions: ['source'],
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
