import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as repoRoot } from '../helpers/paths.js';
import { formatDiagnostic, repoCompilerOptions } from './compile-virtual.js';
import { expectedTsFiles, GOLDEN_CASES, GOLDEN_ROOT } from './golden-helpers.js';

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
        .map((d) => formatDiagnostic(d, repoRoot));
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
