/**
 * Type-checks code blocks taken from prose (the docs' ```ts blocks, the
 * `@example`s of doc comments) against the code, each block a module of its
 * own with nothing around it: a name a block uses and does not import or
 * declare is an error, as it would be for a reader who pastes the block.
 */
import path from 'node:path';
import type ts from 'typescript';
import {
  compileVirtual,
  formatDiagnostic,
  repoCompilerOptions,
} from '../generator/compile-virtual.js';

/** A block of code and where it starts: `file:line` of its first line. */
export interface Snippet {
  readonly where: string;
  readonly code: string;
  /**
   * Lines checked above the block and reported at its first line: the
   * declarations an `@example` may use (see examples.test.ts). Docs have none.
   */
  readonly prelude?: string;
}

const programs = new Map<string, ts.Program>();

/**
 * The diagnostics of `snippets`, each as `file:line: message` at the block's
 * own line in its page or source file. The blocks are served from memory in
 * `folder` (inside the repository, so `soupkit` resolves to this package), with
 * `extra` files beside them (e.g. `generated/index.ts` for the blocks that
 * import a project's generated code).
 */
export function typeCheckSnippets(
  folder: string,
  snippets: readonly Snippet[],
  extra: ReadonlyMap<string, string> = new Map(),
): string[] {
  const virtual = new Map<string, string>(
    [...extra].map(([file, text]) => [path.join(folder, file), text]),
  );
  const owner = new Map<string, string>();
  const preludeLines = new Map<string, number>();
  snippets.forEach((snippet, index) => {
    const file = path.join(folder, `snippet-${index}.ts`);
    // `export {}` makes every block a module: no block sees another's names.
    const prelude = snippet.prelude ?? '';
    virtual.set(file, `${prelude}${snippet.code}\nexport {};\n`);
    owner.set(file, snippet.where);
    preludeLines.set(file, prelude.split('\n').length - 1);
  });
  const options = { ...repoCompilerOptions(), noUnusedLocals: false };
  const { program, diagnostics } = compileVirtual(virtual, options, programs.get(folder));
  programs.set(folder, program);
  return diagnostics
    .filter((d) => d.file !== undefined && owner.has(d.file.fileName))
    .map((d) => {
      const at = d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line ?? 0;
      const line = Math.max(0, at - (preludeLines.get(d.file?.fileName ?? '') ?? 0));
      const where = owner.get(d.file?.fileName ?? '') ?? ':0';
      const colon = where.lastIndexOf(':');
      const message = formatDiagnostic(d, folder).replace(/^[^:]+:\d+: /, '');
      return `${where.slice(0, colon)}:${Number(where.slice(colon + 1)) + line}: ${message}`;
    });
}
