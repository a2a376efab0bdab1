/**
 * The generator's config: one documented input type (`SoupkitConfig`, what a
 * `soupkit.config.json` or `.ts` holds), its validation with errors naming the
 * key, and the resolved form with every default applied (`GeneratorConfig`).
 */

import { closestName } from '../../runtime/errors.js';
import { INDEX_TYPES } from '../../runtime/smartsql/catalog.js';
import type { IndexType } from '../../runtime/store/specs.js';
import { StoreError } from '../../runtime/store/store-error.js';
import { validateSoupName } from '../../runtime/store/validate.js';
import { MERGE_MODES, SYNCS_SOUP } from '../../runtime/sync/contracts/constants.js';
import type { MergeMode } from '../../runtime/sync/contracts/sync-config.js';
import { ConfigError } from '../errors.js';
import { isGlob } from '../model/glob.js';

/** Sync-down settings of an object. */
export interface SyncDownConfig {
  /** SOQL condition appended as `WHERE ...`, e.g. `"IsDeleted = false"`. */
  readonly where?: string;
  /** SOQL `ORDER BY` clause body; default none (the Mobile SDK orders by `LastModifiedDate`). */
  readonly orderBy?: string;
  /** SOQL `LIMIT`. */
  readonly limit?: number;
  /** @default 'OVERWRITE' */
  readonly mergeMode?: MergeMode;
  /** Records per page, 200 to 2000; the SDK's default (2000) when absent. */
  readonly maxBatchSize?: number;
}

/** Sync-up settings of an object. */
export interface SyncUpConfig {
  /** @default 'LEAVE_IF_CHANGED' */
  readonly mergeMode?: MergeMode;
  /** Field for upserts by external id (`externalIdFieldName`). */
  readonly externalIdField?: string;
  /** Records per request (Collection target: at most 200). */
  readonly maxBatchSize?: number;
}

/** One extra index spec of a soup. */
export interface IndexConfig {
  readonly path: string;
  readonly type: IndexType;
}

/** Settings that apply to one object (or, under `defaults`, to every object). */
export interface ObjectSettings {
  /**
   * Which fields: `"all"`, or a list of names and globs (`"Billing*"`); a
   * leading `!` excludes (`"!*__pc"`). `Id` and `LastModifiedDate` are always kept.
   * @default 'all'
   */
  readonly fields?: 'all' | readonly string[];
  /** Extra index specs; a path that is already indexed by default takes this type (e.g. `full_text`). */
  readonly indexes?: readonly IndexConfig[];
  /** Sync-down settings, or `false` for no sync down. */
  readonly syncDown?: SyncDownConfig | false;
  /** Sync-up settings, or `false` for no sync up. */
  readonly syncUp?: SyncUpConfig | false;
}

/** One entry of `objects`: an API name or a glob, with settings. */
export interface ObjectConfig extends ObjectSettings {
  /** API name (`Account`) or glob (`*__c`). */
  readonly name: string;
  /** Soup name; only for an exact name. @default the API name */
  readonly soupName?: string;
  /**
   * Child relationships synced with this object as families (`parent_children`
   * targets), by relationship name, e.g. `["Contacts"]`; the child object must
   * be generated too. Only for an exact name.
   */
  readonly children?: readonly string[];
}

/** Live-org settings, read by the CLI's org describe source. */
export interface OrgConfig {
  /** `sf` CLI alias or username of the org. */
  readonly alias?: string;
  readonly instanceUrl?: string;
  /** API version of describe calls, e.g. `"62.0"`. */
  readonly apiVersion?: string;
  /** Parallel describe requests. */
  readonly concurrency?: number;
}

/**
 * What `soupkit.config.json` / `soupkit.config.ts` holds. Every key is optional.
 *
 * @example
 * {
 *   "describes": "describes",
 *   "outDir": "src/generated",
 *   "objects": ["Account", { "name": "Contact", "fields": ["FirstName", "LastName", "Email"] }]
 * }
 */
export interface SoupkitConfig {
  /** JSON schema reference; ignored. */
  readonly $schema?: string;
  /** Folder of `<Name>.describe.json` files, relative to the config file. @default 'describes' */
  readonly describes?: string;
  /** Output folder, relative to the config file. @default 'src/generated' */
  readonly outDir?: string;
  /** Salesforce API version recorded in the manifest, e.g. `"62.0"`. */
  readonly apiVersion?: string;
  /** Objects to generate: names, globs, or entries with settings. @default ['*'] */
  readonly objects?: readonly (string | ObjectConfig)[];
  /** Globs left out of glob matches (exact names are always kept). @default ['*Feed', '*History', '*Share', '*ChangeEvent'] */
  readonly excludeObjects?: readonly string[];
  /** Settings for every object, overridden per object. */
  readonly defaults?: ObjectSettings;
  /** Live org settings (CLI `--org`). */
  readonly org?: OrgConfig;
  /** Folder caching live-org describes, relative to the config file. */
  readonly describeCache?: string;
}

