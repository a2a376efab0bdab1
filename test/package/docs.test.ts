/**
 * Every TypeScript block of README.md and docs/*.md is type-checked against
 * the code (with a few names that snippets use without declaring, below), and
 * every block that promises output (`console.log(…); // what it prints`) is
 * run and must print exactly that, so a doc cannot drift from the code.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import {
  compileVirtual,
  formatDiagnostic,
  repoCompilerOptions,
} from '../generator/compile-virtual.js';
import { REPO_ROOT as ROOT } from '../helpers/paths.js';

/** What snippets may use without declaring it: the objects a page talks about. */
const SNIPPET_GLOBALS = `
import type { SmartStore, QuerySpec } from 'soupkit';
import type { JsforceConnection, SyncManager } from 'soupkit/sync';
import type { Emulator } from 'soupkit/emulator';
declare global {
  const store: SmartStore;
  const manager: SyncManager;
  const connection: JsforceConnection;
  const emulator: Emulator;
  const instanceUrl: string;
  const accessToken: string;
  const querySpec: QuerySpec;
}
export {};
`;

interface Snippet {
  readonly where: string;
  readonly code: string;
  /** The page's prelude (see `preludeOf`), checked with the block, never run. */
  readonly prelude: string;
}

/**
 * A page may hold `<!-- snippet prelude: … -->`: declarations (as in a
 * `declare global` block: `const x: typeof import('soupkit').x;`) that the
 * page's blocks may use without declaring, so fragments stay short and say
 * what they assume. A block's own import or declaration of a name wins.
 */
function preludeOf(text: string): string {
  return /<!-- snippet prelude:\n([\s\S]*?)-->/.exec(text)?.[1] ?? '';
}

function snippetsOf(file: string): Snippet[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const prelude = preludeOf(text);
  const snippets: Snippet[] = [];
  const pattern = /^```ts\n([\s\S]*?)^```/gm;
  for (const match of text.matchAll(pattern)) {
    const line = text.slice(0, match.index).split('\n').length + 1;
    snippets.push({ where: `${file}:${line}`, code: match[1] ?? '', prelude });
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

let previous: ts.Program | undefined;

/** Type-checks the blocks of one page (with its prelude) as one program. */
function typeCheck(snippets: readonly Snippet[]): string[] {
  const root = path.join(ROOT, 'test', 'package', '__docs__');
  const prelude = snippets[0]?.prelude ?? '';
  const virtual = new Map<string, string>([
    [path.join(root, 'globals.d.ts'), SNIPPET_GLOBALS],
    [path.join(root, 'prelude.d.ts'), `export {};\ndeclare global {\n${prelude}}\n`],
    // A block imports a project's generated code as './generated/index.js': examples/basic's.
    [
      path.join(root, 'generated', 'index.ts'),
      "export * from '../../../../examples/basic/src/generated/index.js';\n",
    ],
  ]);
  const owner = new Map<string, string>();
  snippets.forEach((snippet, index) => {
    const file = path.join(root, `snippet-${index}.ts`);
    // A snippet without import or export is a script: make it a module of its own.
    virtual.set(file, `${snippet.code}\nexport {};\n`);
    owner.set(file, snippet.where);
  });
  const options = { ...repoCompilerOptions(), noUnusedLocals: false };
  const { program, diagnostics } = compileVirtual(virtual, options, previous);
  previous = program;
  return diagnostics
    .filter((d) => d.file !== undefined && owner.has(d.file.fileName))
    .map((d) => {
      const line = d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line ?? 0;
      const [file, start] = (owner.get(d.file?.fileName ?? '') ?? ':0').split(':');
      return `${file}:${Number(start) + line}: ${formatDiagnostic(d, root).replace(/^[^:]+:\d+: /, '')}`;
    });
}

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe('the TypeScript in README.md and docs/', () => {
  it('has blocks on every page that shows code', () => {
    expect(SNIPPETS.length).toBeGreaterThan(30);
  });

  it.each(DOCS)('%s type-checks, block by block', (page) => {
    expect(typeCheck(SNIPPETS.filter((s) => s.where.startsWith(`${page}:`)))).toEqual([]);
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
