/**
 * Describes + config → model. Pure: no file system, no printing. The stages,
 * one module each: which objects and with which settings (`select-objects`),
 * each object's fields and types (`build-object`), its soup (`build-soup`),
 * its syncs and families (`build-syncs`), then the name check (`check-names`).
 *
 * The stages are exported apart too (`planModel`, `buildObject`, `finishModel`):
 * the parallel renderer runs the per-object one in worker threads and the
 * cross-object ones here, in the same order, so its model is this one.
 */
import type { GeneratorConfig } from '../config/config.js';
import type { SObjectDescribe } from '../describe/describe.js';
import { DescribeError, GeneratorError } from '../errors.js';
import { buildObject } from './build-object.js';
import {
  checkSyncIndexes,
  type FamilyLink,
  familyChildLinks,
  familyLinks,
  withFamilies,
} from './build-syncs.js';
import { checkNames } from './check-names.js';
import type { ProjectModel, SObjectModel } from './model.js';
import { type ObjectPlan, planObject, selectObjectNames } from './select-objects.js';

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
  const byName = describesByName(describes);
  const plan = planModel(config, byName);
  const built = plan.plans.map((objectPlan) =>
    buildObject(
      objectPlan,
      byName.get(objectPlan.name) as SObjectDescribe,
      plan.generated,
      plan.parentIdFields.get(objectPlan.name) ?? new Set(),
    ),
  );
  return finishModel(config, plan, built);
}

/** What a describe contributes to the cross-object stages: its name, origin and child relationships. */
export type DescribeHead = Pick<SObjectDescribe, 'name' | 'origin' | 'childRelationships'>;

/** @internal The describes by name; an object described twice is an error. */
export function describesByName<T extends DescribeHead>(describes: readonly T[]): Map<string, T> {
  const byName = new Map<string, T>();
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
  return byName;
}

/** The cross-object facts every object's build needs, known before any is built. */
export interface ModelPlan {
  /** One plan per generated object, in generation order. */
  readonly plans: readonly ObjectPlan[];
  readonly generated: ReadonlySet<string>;
  readonly links: readonly FamilyLink[];
  /** By child object: the fields holding a family parent's id. */
  readonly parentIdFields: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * @internal The objects to generate, their plans and family links. Only the
 * child relationships of objects with `children` entries are read.
 */
export function planModel(
  config: GeneratorConfig,
  byName: ReadonlyMap<string, DescribeHead>,
): ModelPlan {
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
  return { plans, generated, links, parentIdFields };
}

/**
 * @internal The model from the built objects (in plan order): family syncs,
 * then the index and name checks. Reads an object's `fields` only when a
 * family link names it (as parent or child).
 */
export function finishModel(
  config: GeneratorConfig,
  plan: ModelPlan,
  built: readonly SObjectModel[],
): ProjectModel {
  const objects = built.map((object) => withFamilies(object, built, plan.links));
  const childLinks = familyChildLinks(objects);
  plan.plans.forEach((objectPlan, i) => {
    checkSyncIndexes(objects[i] as SObjectModel, objectPlan, childLinks.get(objectPlan.name) ?? []);
  });
  checkNames(objects);
  return { apiVersion: config.apiVersion, objects };
}
