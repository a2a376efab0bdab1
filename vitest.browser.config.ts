import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:browser`: the inspector in a real Chromium (Debian's
 * /usr/bin/chromium driven by playwright-core). Kept out of `npm test`, whose
 * include pattern (`*.test.ts`) never matches these `*.browser.ts` files.
 */
// The base config's projects (fast, slow, types) are left out: they would run
// the whole suite again instead of the browser tests.
const { projects: _projects, ...baseTest } = base.test ?? {};

export default defineConfig({
  ...base,
  test: {
    ...baseTest,
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
