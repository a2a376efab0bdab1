/**
 * ts-morph's structure printers, for the few statements `ModulePrinter` cannot
 * write as text. Only types are imported here: the caller hands over the
 * ts-morph module (the main thread imports it, so a missing ts-morph fails
 * `generate` up front), or ts-morph is required on first use (a worker thread
 * of the parallel renderer, whose objects never need it, so never loads it).
 */
import { createRequire } from 'node:module';
import type { PrintStructureOptions, StatementStructures } from 'ts-morph';
import type { DocText } from '../model/naming.js';
import type { StatementNode } from './ts-nodes.js';

/** Prints a statement that `ModulePrinter` leaves to ts-morph. */
export type StructurePrinter = (
  node: Extract<StatementNode, { kind: 'exportAll' | 'function' }>,
) => string;

type TsMorph = typeof import('ts-morph');

const PRINT_OPTIONS: PrintStructureOptions = {
  indentNumberOfSpaces: 2,
  newLine: '\n',
  useSingleQuote: true,
};

/**
 * The structure printer of a loaded ts-morph.
 *
 * @example
 * import * as tsMorph from 'ts-morph';
 * new ModulePrinter(structurePrinter(tsMorph));
 */
export function structurePrinter(morph: TsMorph): StructurePrinter {
  return (node) => morph.printStructure(toStructure(morph, node), PRINT_OPTIONS);
}

/** A structure printer that requires ts-morph the first time it prints. */
export function lazyStructurePrinter(): StructurePrinter {
  let printer: StructurePrinter | undefined;
  return (node) => {
    printer ??= structurePrinter(createRequire(import.meta.url)('ts-morph') as TsMorph);
    return printer(node);
  };
}

function toStructure(morph: TsMorph, node: Parameters<StructurePrinter>[0]): StatementStructures {
  if (node.kind === 'exportAll') {
    return {
      kind: morph.StructureKind.ExportDeclaration,
      moduleSpecifier: node.moduleSpecifier,
      isTypeOnly: node.typeOnly,
    };
  }
  return {
    kind: morph.StructureKind.Function,
    name: node.name,
    isExported: true,
    ...docs(node.docs),
    parameters: node.parameters.map((p) => ({
      name: p.name,
      type: p.type,
      ...(p.initializer === undefined ? {} : { initializer: p.initializer }),
    })),
    returnType: node.returnType,
    statements: [node.body],
  };
}

function docs(docText: DocText | undefined): { docs?: string[] } {
  const text = docText?.text;
  return text === undefined || text === '' ? {} : { docs: [text] };
}
