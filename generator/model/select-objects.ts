/**
 * Which objects a generation covers and with which settings: the config's
 * names and globs against the names a source offers, then per object the
 * merge of `defaults`, the matching globs and its own entry.
 */
import { SYNCS_SOUP } from '../../runtime/sync/contracts/constants.js';
import {
  type GeneratorConfig,
  type IndexConfig,
  type ResolvedObjectConfig,
  reservedSoupMessage,
  type SyncDownConfig,
  type SyncUpConfig,
} from '../config/config.js';
import { ConfigError, GeneratorError } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { globMatch } from './glob.js';
import { compareText, defaultSoupName } from './naming.js';

/** Settings of one object after merging `defaults`, matching globs and its own entry. */
export interface ObjectPlan {
  readonly name: string;
  readonly soupName: string;
  readonly fields: 'all' | readonly string[];
  readonly fieldsKey: string;
  /** Whether a listed field the object lacks is an error (only for an object's own entry). */
  readonly fieldsStrict: boolean;
  readonly indexes: readonly (IndexConfig & { readonly key: string })[];
  readonly syncDown: SyncDownConfig | false;
  readonly syncUp: SyncUpConfig | false;
  readonly syncUpKey: string;
  /** The child relationships synced as families, with the config key naming each. */
  readonly children: readonly { readonly relationship: string; readonly key: string }[];
}

/**
 * The object names to generate, from the names a source offers. Exact names
 * in `objects` must be available (a near miss gets a "did you mean"); each glob
 * must select at least one object; globs skip `excludeObjects`. `where` names
 * the offer in messages, e.g. a source's `description` ("describes in describes/").
 *
 * @example
 * selectObjectNames(config, ['Account', 'AccountHistory', 'Contact']);
 * // with objects: ['*'] → ['Account', 'Contact']
 */
export function selectObjectNames(
  config: GeneratorConfig,
  available: readonly string[],
  where = 'describes given',
): string[] {
  if (available.length === 0) throw noDescribes(where);
  const availableSet = new Set(available);
  config.objects.forEach((entry, index) => {
    if (!entry.isGlob && !availableSet.has(entry.name)) {
      throw unknownObject(entry.name, index, available, where);
    }
  });
  const selected = available.filter((name) => matchingEntries(config, name).length > 0);
  config.objects.forEach((entry, index) => {
    if (entry.isGlob && !selected.some((name) => isSelectedBy(config, entry, name))) {
      throw new ConfigError(
        'CONFIG_UNKNOWN_OBJECT',
        `"objects[${index}]": "${entry.name}" matches none of the ${where}${config.excludeObjects.length > 0 ? ' (excludeObjects left out)' : ''}`,
        { key: `objects[${index}]` },
      );
    }
  });
  return [...new Set(selected)].sort(compareText);
}

/**
 * @internal The error of an exact object name the source does not offer, with
 * the closest name it does offer.
 */
export function unknownObject(
  name: string,
  index: number,
  available: readonly string[],
  where: string,
): ConfigError {
  return new ConfigError(
    'CONFIG_UNKNOWN_OBJECT',
    `"objects[${index}]": no describe for "${name}" among the ${where}${didYouMean(name, available)}`,
    { key: `objects[${index}]` },
  );
}

/** @internal A source with nothing to describe, with the ways to get describes. */
export function noDescribes(where: string): GeneratorError {
  return new GeneratorError(
    'GENERATE_NO_OBJECTS',
    `there are no ${where}: run "soupkit init" for a project with sample describes, point --describes at a folder of <Name>.describe.json files, or read them from an org with --org`,
  );
}

function isSelectedBy(config: GeneratorConfig, entry: ResolvedObjectConfig, name: string): boolean {
  return (
    globMatch(entry.name, name) &&
    !config.excludeObjects.some((pattern) => globMatch(pattern, name))
  );
}

function matchingEntries(
  config: GeneratorConfig,
  name: string,
): { entry: ResolvedObjectConfig; index: number }[] {
  const out: { entry: ResolvedObjectConfig; index: number }[] = [];
  const excluded = config.excludeObjects.some((pattern) => globMatch(pattern, name));
  config.objects.forEach((entry, index) => {
    if (entry.isGlob ? !excluded && globMatch(entry.name, name) : entry.name === name)
      out.push({ entry, index });
  });
  return out;
}

export function planObject(config: GeneratorConfig, name: string): ObjectPlan {
  // Globs first (in order), then the exact entry, so the exact entry wins.
  const entries = matchingEntries(config, name).sort(
    (a, b) => Number(!a.entry.isGlob) - Number(!b.entry.isGlob) || a.index - b.index,
  );
  let fields = config.defaults.fields;
  let fieldsKey = 'defaults.fields';
  let fieldsStrict = false;
  let soupName = defaultSoupName(name);
  let soupNameKey = `objects[${entries[0]?.index ?? 0}]`;
  let syncDown: SyncDownConfig | false = config.defaults.syncDown ?? {};
  let syncUp: SyncUpConfig | false = config.defaults.syncUp ?? {};
  let syncUpKey = 'defaults.syncUp';
  let children: { relationship: string; key: string }[] = [];
  const indexes = (config.defaults.indexes ?? []).map((index, i) => ({
    ...index,
    key: `defaults.indexes[${i}]`,
  }));
  for (const { entry, index } of entries) {
    const key = `objects[${index}]`;
    if (entry.fields !== undefined) {
      fields = entry.fields;
      fieldsKey = `${key}.fields`;
      fieldsStrict = !entry.isGlob;
    }
    if (entry.soupName !== undefined) {
      soupName = entry.soupName;
      soupNameKey = `${key}.soupName`;
    }
    if (entry.children !== undefined) {
      children = entry.children.map((relationship, i) => ({
        relationship,
        key: `${key}.children[${i}]`,
      }));
    }
    if (entry.syncDown !== undefined) {
      syncDown =
        entry.syncDown === false || syncDown === false
          ? entry.syncDown
          : { ...syncDown, ...entry.syncDown };
    }
    if (entry.syncUp !== undefined) {
      syncUp =
        entry.syncUp === false || syncUp === false ? entry.syncUp : { ...syncUp, ...entry.syncUp };
      syncUpKey = `${key}.syncUp`;
    }
    (entry.indexes ?? []).forEach((spec, i) => {
      indexes.push({ ...spec, key: `${key}.indexes[${i}]` });
    });
  }
  if (soupName === SYNCS_SOUP) {
    throw new ConfigError('CONFIG_RESERVED_NAME', `"${soupNameKey}": ${reservedSoupMessage}`, {
      key: soupNameKey,
    });
  }
  return {
    name,
    soupName,
    fields,
    fieldsKey,
    fieldsStrict,
    indexes,
    syncDown,
    syncUp,
    syncUpKey,
    children,
  };
}
