/**
 * The `@example`s of soupkit's public API, read from the sources: every
 * export of the package's entry points (and the public members of exported
 * classes) whose doc comment has one; and what an example may use without
 * declaring it (see examples.test.ts).
 */
import path from 'node:path';
import ts from 'typescript';
import { repoCompilerOptions } from '../generator/compile-virtual.js';
import { REPO_ROOT } from '../helpers/paths.js';

/** The package's entry points: the specifier users import, and its source. */
export const ENTRY_POINTS: ReadonlyArray<readonly [specifier: string, source: string]> = [
  ['soupkit', 'runtime/index.ts'],
  ['soupkit/smartsql', 'runtime/smartsql/index.ts'],
  ['soupkit/sync', 'runtime/sync/index.ts'],
  ['soupkit/generator', 'generator/index.ts'],
  ['soupkit/emulator', 'emulator/index.ts'],
  ['soupkit/cli', 'cli/index.ts'],
  ['soupkit/compat', 'compat/index.ts'],
];

/** One `@example`: its code, where it is, whose it is. */
export interface PublicExample {
  /** `file:line` of the example's first line, the file relative to the repository. */
  readonly where: string;
  /** The export (`SmartStore.open` for a member) and the specifier it is imported from. */
  readonly symbol: string;
  readonly specifier: string;
  readonly code: string;
}

/** A public export: its name, whether it is a value (else only a type), its specifier. */
export interface PublicExport {
  readonly name: string;
  readonly value: boolean;
  readonly specifier: string;
}

/** Every export of the entry points, and every `@example` of them. */
export function readPublicApi(): { exports: PublicExport[]; examples: PublicExample[] } {
  const program = ts.createProgram(
    ENTRY_POINTS.map(([, source]) => path.join(REPO_ROOT, source)),
    repoCompilerOptions(),
  );
  const checker = program.getTypeChecker();
  const exports: PublicExport[] = [];
  const examples: PublicExample[] = [];
  const seen = new Set<string>();
  const collect = (node: ts.Node, symbol: string, specifier: string) => {
    const file = node.getSourceFile();
    for (const tag of ts.getJSDocTags(node)) {
      if (tag.tagName.text !== 'example') continue;
      const key = `${file.fileName}:${tag.pos}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const start = tag.tagName.end;
      const sameLine = !/^[ \t]*\r?\n/.test(file.text.slice(start));
      const line = file.getLineAndCharacterOfPosition(start).line + (sameLine ? 1 : 2);
      const code = (ts.getTextOfJSDocComment(tag.comment) ?? '')
        .replace(/^```\w*\n|\n```\s*$/g, '')
        .trimEnd();
      const where = `${path.relative(REPO_ROOT, file.fileName)}:${line}`;
      examples.push({ where, symbol, specifier, code: `${code}\n` });
    }
  };
  for (const [specifier, source] of ENTRY_POINTS) {
    const module = checker.getSymbolAtLocation(
      program.getSourceFile(path.join(REPO_ROOT, source)) as ts.SourceFile,
    );
    for (const exported of module === undefined ? [] : checker.getExportsOfModule(module)) {
      const target =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      exports.push({
        name: exported.name,
        value: (target.flags & ts.SymbolFlags.Value) !== 0,
        specifier,
      });
      for (const declaration of target.declarations ?? []) {
        collect(declaration, exported.name, specifier);
        if (!ts.isClassDeclaration(declaration)) continue;
        for (const member of declaration.members) {
          const name = member.name;
          const hidden =
            name === undefined ||
            ts.isPrivateIdentifier(name) ||
            (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Private) !== 0;
          if (!hidden) collect(member, `${exported.name}.${name.getText()}`, specifier);
          if (ts.isConstructorDeclaration(member)) collect(member, exported.name, specifier);
        }
      }
    }
  }
  return { exports, examples };
}

/** The org's credentials, which the examples that connect to one use. */
const ORG = ['declare const instanceUrl: string;', 'declare const accessToken: string;'];

/** The objects each entry point's examples may use undeclared: the subject of its methods. */
const SUBJECTS: Readonly<Record<string, readonly string[]>> = {
  soupkit: [
    'declare const store: SmartStore;',
    'declare const specs: IndexSpec[];',
    'declare let cursor: StoreCursor;',
  ],
  'soupkit/smartsql': ['declare const store: SmartStore;', 'declare const catalog: SoupCatalog;'],
  'soupkit/sync': [
    'declare const store: SmartStore;',
    'declare const manager: SyncManager;',
    'declare const connection: Connection;',
    ...ORG,
  ],
  'soupkit/generator': [
    'declare const config: GeneratorConfig;',
    'declare const source: DescribeSource;',
    ...ORG,
  ],
  'soupkit/emulator': [],
  'soupkit/cli': [],
  'soupkit/compat': ORG,
};

/** Examples import a project's generated code as './generated/index.js': examples/basic's. */
export const GENERATED = new Map([
  ['generated/index.ts', "export * from '../../../../examples/basic/src/generated/index.js';\n"],
]);

/** Where the examples are checked (inside the repository, so `soupkit` resolves to it). */
export const FOLDER = path.join(REPO_ROOT, 'test', 'package', '__examples__');

/** The entry point whose folder holds `file`, the deepest one (`soupkit/sync` for runtime/sync/…). */
export function entryPointOf(file: string): string {
  const folders = ENTRY_POINTS.map(([name, source]) => [name, path.dirname(source)] as const)
    .filter(([, folder]) => file.startsWith(`${folder}/`))
    .sort(([, a], [, b]) => b.length - a.length);
  return folders[0]?.[0] ?? 'soupkit';
}

/** The names a piece of code declares or imports at its top level. */
function declaredNames(code: string): Set<string> {
  const names = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  const file = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, false);
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) names.add(element.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** Whether an example is a JSON document (a config file), not TypeScript. */
export function isJson(code: string): boolean {
  try {
    JSON.parse(code);
    return true;
  } catch {
    return false;
  }
}

/** The lines checked above an example: the public API it may use, its entry point's subjects. */
export function preludeFor(example: PublicExample, exports: readonly PublicExport[]): string {
  const own = declaredNames(example.code);
  const bySpecifier = new Map<string, string[]>();
  const imported = new Set<string>();
  for (const { name, value, specifier } of exports) {
    if (own.has(name) || imported.has(name)) continue;
    imported.add(name);
    bySpecifier.set(specifier, [
      ...(bySpecifier.get(specifier) ?? []),
      value ? name : `type ${name}`,
    ]);
  }
  const lines = [...bySpecifier].map(
    ([specifier, names]) => `import { ${names.join(', ')} } from '${specifier}';`,
  );
  if (!own.has('Connection')) lines.push("import { Connection } from 'jsforce';");
  for (const subject of SUBJECTS[entryPointOf(example.where)] ?? []) {
    const name = /declare (?:const|let) (\w+)/.exec(subject)?.[1] ?? '';
    if (!own.has(name)) lines.push(subject);
  }
  return `${lines.join('\n')}\n`;
}
