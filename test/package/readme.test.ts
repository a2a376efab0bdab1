import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT } from '../helpers/paths.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's ```ts blocks that import soupkit: the examples a newcomer would paste. */
function soupkitSnippets(): string[] {
  return [...README.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .filter((code) => /from 'soupkit(\/\w+)?'/.test(code));
}

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe('README', () => {
  it('has runnable soupkit examples', () => {
    expect(soupkitSnippets().length).toBeGreaterThan(0);
  });

  it.each(soupkitSnippets().map((code, index) => [index, code] as const))(
    'example %i runs as written',
    (_index, code) => {
      scratch = mkdtempSync(join(tmpdir(), 'soupkit-readme-'));
      // Store files the example names go to a scratch folder, not the checkout.
      const program = code.replace(
        /path: '([^':]+\.db)'/g,
        (_all, file: string) => `path: ${JSON.stringify(join(scratch ?? '', file))}`,
      );
      const output = execFileSync(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', program],
        { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      // `console.log(…); // expected` lines in the README must print what they say.
      const promised = [...code.matchAll(/console\.log\(.*\); \/\/ (.+)$/gm)].map((m) => m[1]);
      expect(output.trim().split('\n')).toEqual(promised);
    },
  );

  it('runs exactly the documented commands in CI', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(README).toContain('npm ci && npm test');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
