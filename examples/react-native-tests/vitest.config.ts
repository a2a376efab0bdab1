import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The app imports react-native-force; in Node its modules are soupkit's.
    alias: [{ find: /^react-native-force$/, replacement: 'soupkit/react-native-force' }],
    // Inside the soupkit repository, soupkit resolves to its TypeScript sources
    // (an app with soupkit installed from npm needs no conditions).
    conditions: ['source'],
  },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
