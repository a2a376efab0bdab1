/**
 * The check that two objects never produce the same exported name, soup name
 * or sync name, and that no object shadows a type the generated code uses.
 */
import { GeneratorError } from '../errors.js';
import type { SObjectModel } from './model.js';
import { GENERATED_CODE_TYPE_NAMES } from './naming.js';

/** Two objects must not produce the same exported name, soup name or sync name. */
export function checkNames(objects: readonly SObjectModel[]): void {
  const owners = new Map<string, string>();
  const claim = (what: string, name: string, owner: string) => {
    const key = `${what}:${name}`;
    const previous = owners.get(key);
    if (previous !== undefined && previous !== owner) {
      throw new GeneratorError(
        'GENERATE_NAME_COLLISION',
        `${previous} and ${owner} both produce the ${what} "${name}"`,
      );
    }
    owners.set(key, owner);
  };
  for (const object of objects) {
    if (GENERATED_CODE_TYPE_NAMES.has(object.recordTypeName)) {
      throw new GeneratorError(
        'GENERATE_NAME_COLLISION',
        `${object.name} would produce the type "${object.recordTypeName}", a name the generated code uses for its own types; leave the object out of the config`,
      );
    }
    const exported = [
      object.recordTypeName,
      object.createTypeName,
      object.updateTypeName,
      object.soup.constName,
      object.soup.bindFunctionName,
      object.soup.recordTypeName,
      object.soup.typedSoupTypeName,
      ...object.picklists.map((p) => p.typeName),
      ...object.dependentPicklists.map((p) => p.constName),
      ...(object.recordTypes === undefined
        ? []
        : [object.recordTypes.constName, object.recordTypes.typeName]),
      ...object.syncs.map((s) => s.constName),
    ];
    const seenInObject = new Set<string>();
    for (const name of exported) {
      if (seenInObject.has(name)) {
        throw new GeneratorError(
          'GENERATE_NAME_COLLISION',
          `${object.name} produces the name "${name}" twice`,
        );
      }
      seenInObject.add(name);
      claim('exported name', name, object.name);
    }
    claim('soup name', object.soup.soupName, object.name);
    for (const sync of object.syncs) claim('sync name', sync.syncName, object.name);
  }
}
