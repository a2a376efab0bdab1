/**
 * The JSON outputs: `userstore.json` and `usersyncs.json` in the Mobile SDK's
 * formats, and the manifest listing every generated file.
 */
import type { ProjectModel, SObjectModel } from '../model/model.js';
import { outputPaths } from '../model/naming.js';
import { syncConfigEntry } from './emit-syncs.js';
import { jsonFileHeader } from './file-header.js';
import { readTemplate } from './templates.js';
import type { GeneratedFile } from './ts-nodes.js';
import {
  jsonArrayItem,
  jsonLiteral,
  type LiteralValue,
  type PrintedItem,
  PrintedItems,
} from './ts-values.js';

function jsonFile(path: string, value: object): GeneratedFile {
  return {
    path,
    contents: `${jsonLiteral({ '//': jsonFileHeader(), ...value } as LiteralValue)}\n`,
  };
}

/** Fills a config skeleton of `templates/` (its header key, then the list given). */
function filledTemplate(
  template: 'userstore.json' | 'usersyncs.json',
  path: string,
  value: object,
): GeneratedFile {
  const skeleton = JSON.parse(readTemplate(template)) as object;
  return { path, contents: `${jsonLiteral({ ...skeleton, ...value } as LiteralValue)}\n` };
}

/** Where the items of the configs' top-level lists start their lines. */
const ITEM_INDENT = '    ';

/** An object's entries in `userstore.json` and `usersyncs.json`, printed ahead (`configItems`). */
export interface ConfigItems {
  readonly soup: PrintedItem;
  readonly syncs: readonly PrintedItem[];
}

/**
 * An object's entries in the JSON configs, as `emitUserStore` and
 * `emitUserSyncs` join them: a share of a parallel render prints them beside
 * its objects' modules, one thread as it prints the configs.
 *
 * @example
 * configItems(model.objects[0]).soup.text; // '{\n      "soupName": "Account", …'
 */
export function configItems(object: SObjectModel): ConfigItems {
  return {
    soup: jsonArrayItem(soupEntry(object), ITEM_INDENT),
    syncs: object.syncs.map((sync) =>
      jsonArrayItem(syncConfigEntry(sync) as unknown as LiteralValue, ITEM_INDENT),
    ),
  };
}

function soupEntry(object: SObjectModel): LiteralValue {
  return {
    soupName: object.soup.soupName,
    indexes: object.soup.indexSpecs.map(({ path, type }) => ({ path, type })),
  };
}

/**
 * `userstore.json`: every soup with its index specs, in object order (as the
 * generated `soups` list), from each object's entries (`configItems`).
 *
 * @example
 * JSON.parse(emitUserStore(model.objects.map(configItems)).contents).soups[0].soupName; // 'Account'
 */
export function emitUserStore(printed: readonly ConfigItems[]): GeneratedFile {
  return filledTemplate('userstore.json', outputPaths.userstore, {
    soups: new PrintedItems(
      ITEM_INDENT,
      printed.map((items) => items.soup),
    ),
  });
}

/**
 * `usersyncs.json`: every sync, by object, sync down before sync up, from
 * each object's entries (`configItems`).
 *
 * @example
 * JSON.parse(emitUserSyncs(model.objects.map(configItems)).contents).syncs[0].syncName; // 'syncDownAccount'
 */
export function emitUserSyncs(printed: readonly ConfigItems[]): GeneratedFile {
  return filledTemplate('usersyncs.json', outputPaths.usersyncs, {
    syncs: new PrintedItems(
      ITEM_INDENT,
      printed.flatMap((items) => items.syncs),
    ),
  });
}

/** What `soupkit-manifest.json` holds. */
export interface Manifest {
  readonly generator: 'soupkit';
  readonly apiVersion?: string;
  /** The objects generated, by API name. */
  readonly objects: readonly string[];
  /** Every generated file but the manifest, sorted; stale files are found from it. */
  readonly files: readonly string[];
}

/**
 * The manifest of a generation, listing the given files.
 *
 * @example
 * emitManifest(model, ['index.ts']).path; // 'soupkit-manifest.json'
 */
export function emitManifest(model: ProjectModel, files: readonly string[]): GeneratedFile {
  const manifest: Manifest = {
    generator: 'soupkit',
    ...(model.apiVersion === undefined ? {} : { apiVersion: model.apiVersion }),
    objects: model.objects.map((o) => o.name),
    files: [...files].sort(),
  };
  return jsonFile(outputPaths.manifest, manifest);
}
