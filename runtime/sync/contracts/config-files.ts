/**
 * `userstore.json` / `usersyncs.json` (the generator's output and the Mobile
 * SDK's files), read and checked entry by entry as the SDK loads them: an
 * entry the SDK would skip (no `syncName`, `soupName` or `indexes`, a bad
 * type or merge mode…) is skipped and reported by its position with the
 * reason, and the others load. A file that is not JSON (named with the line
 * and column of the mistake), or has no `soups` / `syncs` array, loads nothing
 * and throws `SYNC_BAD_CONFIG`.
 */
import { readFile } from 'node:fs/promises';
import { parseJsonText } from '../../json-text.js';
import { INDEX_TYPES, type IndexType } from '../../smartsql/catalog.js';
import { MERGE_MODES } from './constants.js';
import type { SoupConfigEntry, SyncConfigEntry } from './sync-config.js';
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
  const parsed = parseJsonText(text);
  if (parsed.kind === 'error') {
    // As generate says it of its config: FILE:LINE:COLUMN, then what is wrong there.
    const { line, column, message } = parsed.problem;
    throw new SyncError('SYNC_BAD_CONFIG', `${input}:${line}:${column}: invalid JSON: ${message}`);
  }
  return parsed.value as Json;
}

function fail(origin: string, where: string, message: string): never {
  throw new SyncError('SYNC_BAD_CONFIG', `${origin}: ${where}: ${message}`);
}

/** An entry of a config file that was not loaded: where it is, its name, and why. */
export interface SkippedConfigEntry {
  /** Its index in `soups` / `syncs` (0-based). */
  readonly position: number;
  /** Its `soupName` / `syncName`, when it has one. */
  readonly name: string | undefined;
  readonly reason: string;
}

/**
 * What a config loader answers: what it loaded, with the entries it skipped
 * as `skipped`, and as `inStore` the names of the file's entries the store
 * holds now (loaded this time or before), in the file's order.
 */
export type ConfigLoad<T> = T[] & {
  readonly skipped: readonly SkippedConfigEntry[];
  readonly inStore: readonly string[];
};

/** Hears the entries a loader skips (`console` will do). */
export interface ConfigLogger {
  warn(message: string): void;
}

/** What `loadStoreConfig` / `loadSyncsConfig` take besides the file. */
export interface ConfigLoadOptions {
  /** Where skipped entries are reported; by default each is a Node process warning. */
  readonly logger?: ConfigLogger;
}

/** The default logger: a process warning per skipped entry. */
export const processWarningLogger: ConfigLogger = {
  warn: (message) =>
    process.emitWarning(message, { code: 'SOUPKIT_CONFIG_ENTRY_SKIPPED', type: 'SoupkitWarning' }),
};

/**
 * `loaded` with `skipped` and `inStore` attached (not enumerable, so the
 * answer still compares and serialises as the plain list), each skipped entry
 * told to `logger`.
 */
export function configLoad<T>(
  loaded: T[],
  skipped: readonly SkippedConfigEntry[],
  inStore: readonly string[],
  origin: string,
  list: 'soups' | 'syncs',
  logger: ConfigLogger,
): ConfigLoad<T> {
  for (const entry of skipped) {
    const name = entry.name === undefined ? '' : ` (${entry.name})`;
    logger.warn(`${origin}: ${list}[${entry.position}]${name} skipped: ${entry.reason}`);
  }
  return Object.defineProperties(loaded, {
    skipped: { value: skipped },
    inStore: { value: inStore },
  }) as ConfigLoad<T>;
}

function nameOf(entry: unknown, key: string): string | undefined {
  const value = (entry as Json | null)?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A `userstore.json`'s soups the SDK would register, and the ones it would skip. */
export function checkStoreConfig(
  json: Json,
  origin: string,
): { soups: { entry: SoupConfigEntry; position: number }[]; skipped: SkippedConfigEntry[] } {
  if (!Array.isArray(json?.soups)) fail(origin, 'soups', 'must be an array');
  const soups: { entry: SoupConfigEntry; position: number }[] = [];
  const skipped: SkippedConfigEntry[] = [];
  (json.soups as unknown[]).forEach((entry, position) => {
    const reason = soupProblem(entry as Json);
    if (reason === undefined) soups.push({ entry: entry as unknown as SoupConfigEntry, position });
    else skipped.push({ position, name: nameOf(entry, 'soupName'), reason });
  });
  return { soups, skipped };
}

function soupProblem(soup: Json | null): string | undefined {
  if (typeof soup !== 'object' || soup === null) return 'must be an object';
  if (typeof soup.soupName !== 'string' || soup.soupName === '')
    return 'soupName must be a non-empty string';
  if (!Array.isArray(soup.indexes) || soup.indexes.length === 0)
    return 'indexes must be a non-empty array';
  const bad = (soup.indexes as Json[]).findIndex(
    (index) => typeof index?.path !== 'string' || !INDEX_TYPES.includes(index.type as IndexType),
  );
  return bad === -1
    ? undefined
    : `indexes[${bad}] must be { path, type } with type one of ${INDEX_TYPES.join(', ')}`;
}

/**
 * A `usersyncs.json`'s entries the SDK would create (with their position),
 * and the ones it would skip; a name given twice loads the first entry.
 */
export function checkSyncsConfig(
  json: Json,
  origin: string,
): { syncs: { entry: SyncConfigEntry; position: number }[]; skipped: SkippedConfigEntry[] } {
  if (!Array.isArray(json?.syncs)) fail(origin, 'syncs', 'must be an array');
  const syncs: { entry: SyncConfigEntry; position: number }[] = [];
  const skipped: SkippedConfigEntry[] = [];
  const names = new Set<string>();
  (json.syncs as unknown[]).forEach((entry, position) => {
    const reason = syncProblem(entry as Json, names);
    const name = nameOf(entry, 'syncName');
    if (reason !== undefined) {
      skipped.push({ position, name, reason });
      return;
    }
    names.add(name as string);
    syncs.push({ entry: entry as unknown as SyncConfigEntry, position });
  });
  return { syncs, skipped };
}

function syncProblem(sync: Json | null, earlier: ReadonlySet<string>): string | undefined {
  if (typeof sync !== 'object' || sync === null) return 'must be an object';
  if (typeof sync.syncName !== 'string' || sync.syncName === '')
    return 'syncName must be a non-empty string';
  if (earlier.has(sync.syncName)) return `a sync named ${sync.syncName} is earlier in the file`;
  if (sync.syncType !== 'syncDown' && sync.syncType !== 'syncUp')
    return 'syncType must be syncDown or syncUp';
  if (typeof sync.soupName !== 'string' || sync.soupName === '')
    return 'soupName must be a non-empty string';
  if (typeof sync.target !== 'object' || sync.target === null || Array.isArray(sync.target))
    return 'target must be an object';
  const options = sync.options as Json | undefined;
  if (typeof options !== 'object' || options === null) return 'options must be an object';
  if (!MERGE_MODES.includes(options.mergeMode as (typeof MERGE_MODES)[number]))
    return `options.mergeMode must be one of ${MERGE_MODES.join(', ')}`;
  return undefined;
}

export type { SyncConfigEntry };
