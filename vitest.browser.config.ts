import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:browser`: the inspector in a real Chromium (Debian's
 * /usr/bin/chromium driven by playwright-core). Kept out of `npm test`, whose
 * include pattern (`*.test.ts`) never matches these `*.browser.ts` files.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