/** An `objects` entry after validation. */
export interface ResolvedObjectConfig extends ObjectConfig {
  /** True when `name` holds a wildcard. */
  readonly isGlob: boolean;
}

/** The config with defaults applied and paths absolute. */
export interface GeneratorConfig {
  readonly describes: string;
  readonly outDir: string;
  readonly apiVersion: string | undefined;
  readonly objects: readonly ResolvedObjectConfig[];
  readonly excludeObjects: readonly string[];
  readonly defaults: Required<Pick<ObjectSettings, 'fields'>> & ObjectSettings;
  readonly org: OrgConfig | undefined;
  readonly describeCache: string | undefined;
}

export const DEFAULT_EXCLUDED_OBJECTS: readonly string[] = [
  '*Feed',
  '*History',
  '*Share',
  '*ChangeEvent',
];

/**
 * Identity helper for `soupkit.config.ts`, so the editor checks the config.
 *
 * @example
 * // soupkit.config.ts
 * import { defineConfig } from 'soupkit/generator';
 * export default defineConfig({ objects: ['Account', 'Contact'] });
 */
export function defineConfig(config: SoupkitConfig): SoupkitConfig {
  return config;
}

/**
 * Whether text is an API version as the config and the CLI take it.
 *
 * @example
 * isApiVersion('62.0'); // true
 * isApiVersion('v62'); // false
 */
export function isApiVersion(text: string): boolean {
  return /^\d{2,3}\.0$/.test(text);
}

type Json = Record<string, unknown>;

/**
 * Validates a config value and applies the defaults. Paths are resolved with
 * `resolvePath` (the loader resolves them against the config file's folder).
 *
 * @example
 * const config = resolveConfig({ objects: ['Account'] }, { file: 'soupkit.config.json', resolvePath: (p) => p });
 * config.outDir; // 'src/generated'
 */
export function resolveConfig(
  value: unknown,
  options: { file?: string | undefined; resolvePath: (relative: string) => string },
): GeneratorConfig {
  const v = new Validator(options.file);
  const root = v.object(value, '');
  v.keys(root, '', [
    '$schema',
    'describes',
    'outDir',
    'apiVersion',
    'objects',
    'excludeObjects',
    'defaults',
    'org',
    'describeCache',
  ]);
  v.optionalString(root.$schema, '$schema');
  const describes = v.optionalString(root.describes, 'describes') ?? 'describes';
  const outDir = v.optionalString(root.outDir, 'outDir') ?? 'src/generated';
  const apiVersion = v.optionalApiVersion(root.apiVersion, 'apiVersion');
  const rawObjects = root.objects === undefined ? ['*'] : v.array(root.objects, 'objects');
  const seen = new Map<string, string>();
  const objects = rawObjects.map((entry, index) => {
    const key = `objects[${index}]`;
    const resolved: ResolvedObjectConfig =
      typeof entry === 'string'
        ? { name: v.name(entry, key), isGlob: isGlob(entry) }
        : v.objectConfig(entry, key);
    const previous = seen.get(resolved.name);
    if (previous !== undefined) {
      v.fail('CONFIG_DUPLICATE', key, `"${resolved.name}" is already listed at ${previous}`);
    }
    seen.set(resolved.name, key);
    return resolved;
  });
  const excludeObjects =
    root.excludeObjects === undefined
      ? DEFAULT_EXCLUDED_OBJECTS
      : v.stringArray(root.excludeObjects, 'excludeObjects');
  const defaultsInput = root.defaults === undefined ? {} : v.object(root.defaults, 'defaults');
  v.keys(defaultsInput, 'defaults', ['fields', 'indexes', 'syncDown', 'syncUp']);
  const defaults = { fields: 'all' as const, ...v.settings(defaultsInput, 'defaults') };
  const org = root.org === undefined ? undefined : v.org(root.org, 'org');
  const describeCache = v.optionalString(root.describeCache, 'describeCache');
  return {
    describes: options.resolvePath(describes),
    outDir: options.resolvePath(outDir),
    apiVersion,
    objects,
    excludeObjects,
    defaults,
    org,
    describeCache: describeCache === undefined ? undefined : options.resolvePath(describeCache),
  };
}

/** Why `syncs_soup` cannot name a generated soup (the config and the model say it the same way). */
export const reservedSoupMessage = `"${SYNCS_SOUP}" is reserved: Mobile Sync keeps its sync states in that soup; choose another soup name`;

