/**
 * Describes + config → generated files, in memory. Pure apart from reading
 * the package's templates: parse the describes, build the model, emit each
 * module, print them with one ts-morph project, add the JSON configs and the
 * manifest.
 */
import * as tsMorph from 'ts-morph';
import type { GeneratorConfig } from '../config/config.js';
import type { LoadedConfig } from '../config/load-config.js';
import { parseDescribe, type SObjectDescribe } from '../describe/describe.js';
import type { RawDescribe } from '../describe/describe-source.js';
import { buildModel } from '../model/build-model.js';
import type { ProjectModel } from '../model/model.js';
import { compareText, outputPaths } from '../model/naming.js';
import {
  type ConfigItems,
  configItems,
  emitManifest,
  emitUserStore,
  emitUserSyncs,
} from './emit-configs.js';
import { emitIndexModule } from './emit-index.js';
import { tsFileHeader } from './file-header.js';
import { ModulePrinter } from './module-printer.js';
import { renderObject } from './render-object.js';
import { structurePrinter } from './structure-printer.js';
import { readTemplate } from './templates.js';
import type { GeneratedFile, ModuleNode } from './ts-nodes.js';

export type { GeneratedFile };

/**
 * Renders the files of a model, sorted by path (the manifest included).
 *
 * @example
 * const describes = (await source.describe(['Account', 'Contact'])).map(parseDescribe);
 * renderModel(buildModel(config, describes)).map((f) => f.path);
 * // ['index.ts', 'salesforce-types.ts', 'sobjects/Account.ts', ...]
 */
export function renderModel(model: ProjectModel): GeneratedFile[] {
  const printer = mainThreadPrinter();
  const header = tsFileHeader();
  return renderShared(
    model,
    model.objects.flatMap((object) => renderObject(object, printer, header)),
  );
}

/**
 * @internal The whole generation from every object's files (`renderObject`):
 * adds the shared types, the index, the JSON configs and the manifest, sorted
 * by path. `printed` holds each object's entries in the JSON configs when
 * they were printed ahead (`configItems`).
 */
export function renderShared(
  model: ProjectModel,
  objectFiles: readonly GeneratedFile[],
  printed?: readonly ConfigItems[],
): GeneratedFile[] {
  const printer = mainThreadPrinter();
  const header = tsFileHeader();
  const files = [
    printer.print(sharedTypesModule(), header),
    printer.print(emitIndexModule(model), header),
    ...objectFiles,
  ];
  const items = printed ?? model.objects.map(configItems);
  files.push(emitUserStore(items), emitUserSyncs(items));
  files.push(
    emitManifest(
      model,
      files.map((f) => f.path),
    ),
  );
  return files.sort((a, b) => compareText(a.path, b.path));
}

/**
 * A printer with ts-morph imported up front (above): without ts-morph installed,
 * loading the generator fails at once, and the CLI says to install it.
 */
function mainThreadPrinter(): ModulePrinter {
  return new ModulePrinter(structurePrinter(tsMorph));
}

/** `salesforce-types.ts`: the template's declarations, after the generated header. */
function sharedTypesModule(): ModuleNode {
  const text = readTemplate('salesforce-types.ts');
  const body = text.replace(/^(\/\/.*\n)+\n*/, '');
  return { path: outputPaths.salesforceTypes, statements: [{ kind: 'raw', text: body }] };
}

/**
 * Renders a generation in memory: no file is read but the templates, none
 * written. `describes` are raw (as a `DescribeSource` returns them) or parsed.
 *
 * @example
 * const source = fileDescribeSource('samples/describes');
 * const files = renderProject(config, await source.describe(['Account', 'Contact']));
 * files.find((f) => f.path === 'sobjects/Account.ts')?.contents;
 */
export function renderProject(
  config: GeneratorConfig | LoadedConfig,
  describes: readonly (RawDescribe | SObjectDescribe)[],
): GeneratedFile[] {
  const resolved = 'config' in config ? config.config : config;
  const parsed = describes.map((d) => ('json' in d ? parseDescribe(d) : d));
  return renderModel(buildModel(resolved, parsed));
}
