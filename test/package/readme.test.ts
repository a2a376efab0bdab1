import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT } from '../helpers/paths.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

// The README's TypeScript blocks are type-checked and run by docs.test.ts.
describe('README', () => {
  it('runs exactly the documented commands in CI', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(README).toContain('npm ci && npm test');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
