/**
 * The files of one object: its sobject, soup and syncs modules. What the
 * parallel renderer prints in a worker thread, so nothing here loads ts-morph.
 */
import type { SObjectModel } from '../model/model.js';
import { emitSObjectModule } from './emit-sobjects.js';
import { emitSoupModule } from './emit-soups.js';
import { emitSyncsModule } from './emit-syncs.js';
import type { ModulePrinter } from './module-printer.js';
import type { GeneratedFile } from './ts-nodes.js';

/**
 * @internal The printed modules of one object, headed by `header`.
 *
 * @example
 * renderObject(model.objects[0], new ModulePrinter(), tsFileHeader()).map((f) => f.path);
 * // ['sobjects/Account.ts', 'soups/Account.ts', 'syncs/Account.ts']
 */
export function renderObject(
  object: SObjectModel,
  printer: ModulePrinter,
  header: string,
): GeneratedFile[] {
  const modules = [emitSObjectModule(object), emitSoupModule(object)];
  const syncs = emitSyncsModule(object);
  if (syncs !== undefined) modules.push(syncs);
  return modules.map((module) => printer.print(module, header));
}
