import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Suites that take minutes: the packed-package install and the rekey kill loop.
 * They run in the `slow` project, so `vitest run --project fast` keeps the
 * inner loop short; `vitest run` (and `npm test`) runs every project.
 */
const SLOW_TESTS = [
  'test/package/published.test.ts',
  'test/runtime/store/change-key-crash.test.ts',
];

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
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    pool: 'forks',
    // Two files at once whatever the cores (vitest's default is cores - 1: one
    // on a 2-core machine): most suites wait on the emulator, child processes
    // and disk, so a second file overlaps with that wait.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SLOW_TESTS],
        },
      },
      {
        extends: true,
        test: { name: 'slow', include: SLOW_TESTS },
      },
      {
        // Type tests (`*.test-d.ts`): vitest runs tsc and fails a test whose
        // `expectTypeOf` or `@ts-expect-error` does not hold. Errors elsewhere
        // are `npm run check`'s to report.
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            include: ['test/**/*.test-d.ts'],
            // Only the type tests and what they import: `npm run check` covers the rest.
            tsconfig: 'tsconfig.type-tests.json',
            ignoreSourceErrors: true,
          },
        },
      },
    ],
  },
});
