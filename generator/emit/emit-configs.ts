/**
 * The JSON outputs: `userstore.json` and `usersyncs.json` in the Mobile SDK's
 * formats, and the manifest listing every generated file.
 */
import type { ProjectModel } from '../model/model.js';
import { outputPaths } from '../model/naming.js';
import { syncConfigEntry } from './emit-syncs.js';
import { jsonFileHeader } from './file-header.js';
import { readTemplate } from './templates.js';
import type { GeneratedFile } from './ts-nodes.js';
import { jsonLiteral, type LiteralValue } from './ts-values.js';

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

/**
 * `userstore.json`: every soup with its index specs, in object order (as the
 * generated `soups` list).
 *
 * @example
 * JSON.parse(emitUserStore(model).contents).soups[0].soupName; // 'Account'
 */
export function emitUserStore(model: ProjectModel): GeneratedFile {
  const soups = model.objects.map((o) => ({
    soupName: o.soup.soupName,
    indexes: o.soup.indexSpecs.map(({ path, type }) => ({ path, type })),
  }));
  return filledTemplate('userstore.json', outputPaths.userstore, { soups });
}

/**
 * `usersyncs.json`: every sync, by object, sync down before sync up.
 *
 * @example
 * JSON.parse(emitUserSyncs(model).contents).syncs[0].syncName; // 'syncDownAccount'
 */
export function emitUserSyncs(model: ProjectModel): GeneratedFile {
  return filledTemplate('usersyncs.json', outputPaths.usersyncs, {
    syncs: model.objects.flatMap((o) => o.syncs.map(syncConfigEntry)),
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
