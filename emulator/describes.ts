/**
 * The describes the emulator serves: loaded once at start from a directory of
 * `<Name>.describe.json` files or from objects passed in, keyed case-insensitively
 * by sObject name (the platform accepts `/sobjects/account/describe` too).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmulatorError } from './errors.js';
import { userDescribe } from './org/user-describe.js';

/** One served describe. */
export interface ServedDescribe {
  readonly name: string;
  /** Where it came from, for error messages: a file path or `options.describes[3]`. */
  readonly origin: string;
  readonly value: Readonly<Record<string, unknown>>;
  /** The JSON text served for `/sobjects/{T}/describe`. */
  readonly body: string;
}

/** What `startEmulator({ describes })` accepts: a directory or describe objects. */
export type DescribesInput = string | readonly unknown[];

/** Keys of a describe that also appear in its describeGlobal entry, in the platform's order. */
const GLOBAL_KEYS = [
  'activateable',
  'associateEntityType',
  'associateParentEntity',
  'createable',
  'custom',
  'customSetting',
  'deepCloneable',
  'deletable',
  'deprecatedAndHidden',
  'feedEnabled',
  'hasSubtypes',
  'isInterface',
  'isSubtype',
  'keyPrefix',
  'label',
  'labelPlural',
  'layoutable',
  'mergeable',
  'mruEnabled',
  'name',
  'queryable',
  'replicateable',
  'retrieveable',
  'searchable',
  'triggerable',
  'undeletable',
  'updateable',
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A global describe (`{ sobjects: [...] }`) found among the files; it is not an sObject. */
function isGlobalDescribe(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.sobjects) && !Array.isArray(value.fields);
}

function toServed(value: unknown, origin: string): ServedDescribe {
  if (!isRecord(value)) {
    throw new EmulatorError('EMULATOR_BAD_DESCRIBE', `${origin}: a describe must be a JSON object`);
  }
  if (typeof value.name !== 'string' || value.name.length === 0) {
    throw new EmulatorError('EMULATOR_BAD_DESCRIBE', `${origin}: the describe has no "name"`);
  }
  if (!Array.isArray(value.fields)) {
    throw new EmulatorError(
      'EMULATOR_BAD_DESCRIBE',
      `${origin}: describe of ${value.name} has no "fields" array`,
    );
  }
  return { name: value.name, origin, value, body: JSON.stringify(value) };
}

async function loadDirectory(dir: string): Promise<ServedDescribe[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter((entry) => entry.endsWith('.json')).sort();
  } catch (cause) {
    throw new EmulatorError(
      'EMULATOR_DESCRIBES_NOT_FOUND',
      `describes directory ${dir} cannot be read`,
      { cause },
    );
  }
  const served: ServedDescribe[] = [];
  for (const entry of entries) {
    const path = join(dir, entry);
    const text = await readFile(path, 'utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new EmulatorError('EMULATOR_BAD_DESCRIBE', `${path}: not valid JSON (${reason})`, {
        cause,
      });
    }
    if (isGlobalDescribe(value)) continue;
    served.push(toServed(value, path));
  }
  return served;
}

/**
 * The served describes, by lower-cased name.
 *
 * @example
 * const catalog = await DescribeCatalog.load('samples/describes');
 * catalog.get('account')?.name; // 'Account'
 */
export class DescribeCatalog {
  readonly #byName = new Map<string, ServedDescribe>();
  /** Sorted by name, as describeGlobal lists them. */
  readonly #sorted: readonly ServedDescribe[];

  private constructor(describes: readonly ServedDescribe[]) {
    for (const describe of describes) {
      const key = describe.name.toLowerCase();
      const previous = this.#byName.get(key);
      if (previous) {
        throw new EmulatorError(
          'EMULATOR_DUPLICATE_DESCRIBE',
          `${describe.origin}: ${describe.name} is already described by ${previous.origin}`,
        );
      }
      this.#byName.set(key, describe);
    }
    this.#sorted = [...this.#byName.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  /**
   * Loads from a directory (every `*.json` except a global describe) or from
   * objects, adding the shipped `User` describe when none of them is `User`
   * (the running user's record needs its type).
   */
  static async load(input: DescribesInput): Promise<DescribeCatalog> {
    const loaded =
      typeof input === 'string'
        ? await loadDirectory(input)
        : input.map((value, index) => toServed(value, `options.describes[${index}]`));
    if (loaded.some((d) => d.name.toLowerCase() === 'user')) return new DescribeCatalog(loaded);
    return new DescribeCatalog([
      ...loaded,
      toServed(userDescribe(), 'the emulator (built-in User)'),
    ]);
  }

  get(name: string): ServedDescribe | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  /** Served describes sorted by name, as describeGlobal lists them. */
  all(): readonly ServedDescribe[] {
    return this.#sorted;
  }

  /** The describeGlobal entry of one describe, with `urls` for the requested API version. */
  globalEntry(describe: ServedDescribe, version: string): Record<string, unknown> {
    const entry: Record<string, unknown> = {};
    for (const key of GLOBAL_KEYS) {
      if (key in describe.value) entry[key] = describe.value[key];
    }
    const base = `/services/data/${version}/sobjects/${describe.name}`;
    entry.urls = {
      rowTemplate: `${base}/{ID}`,
      defaultValues: `${base}/defaultValues?recordTypeId&fields`,
      describe: `${base}/describe`,
      sobject: base,
    };
    return entry;
  }
}
