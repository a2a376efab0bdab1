/**
 * `userstore.json` / `usersyncs.json` (the generator's output and the Mobile
 * SDK's files), read and checked whole before anything is created: a bad entry
 * is reported by its position and nothing of the file is applied.
 */
import { readFile } from 'node:fs/promises';
import { INDEX_TYPES, type IndexType } from '../smartsql/catalog.js';
import { MERGE_MODES } from './constants.js';
import type { StoreConfig, SyncConfigEntry, SyncsConfig } from './sync-config.js';
import { SyncError } from './sync-error.js';

type Json = Record<string, unknown>;

/** Reads a config given as a path (JSON file) or as the object itself. */
export async function readConfig(input: string | object, what: string): Promise<Json> {
  if (typeof input !== 'string') return input as Json;
  let text: string;
  try {
    text = await readFile(input, 'utf8');
  } catch (cause) {
    throw new SyncError(
      'SYNC_BAD_CONFIG',
      `Cannot read ${what} ${input}: ${(cause as Error).message}`,
      { cause },
    );
  }
  try {
    return JSON.parse(text) as Json;
  } catch (cause) {
    throw new SyncError(
      'SYNC_BAD_CONFIG',
      `${input} is not valid JSON: ${(cause as Error).message}`,
      { cause },
    );
  }
}

function fail(origin: string, where: string, message: string): never {
  throw new SyncError('SYNC_BAD_CONFIG', `${origin}: ${where}: ${message}`);
}

/** Checks a `userstore.json`; throws `SYNC_BAD_CONFIG` naming `soups[i]`. */
export function checkStoreConfig(json: Json, origin: string): StoreConfig {
  if (!Array.isArray(json?.soups)) fail(origin, 'soups', 'must be an array');
  (json.soups as Json[]).forEach((soup, i) => {
    if (typeof soup?.soupName !== 'string' || soup.soupName === '')
      fail(origin, `soups[${i}].soupName`, 'must be a non-empty string');
    if (!Array.isArray(soup.indexes) || soup.indexes.length === 0)
      fail(origin, `soups[${i}].indexes`, 'must be a non-empty array');
    (soup.indexes as Json[]).forEach((index, j) => {
      if (typeof index?.path !== 'string' || !INDEX_TYPES.includes(index.type as IndexType)) {
        fail(
          origin,
          `soups[${i}].indexes[${j}]`,
          `must be { path, type } with type one of ${INDEX_TYPES.join(', ')}`,
        );
      }
    });
  });
  return json as unknown as StoreConfig;
}

/** Checks a `usersyncs.json`; throws `SYNC_BAD_CONFIG` naming `syncs[i]`. */
export function checkSyncsConfig(json: Json, origin: string): SyncsConfig {
  if (!Array.isArray(json?.syncs)) fail(origin, 'syncs', 'must be an array');
  const names = new Set<string>();
  (json.syncs as Json[]).forEach((sync, i) => {
    const where = `syncs[${i}]`;
    if (typeof sync?.syncName !== 'string' || sync.syncName === '')
      fail(origin, `${where}.syncName`, 'must be a non-empty string');
    if (names.has(sync.syncName))
      fail(origin, `${where}.syncName`, `${sync.syncName} is named twice`);
    names.add(sync.syncName);
    if (sync.syncType !== 'syncDown' && sync.syncType !== 'syncUp')
      fail(origin, `${where}.syncType`, 'must be syncDown or syncUp');
    if (typeof sync.soupName !== 'string' || sync.soupName === '')
      fail(origin, `${where}.soupName`, 'must be a non-empty string');
    if (typeof sync.target !== 'object' || sync.target === null)
      fail(origin, `${where}.target`, 'must be an object');
    const options = sync.options as Json | undefined;
    if (!MERGE_MODES.includes(options?.mergeMode as (typeof MERGE_MODES)[number])) {
      fail(origin, `${where}.options.mergeMode`, `must be one of ${MERGE_MODES.join(', ')}`);
    }
  });
  return json as unknown as SyncsConfig;
}

export type { SyncConfigEntry };
