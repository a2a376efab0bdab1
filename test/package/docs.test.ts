/**
 * Every TypeScript block of README.md and docs/*.md is type-checked against
 * the code as it stands: each block a module of its own, with no names
 * provided around it (a block declares or imports everything it uses, so a
 * reader can paste it). Every block that promises output
 * (`console.log(…); // what it prints`) is run and must print exactly that,
 * so a doc cannot drift from the code.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT } from '../helpers/paths.js';
import { type Snippet, typeCheckSnippets } from './type-check-snippets.js';

function snippetsOf(file: string): Snippet[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const snippets: Snippet[] = [];
  const pattern = /^```ts\n([\s\S]*?)^```/gm;
  for (const match of text.matchAll(pattern)) {
    const line = text.slice(0, match.index).split('\n').length + 1;
    snippets.push({ where: `${file}:${line}`, code: match[1] ?? '' });
  }
  return snippets;
}

const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];
const SNIPPETS = DOCS.flatMap(snippetsOf);

/** A block imports a project's generated code as './generated/index.js': examples/basic's. */
const GENERATED = new Map([
  ['generated/index.ts', "export * from '../../../../examples/basic/src/generated/index.js';\n"],
]);

/** Blocks made up to show that a block using a name it does not declare fails. */
const MADE_UP: readonly Snippet[] = [
  { where: 'made-up.md:3', code: 'console.log(store.count);\n' },
  { where: 'made-up.md:9', code: "\nawait manager.reSync('syncDownAccount');\n" },
  { where: 'made-up.md:20', code: 'console.log(instanceUrl, accessToken);\n' },
  // The first one, complete: what it uses is imported or declared in the block.
  {
    where: 'made-up.md:30',
    code: "import type { SmartStore } from 'soupkit';\ndeclare const store: SmartStore;\nconsole.log(store.count);\n",
  },
];

let diagnostics: readonly string[] = [];

/** The diagnostics of one page's blocks (see the `beforeAll` below). */
function diagnosticsOf(page: string): string[] {
  return diagnostics.filter((line) => line.startsWith(`${page}:`));
}

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe('the TypeScript in README.md and docs/', () => {
  // Every page's blocks and the made-up ones, checked once as one program (one
  // program per page took minutes on a busy machine).
  beforeAll(() => {
    diagnostics = typeCheckSnippets(
      path.join(ROOT, 'test', 'package', '__docs__'),
      [...SNIPPETS, ...MADE_UP],
      GENERATED,
    );
  }, 300_000);

  it('has blocks on every page that shows code', () => {
    expect(SNIPPETS.length).toBeGreaterThan(30);
  });

  it.each(DOCS)('%s type-checks, block by block', (page) => {
    expect(diagnosticsOf(page)).toEqual([]);
  });

  it('rejects a block that uses a name it does not declare, even one a page talks about', () => {
    expect(diagnosticsOf('made-up.md')).toEqual([
      "made-up.md:3: Cannot find name 'store'.",
      "made-up.md:10: Cannot find name 'manager'.",
      "made-up.md:20: Cannot find name 'instanceUrl'.",
      "made-up.md:20: Cannot find name 'accessToken'.",
    ]);
  });

  it('has no page-wide names: no prelude comment, no block declaring globals', () => {
    for (const page of DOCS) {
      expect(readFileSync(path.join(ROOT, page), 'utf8'), page).not.toContain('snippet prelude');
    }
    expect(SNIPPETS.filter((s) => /declare global|declare module/.test(s.code))).toEqual([]);
  });

  const printing = SNIPPETS.filter((s) => /console\.log\(.*\); \/\/ .+$/m.test(s.code));
  it('has blocks that print, in the README too', () => {
    expect(printing.some((s) => s.where.startsWith('README.md'))).toBe(true);
  });

  it.each(printing.map((snippet) => [snippet.where, snippet] as const))(
    '%s prints what it says',
    (_where, snippet) => {
      scratch = mkdtempSync(path.join(tmpdir(), 'soupkit-docs-'));
      // Store files a block names go to a scratch folder, not the checkout.
      const program = snippet.code.replace(
        /path: '([^':]+\.db)'/g,
        (_all, file: string) => `path: ${JSON.stringify(path.join(scratch ?? '', file))}`,
      );
      // Inside the checkout (git-ignored .soupkit-cache/), so `soupkit` resolves to this package.
      const dir = path.join(ROOT, '.soupkit-cache', 'docs');
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${snippet.where.replace(/\W/g, '-')}.ts`);
      writeFileSync(file, program);
      const output = execFileSync(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', file],
        { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const promised = [...snippet.code.matchAll(/console\.log\(.*\); \/\/ (.+)$/gm)].map(
        (m) => m[1],
      );
      expect(output.trim().split('\n')).toEqual(promised);
    },
  );
});
