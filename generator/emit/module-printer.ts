/**
 * Prints module nodes as text in ts-morph's layout; ts-morph's structure
 * printers (`structure-printer.ts`) are left for what text would get wrong (a
 * function body holding a template literal, a re-export of an unusual module
 * specifier). No type checking while emitting.
 */
import { assertNever } from '../../runtime/errors.js';
import { compareText, type DocText, stringLiteral } from '../model/naming.js';
import { lazyStructurePrinter, type StructurePrinter } from './structure-printer.js';
import type { GeneratedFile, ModuleNode, StatementNode } from './ts-nodes.js';
import { LINE_WIDTH } from './ts-values.js';

/**
 * Prints TypeScript modules, each statement on its own, without building and
 * re-parsing a source file: the generator never needs the syntax tree, and
 * parsing was most of the cost.
 *
 * @example
 * const printer = new ModulePrinter();
 * printer.print({ path: 'a.ts', statements: [{ kind: 'typeAlias', name: 'A', type: 'string' }] }, '// header');
 * // → { path: 'a.ts', contents: '// header\n\nexport type A = string;\n' }
 */
export class ModulePrinter {
  /** `structures` prints what text would get wrong; by default ts-morph, loaded on first use. */
  constructor(private readonly structures: StructurePrinter = lazyStructurePrinter()) {}

  /**
   * Prints one module: the header, the imports, then the other statements
   * separated by one blank line, ending with a newline.
   */
  print(module: ModuleNode, header: string): GeneratedFile {
    const imports = module.statements
      .filter((s): s is Extract<StatementNode, { kind: 'import' }> => s.kind === 'import')
      .map((s) => ({ ...s, names: [...s.names].sort(compareImportNames) }))
      .sort((a, b) => compareModuleSpecifiers(a.moduleSpecifier, b.moduleSpecifier));
    const exports = module.statements
      .filter((s): s is Extract<StatementNode, { kind: 'exportAll' }> => s.kind === 'exportAll')
      .sort((a, b) => compareModuleSpecifiers(a.moduleSpecifier, b.moduleSpecifier));
    const rest = module.statements.filter((s) => s.kind !== 'import' && s.kind !== 'exportAll');
    const sections = [
      header.trimEnd(),
      imports.map((s) => wrapNamedList(this.printStatement(s))).join('\n'),
      exports.map((s) => this.printStatement(s)).join('\n'),
      rest.map((s) => this.printStatement(s)).join('\n\n'),
    ].filter((s) => s !== '');
    return { path: module.path, contents: `${sections.join('\n\n')}\n` };
  }

  private printStatement(node: StatementNode): string {
    const text = asText(node);
    return (text === undefined ? this.structures(node as StructureNode) : text).trim();
  }
}

/** The statements printed by ts-morph's structure printers. */
export type StructureNode = Extract<StatementNode, { kind: 'exportAll' | 'function' }>;

/** Packages first, then parent folders, then the current folder; then by path. */
function compareModuleSpecifiers(a: string, b: string): number {
  const rank = (s: string) => (s.startsWith('../') ? 1 : s.startsWith('./') ? 2 : 0);
  return rank(a) - rank(b) || compareLoose(a, b);
}

/** Case-insensitive, ignoring a `type ` modifier, as import sorters do. */
function compareImportNames(a: string, b: string): number {
  return compareLoose(a.replace(/^type /, ''), b.replace(/^type /, ''));
}

function compareLoose(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return compareText(a, b);
}

/** An import longer than the line width gets one name per line. */
function wrapNamedList(text: string): string {
  if (text.length <= LINE_WIDTH) return text;
  const match = /^(import (?:type )?)\{ (.*) \}( from .*)$/s.exec(text);
  if (match === null) return text;
  const names = (match[2] ?? '').split(', ');
  return `${match[1]}{\n${names.map((n) => `  ${n},`).join('\n')}\n}${match[3]}`;
}

/**
 * A JSDoc block for text that may span lines (already escaped by `docText`).
 *
 * @example
 * jsDoc('Account Name'); // '/** Account Name *\/'
 */
function jsDoc(docText: DocText | undefined, indent = ''): string {
  const text = docText?.text;
  if (text === undefined || text === '') return '';
  if (!text.includes('\n')) return `${indent}/** ${text} */\n`;
  const lines = text.split('\n');
  return `${indent}/**\n${lines.map((line) => (line === '' ? `${indent} *` : `${indent} * ${line}`)).join('\n')}\n${indent} */\n`;
}

/**
 * An interface, written as text like type aliases. ts-morph's interface
 * printer opens a writer per member and scans every character; with 140,000
 * members for 1,000 objects that was half of the generator's time. The text is
 * the same, except that a member type spanning lines keeps its own
 * indentation instead of gaining a hanging one.
 */
function printInterface(node: Extract<StatementNode, { kind: 'interface' }>): string {
  let text = `${jsDoc(node.docs)}export interface ${node.name} {\n`;
  for (const member of node.members) {
    const type = member.type.includes('\n') ? member.type.replaceAll('\n', '\n  ') : member.type;
    text += `${jsDoc(member.docs, '  ')}  ${member.key}${member.optional ? '?' : ''}: ${type};\n`;
  }
  return `${text}}`;
}

/** A module specifier ts-morph would print as is between single quotes. */
function isPlainSpecifier(specifier: string): boolean {
  return !/['"\\\n\r]/.test(specifier);
}

/**
 * A function, written as text in ts-morph's layout: its printer costs a writer
 * and a character scan per statement. The body's lines are indented by two
 * spaces (empty ones left empty); a body with a template literal, whose lines
 * ts-morph leaves as they are, goes to ts-morph.
 */
function printFunction(node: Extract<StatementNode, { kind: 'function' }>): string {
  const parameters = node.parameters
    .map((p) => `${p.name}: ${p.type}${p.initializer === undefined ? '' : ` = ${p.initializer}`}`)
    .join(', ');
  const body = node.body
    .trim()
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `  ${line}`))
    .join('\n');
  return `${jsDoc(node.docs)}export function ${node.name}(${parameters}): ${node.returnType} {\n${body}\n}`;
}

/** The statement as text, or undefined when ts-morph's structure printer must print it. */
function asText(node: StatementNode): string | undefined {
  switch (node.kind) {
    case 'raw':
      return node.text;
    // Imports are one line of names; printed as text, a tenth of the cost.
    case 'import':
      return `import ${node.typeOnly ? 'type ' : ''}{ ${node.names.join(', ')} } from ${stringLiteral(node.moduleSpecifier)};`;
    case 'exportAll':
      return isPlainSpecifier(node.moduleSpecifier)
        ? `export ${node.typeOnly ? 'type ' : ''}* from '${node.moduleSpecifier}';`
        : undefined;
    case 'interface':
      return printInterface(node);
    // Type aliases and constants are written as text: ts-morph would give their
    // multi-line types and initializers a hanging indent.
    case 'typeAlias':
      return `${jsDoc(node.docs)}export type ${node.name} =${node.type.startsWith('\n') ? '' : ' '}${node.type};`;
    case 'const':
      return `${jsDoc(node.docs)}export const ${node.name}${node.type === undefined ? '' : `: ${node.type}`} = ${node.initializer};`;
    case 'function':
      return node.body.includes('`') ? undefined : printFunction(node);
    default:
      return assertNever(node, 'statement node');
  }
}
