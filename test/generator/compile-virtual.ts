/**
 * Type-checks generated files without writing them: a compiler host serves
 * them from memory at a folder inside the repository (so `soupkit` resolves
 * as it does for real output), everything else from disk.
 */
import path from 'node:path';
import type { GeneratedFile } from 'soupkit/generator';
import ts from 'typescript';
import { REPO_ROOT as repoRoot } from '../helpers/paths.js';

/** The repository's compiler options (tsconfig.json), as `tsc --noEmit` uses them. */
export function repoCompilerOptions(): ts.CompilerOptions {
  const configPath = path.join(repoRoot, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  if (read.error !== undefined)
    throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot);
  return { ...parsed.options, noEmit: true };
}

/**
 * A program over files served from memory (absolute path → text) beside the
 * real ones on disk, and its diagnostics in those files. `oldProgram` lets a
 * caller compiling many small sets reuse what did not change.
 */
export function compileVirtual(
  virtual: ReadonlyMap<string, string>,
  options: ts.CompilerOptions = repoCompilerOptions(),
  oldProgram?: ts.Program,
): { program: ts.Program; diagnostics: ts.Diagnostic[] } {
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists, realpath } = host;
  const dirs = new Set<string>();
  for (const file of virtual.keys()) {
    for (
      let dir = path.dirname(file);
      dir !== path.dirname(dir) && !dirs.has(dir);
      dir = path.dirname(dir)
    )
      dirs.add(dir);
  }
  host.directoryExists = (dir) => dirs.has(dir) || (directoryExists?.call(host, dir) ?? false);
  host.realpath = (file) =>
    virtual.has(file) || dirs.has(file) ? file : (realpath?.call(host, file) ?? file);
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError, create) => {
    const text = virtual.get(file);
    return text === undefined
      ? getSourceFile.call(host, file, language, onError, create)
      : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram(
    [...virtual.keys()].filter((f) => f.endsWith('.ts')),
    options,
    host,
    oldProgram,
  );
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || virtual.has(d.file.fileName));
  return { program, diagnostics };
}

/** Diagnostics of the generated files, as `path:line: message` strings. */
export function compileInMemory(files: readonly GeneratedFile[]): string[] {
  const root = path.join(repoRoot, 'test/generator/__virtual__');
  const virtual = new Map(files.map((f) => [path.join(root, f.path), f.contents]));
  return compileVirtual(virtual).diagnostics.map((d) => formatDiagnostic(d, root));
}

/** A diagnostic as `path:line: message`, the path relative to `root`. */
export function formatDiagnostic(d: ts.Diagnostic, root: string): string {
  const where =
    d.file === undefined
      ? ''
      : `${path.relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
  return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
}
