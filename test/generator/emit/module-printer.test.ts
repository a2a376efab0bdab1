import { describe, expect, it } from 'vitest';
import { ModulePrinter } from '../../../generator/emit/module-printer.js';
import { docText } from '../../../generator/model/naming.js';

describe(ModulePrinter.name, () => {
  it('prints the header, sorted imports, grouped exports, then declarations', () => {
    const printer = new ModulePrinter();
    const file = printer.print(
      {
        path: 'x/a.ts',
        statements: [
          { kind: 'import', moduleSpecifier: './b.js', names: ['B'], typeOnly: true },
          {
            kind: 'import',
            moduleSpecifier: 'soupkit',
            names: ['type TypedSoupHost', 'bindSoup'],
            typeOnly: false,
          },
          { kind: 'import', moduleSpecifier: '../c.js', names: ['zeta', 'Alpha'], typeOnly: true },
          { kind: 'exportAll', moduleSpecifier: './z.js', typeOnly: false },
          { kind: 'exportAll', moduleSpecifier: './y.js', typeOnly: true },
          { kind: 'typeAlias', name: 'A', docs: docText('An alias.'), type: 'string' },
          {
            kind: 'interface',
            name: 'I',
            docs: docText('Two\n\nparagraphs.'),
            members: [
              { key: 'a', type: 'string', optional: false, docs: docText('The a.') },
              { key: "'b-c'", type: 'number | null', optional: true },
            ],
          },
          { kind: 'const', name: 'c', initializer: '{\n  a: 1,\n}' },
          {
            kind: 'function',
            name: 'f',
            parameters: [{ name: 'store', type: 'TypedSoupHost' }],
            returnType: 'void',
            body: 'bindSoup;',
          },
        ],
      },
      '// header',
    );
    expect(file.path).toBe('x/a.ts');
    expect(file.contents).toBe(
      [
        '// header',
        '',
        "import { bindSoup, type TypedSoupHost } from 'soupkit';",
        "import type { Alpha, zeta } from '../c.js';",
        "import type { B } from './b.js';",
        '',
        "export type * from './y.js';",
        "export * from './z.js';",
        '',
        '/** An alias. */',
        'export type A = string;',
        '',
        '/**',
        ' * Two',
        ' *',
        ' * paragraphs.',
        ' */',
        'export interface I {',
        '  /** The a. */',
        '  a: string;',
        "  'b-c'?: number | null;",
        '}',
        '',
        'export const c = {',
        '  a: 1,',
        '};',
        '',
        'export function f(store: TypedSoupHost): void {',
        '  bindSoup;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('wraps an import longer than 100 columns', () => {
    const names = Array.from({ length: 8 }, (_, i) => `SomeRatherLongName${i}`);
    const file = new ModulePrinter().print(
      {
        path: 'a.ts',
        statements: [{ kind: 'import', moduleSpecifier: './t.js', names, typeOnly: true }],
      },
      '',
    );
    expect(file.contents).toBe(
      `import type {\n${names.map((n) => `  ${n},`).join('\n')}\n} from './t.js';\n`,
    );
  });
});
