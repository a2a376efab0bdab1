import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT } from '../helpers/paths.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

// The README's TypeScript blocks are type-checked and run by docs.test.ts; its
// "A project of your own" steps are run verbatim by published.test.ts.
describe('README', () => {
  it('runs exactly the documented commands in CI', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(README).toContain('npm ci && npm test');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it('names the tarball npm pack makes of this version', () => {
    const tarball = `${own.name}-${own.version}.tgz`;
    expect(README).toContain(`tarball, \`${tarball}\``);
    expect(README).toContain(`npm install ./${tarball} `);
  });

  it("gives the allowScripts of soupkit init's scaffold, which the root's covers", () => {
    const scaffold = JSON.parse(
      readFileSync(join(ROOT, 'templates', 'project', 'package.json'), 'utf8'),
    ).allowScripts;
    const quoted = /`"allowScripts": (\{[^`]*\})`/.exec(README)?.[1] ?? '';
    expect(JSON.parse(quoted.replace(/\s+/g, ' '))).toEqual(scaffold);
    expect(own.allowScripts).toMatchObject(scaffold);
  });

  it('says what npm does with install scripts, not that npm 11 runs only the allowed ones', () => {
    for (const text of [
      README,
      readFileSync(join(ROOT, 'templates', 'project', 'README.md'), 'utf8'),
    ]) {
      expect(text).not.toMatch(/runs only the\s+install scripts/);
      expect(text).toMatch(/still runs every\s+dependency's install\s+scripts/);
    }
  });
});
