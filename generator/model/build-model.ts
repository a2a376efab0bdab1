/**
 * Describes + config → model. Pure: no file system, no printing. The stages,
 * one module each: which objects and with which settings (`select-objects`),
 * each object's fields and types (`build-object`), its soup (`build-soup`),
 * its syncs and families (`build-syncs`), then the name check (`check-names`).
 */
import type { GeneratorConfig } from '../config/config.js';
import type { SObjectDescribe } from '../describe/describe.js';
import { DescribeError, GeneratorError } from '../errors.js';
import { buildObject } from './build-object.js';
import { checkSyncIndexes, familyChildLinks, familyLinks, withFamilies } from './build-syncs.js';
import { checkNames } from './check-names.js';
import type { ProjectModel, SObjectModel } from './model.js';
import { planObject, selectObjectNames } from './select-objects.js';

/**
 * Builds the model of a generation. `describes` may hold more objects than the
 * config selects; the others are ignored.
 *
 * @example
 * const describes = (await source.describe(['Account'])).map(parseDescribe);
 * const model = buildModel(config, describes);
 * model.objects[0]?.soup.indexSpecs; // [{ path: 'Id', type: 'string' }, ...]
 */
export function buildModel(
  config: GeneratorConfig,
  describes: readonly SObjectDescribe[],
): ProjectModel {
  const byName = new Map<string, SObjectDescribe>();
  for (const describe of describes) {
    const previous = byName.get(describe.name);
    if (previous !== undefined) {
      throw new DescribeError(
        'DESCRIBE_DUPLICATE',
        `${describe.name} is described twice (also in ${previous.origin})`,
        {
          origin: describe.origin,
          objectName: describe.name,
        },
      );
    }
    byName.set(describe.name, describe);
  }
  const names = byName.size === 0 ? [] : selectObjectNames(config, [...byName.keys()]);
  if (names.length === 0) {
    throw new GeneratorError(
      'GENERATE_NO_OBJECTS',
      'the config selects no object of the describes given',
    );
  }
  const generated = new Set(names);
  const plans = names.map((name) => planObject(config, name));
  const links = familyLinks(plans, byName, generated);
  const parentIdFields = new Map<string, Set<string>>();
  for (const link of links) {
    const fields = parentIdFields.get(link.relationship.childSObject) ?? new Set<string>();
    fields.add(link.relationship.field);
    parentIdFields.set(link.relationship.childSObject, fields);
  }
  const built = plans.map((plan) =>
    buildObject(
      plan,
      byName.get(plan.name) as SObjectDescribe,
      generated,
      parentIdFields.get(plan.name) ?? new Set(),
    ),
  );
  const objects = built.map((object) => withFamilies(object, built, links));
  const childLinks = familyChildLinks(objects);
  plans.forEach((plan, i) => {
    checkSyncIndexes(objects[i] as SObjectModel, plan, childLinks.get(plan.name) ?? []);
  });
  checkNames(objects);
  return { apiVersion: config.apiVersion, objects };
}
