import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { expectedTsFiles, GOLDEN_CASES, GOLDEN_ROOT } from './golden-helpers.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The repository's compiler options (tsconfig.json), as `tsc --noEmit` uses them. */
function repoCompilerOptions(): ts.CompilerOptions {
  const configPath = path.join(repoRoot, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  if (read.error !== undefined)
    throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot);
  return { ...parsed.options, noEmit: true };
}

describe('generated code compiles with tsc', () => {
  for (const name of GOLDEN_CASES) {
    it(`${name}: expected/ type-checks with the repository's strict settings`, async () => {
      const files = await expectedTsFiles(name);
      const program = ts.createProgram(files, repoCompilerOptions());
      // Only the generated files are judged here: the runtime has its own checks.
      const expectedDir = path.join(GOLDEN_ROOT, name, 'expected');
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file === undefined || d.file.fileName.startsWith(expectedDir))
        .map((d) => {
          const where =
            d.file === undefined
              ? ''
              : `${path.relative(repoRoot, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
          return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
        });
      expect(diagnostics).toEqual([]);
    });
  }

  it('the templates type-check on their own', () => {
    const files = ['file-header.ts', 'salesforce-types.ts'].map((f) =>
      path.join(repoRoot, 'templates', f),
    );
    const program = ts.createProgram(files, repoCompilerOptions());
    expect(
      ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ).toEqual([]);
  });
});