/** Walks a config value, failing with `ConfigError`s that name the key path. */
class Validator {
  constructor(private readonly file: string | undefined) {}

  fail(code: ConstructorParameters<typeof ConfigError>[0], key: string, message: string): never {
    const where = key === '' ? 'the config' : `"${key}"`;
    throw new ConfigError(code, `${where}: ${message}`, { file: this.file, key });
  }

  object(value: unknown, key: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail('CONFIG_INVALID', key, `must be an object, got ${typeName(value)}`);
    }
    return value as Json;
  }

  keys(value: Json, key: string, allowed: readonly string[]): void {
    for (const name of Object.keys(value)) {
      if (!allowed.includes(name)) {
        const close = closestName(name, allowed);
        const hint = close === undefined ? '' : ` (did you mean "${close}"?)`;
        const full = key === '' ? name : `${key}.${name}`;
        this.fail('CONFIG_UNKNOWN_KEY', full, `unknown key${hint}; allowed: ${allowed.join(', ')}`);
      }
    }
  }

  /** A soup name the store accepts (the runtime's own check), so generated code never names a soup it would refuse. */
  soupName(value: string, key: string): void {
    if (value === SYNCS_SOUP) this.fail('CONFIG_RESERVED_NAME', key, reservedSoupMessage);
    try {
      validateSoupName(value);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      this.fail('CONFIG_INVALID', key, `is not a soup name the store accepts: ${error.message}`);
    }
  }

  array(value: unknown, key: string): unknown[] {
    if (!Array.isArray(value))
      this.fail('CONFIG_INVALID', key, `must be an array, got ${typeName(value)}`);
    return value as unknown[];
  }

  optionalString(value: unknown, key: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') {
      this.fail('CONFIG_INVALID', key, `must be a non-empty string, got ${typeName(value)}`);
    }
    return value as string;
  }

  name(value: unknown, key: string): string {
    const name = this.optionalString(value, key);
    if (name === undefined) this.fail('CONFIG_INVALID', key, 'is required');
    if (!/^[A-Za-z0-9_*?]+$/.test(name as string)) {
      this.fail(
        'CONFIG_INVALID',
        key,
        `"${name}" is not an API name or glob (letters, digits, _, *, ?)`,
      );
    }
    return name as string;
  }

  stringArray(value: unknown, key: string): string[] {
    return this.array(value, key).map((item, index) => {
      const text = this.optionalString(item, `${key}[${index}]`);
      if (text === undefined) this.fail('CONFIG_INVALID', `${key}[${index}]`, 'must be a string');
      return text as string;
    });
  }

  optionalApiVersion(value: unknown, key: string): string | undefined {
    const text = this.optionalString(value, key);
    if (text !== undefined && !isApiVersion(text)) {
      this.fail('CONFIG_INVALID', key, `must look like "62.0", got "${text}"`);
    }
    return text;
  }

  positiveInteger(
    value: unknown,
    key: string,
    min = 1,
    max = Number.MAX_SAFE_INTEGER,
  ): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(
        'CONFIG_INVALID',
        key,
        `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
    }
    return value as number;
  }

  mergeMode(value: unknown, key: string): MergeMode | undefined {
    if (value === undefined) return undefined;
    if (!MERGE_MODES.includes(value as MergeMode)) {
      this.fail(
        'CONFIG_INVALID',
        key,
        `must be one of ${MERGE_MODES.join(', ')}, got ${JSON.stringify(value)}`,
      );
    }
    return value as MergeMode;
  }

  objectConfig(value: unknown, key: string): ResolvedObjectConfig {
    const json = this.object(value, key);
    this.keys(json, key, [
      'name',
      'soupName',
      'children',
      'fields',
      'indexes',
      'syncDown',
      'syncUp',
    ]);
    const name = this.name(json.name, `${key}.name`);
    const glob = isGlob(name);
    const soupName = this.optionalString(json.soupName, `${key}.soupName`);
    if (soupName !== undefined) this.soupName(soupName, `${key}.soupName`);
    if (soupName !== undefined && glob) {
      this.fail(
        'CONFIG_INVALID',
        `${key}.soupName`,
        `cannot be set for the glob "${name}" (one soup per object)`,
      );
    }
    const children =
      json.children === undefined
        ? undefined
        : this.array(json.children, `${key}.children`).map((child, index) => {
            const relationship = this.optionalString(child, `${key}.children[${index}]`);
            if (relationship === undefined || !/^[A-Za-z][A-Za-z0-9_]*$/.test(relationship)) {
              this.fail(
                'CONFIG_INVALID',
                `${key}.children[${index}]`,
                `${JSON.stringify(child)} is not a child relationship name (e.g. "Contacts")`,
              );
            }
            return relationship as string;
          });
    if (children !== undefined && glob) {
      this.fail(
        'CONFIG_INVALID',
        `${key}.children`,
        `cannot be set for the glob "${name}" (name the parent object exactly)`,
      );
    }
    return {
      name,
      isGlob: glob,
      ...(soupName === undefined ? {} : { soupName }),
      ...(children === undefined ? {} : { children }),
      ...this.settings(json, key),
    };
  }

  settings(json: Json, key: string): ObjectSettings {
    const prefix = key === '' ? '' : `${key}.`;
    const out: {
      fields?: 'all' | readonly string[];
      indexes?: readonly IndexConfig[];
      syncDown?: SyncDownConfig | false;
      syncUp?: SyncUpConfig | false;
    } = {};
    if (json.fields !== undefined) {
      out.fields = json.fields === 'all' ? 'all' : this.fieldList(json.fields, `${prefix}fields`);
    }
    if (json.indexes !== undefined) {
      out.indexes = this.array(json.indexes, `${prefix}indexes`).map((entry, index) =>
        this.index(entry, `${prefix}indexes[${index}]`),
      );
    }
    if (json.syncDown !== undefined)
      out.syncDown = this.syncDown(json.syncDown, `${prefix}syncDown`);
    if (json.syncUp !== undefined) out.syncUp = this.syncUp(json.syncUp, `${prefix}syncUp`);
    return out;
  }

  fieldList(value: unknown, key: string): string[] {
    if (!Array.isArray(value)) {
      this.fail(
        'CONFIG_INVALID',
        key,
        `must be "all" or an array of field names and globs, got ${typeName(value)}`,
      );
    }
    return (value as unknown[]).map((item, index) => {
      const name = this.optionalString(item, `${key}[${index}]`);
      if (name === undefined || !/^!?[A-Za-z0-9_*?]+$/.test(name)) {
        this.fail(
          'CONFIG_INVALID',
          `${key}[${index}]`,
          `${JSON.stringify(item)} is not a field name or glob`,
        );
      }
      return name as string;
    });
  }

  index(value: unknown, key: string): IndexConfig {
    const json = this.object(value, key);
    this.keys(json, key, ['path', 'type']);
    const path = this.optionalString(json.path, `${key}.path`);
    if (path === undefined) this.fail('CONFIG_INVALID', `${key}.path`, 'is required');
    if (!INDEX_TYPES.includes(json.type as IndexType)) {
      this.fail(
        'CONFIG_INVALID',
        `${key}.type`,
        `must be one of ${INDEX_TYPES.join(', ')}, got ${JSON.stringify(json.type)}`,
      );
    }
    return { path: path as string, type: json.type as IndexType };
  }

  syncDown(value: unknown, key: string): SyncDownConfig | false {
    if (value === false) return false;
    const json = this.object(value, key);
    this.keys(json, key, ['where', 'orderBy', 'limit', 'mergeMode', 'maxBatchSize']);
    return stripUndefined({
      where: this.optionalString(json.where, `${key}.where`),
      orderBy: this.optionalString(json.orderBy, `${key}.orderBy`),
      limit: this.positiveInteger(json.limit, `${key}.limit`),
      mergeMode: this.mergeMode(json.mergeMode, `${key}.mergeMode`),
      maxBatchSize: this.positiveInteger(json.maxBatchSize, `${key}.maxBatchSize`, 200, 2000),
    });
  }

  syncUp(value: unknown, key: string): SyncUpConfig | false {
    if (value === false) return false;
    const json = this.object(value, key);
    this.keys(json, key, ['mergeMode', 'externalIdField', 'maxBatchSize']);
    return stripUndefined({
      mergeMode: this.mergeMode(json.mergeMode, `${key}.mergeMode`),
      externalIdField: this.optionalString(json.externalIdField, `${key}.externalIdField`),
      maxBatchSize: this.positiveInteger(json.maxBatchSize, `${key}.maxBatchSize`, 1, 200),
    });
  }

  org(value: unknown, key: string): OrgConfig {
    const json = this.object(value, key);
    this.keys(json, key, ['alias', 'instanceUrl', 'apiVersion', 'concurrency']);
    return stripUndefined({
      alias: this.optionalString(json.alias, `${key}.alias`),
      instanceUrl: this.optionalString(json.instanceUrl, `${key}.instanceUrl`),
      apiVersion: this.optionalApiVersion(json.apiVersion, `${key}.apiVersion`),
      concurrency: this.positiveInteger(json.concurrency, `${key}.concurrency`, 1, 64),
    });
  }
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
