/**
 * Describes + config → model. Pure: no file system, no printing. Decides which
 * objects and fields are generated, maps every field type, and derives each
 * soup's index specs and each object's sync configs.
 */

import { assertNever, closestName } from '../../runtime/errors.js';
import type { IndexSpec, IndexType } from '../../runtime/store/specs.js';
import { LOCAL, SYNC_ID, SYNC_PATHS } from '../../runtime/sync/constants.js';
import type {
  GeneratorConfig,
  IndexConfig,
  ResolvedObjectConfig,
  SyncDownConfig,
  SyncUpConfig,
} from '../config/config.js';
import type {
  ChildRelationshipDescribe,
  FieldDescribe,
  SObjectDescribe,
} from '../describe/describe.js';
import { ConfigError, DescribeError, GeneratorError } from '../errors.js';
import { fieldTsType, fieldTypeMapping } from './field-type-map.js';
import { globMatch, isGlob } from './glob.js';
import type {
  ChildRelationshipModel,
  DependentPicklistModel,
  FieldModel,
  PicklistModel,
  ProjectModel,
  RecordTypesModel,
  ReferenceModel,
  SObjectModel,
  SoupModel,
  SyncFunctionModel,
  SyncModel,
} from './model.js';
import {
  bindSoupFunctionName,
  compareText,
  createTypeName,
  defaultSoupName,
  dependentPicklistConstName,
  familySyncConstName,
  familySyncName,
  GENERATED_CODE_TYPE_NAMES,
  outputPaths,
  picklistTypeName,
  recordTypeName,
  recordTypeNames,
  soupConstName,
  soupRecordTypeName,
  stringLiteral,
  syncConstName,
  syncFunctionName,
  syncName,
  typedSoupTypeName,
  updateTypeName,
} from './naming.js';

const META_PATHS = new Set<string>([...SYNC_PATHS, '_soupEntryId', '_soupLastModifiedDate']);
const ALWAYS_KEPT_FIELDS = ['Id', 'LastModifiedDate'];

/** Settings of one object after merging `defaults`, matching globs and its own entry. */
interface ObjectPlan {
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

/** A parent and child relationship synced as families (an object's `children` entry). */
interface FamilyLink {
  readonly parent: string;
  readonly relationship: ChildRelationshipDescribe;
  readonly key: string;
}

/**
 * The object names to generate, from the names a source offers. Exact names
 * in `objects` must be available; globs skip `excludeObjects`.
 *
 * @example
 * selectObjectNames(config, ['Account', 'AccountHistory', 'Contact']);
 * // with objects: ['*'] → ['Account', 'Contact']
 */
export function selectObjectNames(config: GeneratorConfig, available: readonly string[]): string[] {
  const availableSet = new Set(available);
  config.objects.forEach((entry, index) => {
    if (!entry.isGlob && !availableSet.has(entry.name)) {
      throw new ConfigError(
        'CONFIG_UNKNOWN_OBJECT',
        `"objects[${index}]": no describe for "${entry.name}"`,
        {
          key: `objects[${index}]`,
        },
      );
    }
  });
  const selected = available.filter((name) => matchingEntries(config, name).length > 0);
  return [...new Set(selected)].sort(compareText);
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

function planObject(config: GeneratorConfig, name: string): ObjectPlan {
  // Globs first (in order), then the exact entry, so the exact entry wins.
  const entries = matchingEntries(config, name).sort(
    (a, b) => Number(!a.entry.isGlob) - Number(!b.entry.isGlob) || a.index - b.index,
  );
  let fields = config.defaults.fields;
  let fieldsKey = 'defaults.fields';
  let fieldsStrict = false;
  let soupName = defaultSoupName(name);
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
    if (entry.soupName !== undefined) soupName = entry.soupName;
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

/**
 * Builds the model of a generation. `describes` may hold more objects than the
 * config selects; the others are ignored.
 *
 * @example
 * const model = buildModel(config, [parseDescribe(raw)]);
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
  const names = selectObjectNames(config, [...byName.keys()]);
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
  for (const object of objects) checkSyncIndexes(object, objects, plans);
  checkNames(objects);
  return { apiVersion: config.apiVersion, objects };
}

/** The `children` entries of the plans, resolved against the parents' describes. */
function familyLinks(
  plans: readonly ObjectPlan[],
  describes: ReadonlyMap<string, SObjectDescribe>,
  generated: ReadonlySet<string>,
): FamilyLink[] {
  return plans.flatMap((plan) =>
    plan.children.map(({ relationship, key }) => {
      const describe = describes.get(plan.name) as SObjectDescribe;
      const found = describe.childRelationships.find((r) => r.relationshipName === relationship);
      if (found === undefined) {
        const hint = closestName(
          relationship,
          describe.childRelationships.map((r) => r.relationshipName),
        );
        throw new ConfigError(
          'CONFIG_UNKNOWN_RELATIONSHIP',
          `"${key}": ${plan.name} has no child relationship "${relationship}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`} (in ${describe.origin})`,
          { key },
        );
      }
      if (!generated.has(found.childSObject)) {
        throw new ConfigError(
          'CONFIG_UNKNOWN_RELATIONSHIP',
          `"${key}": ${relationship} are ${found.childSObject} records, which the config does not generate (add "${found.childSObject}" to objects)`,
          { key },
        );
      }
      return { parent: plan.name, relationship: found, key };
    }),
  );
}

/** The object with its family syncs and the typed functions of all its syncs. */
function withFamilies(
  object: SObjectModel,
  objects: readonly SObjectModel[],
  links: readonly FamilyLink[],
): SObjectModel {
  const own = object.syncs;
  const ownDown = own.find((s) => s.kind === 'syncDown');
  const ownUp = own.find((s) => s.kind === 'syncUp');
  const families: SyncModel[] = [];
  for (const link of links.filter((l) => l.parent === object.name)) {
    const child = objects.find((o) => o.name === link.relationship.childSObject) as SObjectModel;
    const relationshipName = link.relationship.relationshipName;
    const children = {
      sobjectType: child.name,
      sobjectTypePlural: relationshipName,
      soupName: child.soup.soupName,
      parentIdFieldName: link.relationship.field,
    };
    const relationshipType = link.relationship.cascadeDelete ? 'MASTER_DETAIL' : 'LOOKUP';
    const childDown = child.syncs.find((s) => s.kind === 'syncDown');
    const childUp = child.syncs.find((s) => s.kind === 'syncUp');
    if (ownDown?.kind === 'syncDown' && childDown?.kind === 'syncDown') {
      families.push({
        kind: 'familySyncDown',
        syncName: familySyncName('syncDown', object.soup.soupName, relationshipName),
        constName: familySyncConstName(object.name, relationshipName, 'syncDown'),
        soupName: object.soup.soupName,
        parentType: object.name,
        parentFieldlist: object.fields.filter((f) => f.selectable).map((f) => f.name),
        parentSoqlFilter: ownDown.where ?? '',
        children,
        childrenFieldlist: child.fields.filter((f) => f.selectable).map((f) => f.name),
        relationshipType,
        mergeMode: ownDown.mergeMode,
      });
    }
    if (ownUp?.kind === 'syncUp' && childUp?.kind === 'syncUp') {
      families.push({
        kind: 'familySyncUp',
        syncName: familySyncName('syncUp', object.soup.soupName, relationshipName),
        constName: familySyncConstName(object.name, relationshipName, 'syncUp'),
        soupName: object.soup.soupName,
        parentType: object.name,
        children,
        createFieldlist: ownUp.createFieldlist,
        updateFieldlist: ownUp.updateFieldlist,
        childrenCreateFieldlist: childUp.createFieldlist,
        childrenUpdateFieldlist: childUp.updateFieldlist,
        relationshipType,
        mergeMode: ownUp.mergeMode,
      });
    }
  }
  const syncs = [...own, ...families];
  return { ...object, syncs, syncFunctions: syncFunctionsOf(object.name, syncs) };
}

function syncFunctionsOf(objectName: string, syncs: readonly SyncModel[]): SyncFunctionModel[] {
  return syncs.flatMap((sync): SyncFunctionModel[] => {
    const base = { syncName: sync.syncName, constName: sync.constName };
    switch (sync.kind) {
      case 'syncDown':
        return [
          { ...base, kind: 'run', name: syncFunctionName('syncDown', objectName) },
          { ...base, kind: 'reSync', name: syncFunctionName('reSync', objectName) },
        ];
      case 'syncUp':
        return [{ ...base, kind: 'run', name: syncFunctionName('syncUp', objectName) }];
      case 'familySyncDown':
        return [
          {
            ...base,
            kind: 'run',
            name: syncFunctionName('syncDown', objectName, sync.children.sobjectTypePlural),
          },
        ];
      case 'familySyncUp':
        return [
          {
            ...base,
            kind: 'run',
            name: syncFunctionName('syncUp', objectName, sync.children.sobjectTypePlural),
          },
        ];
      default:
        return assertNever(sync, 'sync kind');
    }
  });
}

/**
 * A synced soup must index what sync queries: its id, `__local__` (string),
 * `__sync_id__` (integer), the modification date, and in a children soup the
 * parent-id field. A config that changes one of them fails here, naming it.
 */
function checkSyncIndexes(
  object: SObjectModel,
  objects: readonly SObjectModel[],
  plans: readonly ObjectPlan[],
): void {
  if (object.syncs.length === 0) return;
  const plan = plans.find((p) => p.name === object.name) as ObjectPlan;
  const required: [string, IndexType | undefined, string][] = [
    ['Id', 'string', 'the record id'],
    [LOCAL, 'string', 'the dirty flag sync queries'],
    [SYNC_ID, 'integer', 'the sync id ghost cleaning filters on'],
    ['LastModifiedDate', undefined, 'the modification date'],
  ];
  for (const parent of objects) {
    for (const sync of parent.syncs) {
      if (
        (sync.kind === 'familySyncDown' || sync.kind === 'familySyncUp') &&
        sync.children.sobjectType === object.name
      ) {
        required.push([
          sync.children.parentIdFieldName,
          undefined,
          `the parent id of ${sync.syncName}`,
        ]);
      }
    }
  }
  for (const [path, type, what] of required) {
    const spec = object.soup.indexSpecs.find((s) => s.path === path);
    if (spec !== undefined && (type === undefined || spec.type === type)) continue;
    const configured = plan.indexes.find((i) => i.path === path);
    const key = configured?.key ?? `objects (${object.name})`;
    throw new ConfigError(
      'CONFIG_SYNC_INDEX_MISSING',
      spec === undefined
        ? `"${key}": soup ${object.soup.soupName} is synced but has no index on ${path} (${what})`
        : `"${key}": soup ${object.soup.soupName} is synced, so ${path} (${what}) must be indexed as ${type}, not ${spec.type}`,
      { key },
    );
  }
}

function buildObject(
  plan: ObjectPlan,
  describe: SObjectDescribe,
  generated: ReadonlySet<string>,
  parentIdFields: ReadonlySet<string>,
): SObjectModel {
  const chosen = chooseFields(plan, describe);
  // An address or location (BillingAddress) and its components (BillingCity, …)
  // hold the same data: sync down selects the components only, which sync up
  // writes. A compound name (Contact.Name) is kept: it is what lists show.
  const compoundTypes = new Map(chosen.map((field) => [field.name, field.type]));
  const componentsOf = new Map<string, string[]>();
  for (const field of chosen) {
    if (field.compoundFieldName === null) continue;
    const type = compoundTypes.get(field.compoundFieldName);
    if (type !== 'address' && type !== 'location') continue;
    componentsOf.set(field.compoundFieldName, [
      ...(componentsOf.get(field.compoundFieldName) ?? []),
      field.name,
    ]);
  }
  const fields = chosen.map((field) => {
    const built = buildField(describe.name, field, generated);
    const components = componentsOf.get(field.name) ?? [];
    return components.length === 0 ? built : { ...built, selectable: false, components };
  });
  const picklists = fields.flatMap((field) =>
    field.picklist === undefined ? [] : [field.picklist],
  );
  const soup = buildSoup(plan, describe, fields, parentIdFields);
  const dependentPicklists = fields.flatMap((field) => {
    const rule = dependentPicklistOf(describe, field, fields);
    return rule === undefined ? [] : [rule];
  });
  return {
    name: describe.name,
    label: describe.label,
    labelPlural: describe.labelPlural,
    custom: describe.custom,
    origin: describe.origin,
    recordTypeName: recordTypeName(describe.name),
    createTypeName: createTypeName(describe.name),
    updateTypeName: updateTypeName(describe.name),
    files: {
      sobject: outputPaths.sobject(describe.name),
      soup: outputPaths.soup(describe.name),
      syncs: outputPaths.syncs(describe.name),
    },
    fields,
    picklists,
    dependentPicklists,
    recordTypes: recordTypesOf(describe),
    childRelationships: childRelationshipsOf(describe, fields, generated),
    soup,
    syncs: buildSyncs(plan, describe, fields),
    syncFunctions: [],
  };
}

/**
 * The rule of a chosen picklist that has a controlling field, decoded from
 * `validFor`: bit i of the base64 bitmap, most significant bit first, stands
 * for the controller's i-th picklist value (all of them, in the describe's
 * order), or for a checkbox controller `false` (0) and `true` (1). Only active
 * values are listed. A controller of another type, or missing from the
 * describe, gives no rule.
 */
function dependentPicklistOf(
  describe: SObjectDescribe,
  field: FieldModel,
  chosen: readonly FieldModel[],
): DependentPicklistModel | undefined {
  const source = describe.fields.find((f) => f.name === field.name);
  const controllerName = source?.controllerName ?? null;
  if (source === undefined || controllerName === null || field.picklist === undefined) {
    return undefined;
  }
  const controller = describe.fields.find((f) => f.name === controllerName);
  if (controller === undefined) return undefined;
  let controllerValues: { value: string; active: boolean }[];
  let controllerType: string;
  if (controller.type === 'boolean') {
    controllerValues = [
      { value: 'false', active: true },
      { value: 'true', active: true },
    ];
    controllerType = 'boolean';
  } else if (controller.type === 'picklist') {
    controllerValues = [...controller.picklistValues];
    const active = controllerValues.filter((v) => v.active).map((v) => stringLiteral(v.value));
    // The controller's union alias is emitted only when the controller is chosen too.
    const alias = chosen.find((f) => f.name === controllerName)?.picklist?.typeName;
    controllerType = alias ?? ([...new Set(active)].join(' | ') || 'never');
  } else {
    return undefined;
  }
  const bitmaps = source.picklistValues
    .filter((value) => value.active)
    .map((value) => ({ value: value.value, bits: Buffer.from(value.validFor ?? '', 'base64') }));
  const allowed: { controllerValue: string; values: string[] }[] = [];
  controllerValues.forEach((controllerValue, index) => {
    if (!controllerValue.active) return;
    if (allowed.some((entry) => entry.controllerValue === controllerValue.value)) return;
    const mask = 0x80 >> (index % 8);
    const values = bitmaps
      .filter(({ bits }) => ((bits[Math.floor(index / 8)] ?? 0) & mask) !== 0)
      .map(({ value }) => value);
    allowed.push({ controllerValue: controllerValue.value, values: [...new Set(values)] });
  });
  return {
    constName: dependentPicklistConstName(describe.name, field.name),
    fieldName: field.name,
    valuesTypeName: field.picklist.typeName,
    controllerName,
    controllerType,
    allowed,
  };
}

/** The object's record types; a developer name given twice keeps its first id in the map. */
function recordTypesOf(describe: SObjectDescribe): RecordTypesModel | undefined {
  if (describe.recordTypes.length === 0) return undefined;
  const ids: { developerName: string; id: string }[] = [];
  for (const type of describe.recordTypes) {
    if (!ids.some((entry) => entry.developerName === type.developerName))
      ids.push({ developerName: type.developerName, id: type.recordTypeId });
  }
  return {
    ...recordTypeNames(describe.name),
    ids,
    all: describe.recordTypes.map((type) => ({
      developerName: type.developerName,
      id: type.recordTypeId,
      name: type.name,
      active: type.active,
      master: type.master,
    })),
  };
}

/**
 * The child relationships to generated objects, by name; one whose name is
 * already a field or a parent relationship of the record is left out (it could
 * not be a property of the read shape too).
 */
function childRelationshipsOf(
  describe: SObjectDescribe,
  fields: readonly FieldModel[],
  generated: ReadonlySet<string>,
): ChildRelationshipModel[] {
  const taken = new Set(
    fields.flatMap((f) => [
      f.name,
      ...(f.reference?.relationshipName ? [f.reference.relationshipName] : []),
    ]),
  );
  const seen = new Set<string>();
  return describe.childRelationships
    .filter((r) => generated.has(r.childSObject) && !taken.has(r.relationshipName))
    .filter((r) => !seen.has(r.relationshipName) && seen.add(r.relationshipName))
    .map((r) => ({
      relationshipName: r.relationshipName,
      childObject: r.childSObject,
      childTypeName: recordTypeName(r.childSObject),
      childFile: outputPaths.sobject(r.childSObject),
      field: r.field,
    }))
    .sort((a, b) => compareText(a.relationshipName, b.relationshipName));
}

/** Id first, then by API name (code-unit order, the same on every machine). */
function compareFieldNames(a: string, b: string): number {
  if (a === 'Id' || b === 'Id') return a === b ? 0 : a === 'Id' ? -1 : 1;
  return compareText(a, b);
}

function chooseFields(plan: ObjectPlan, describe: SObjectDescribe): FieldDescribe[] {
  let chosen: FieldDescribe[];
  if (plan.fields === 'all') {
    chosen = [...describe.fields];
  } else {
    const includes = plan.fields.filter((p) => !p.startsWith('!'));
    const excludes = plan.fields.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    plan.fields.forEach((pattern, index) => {
      const name = pattern.replace(/^!/, '');
      if (plan.fieldsStrict && !isGlob(name) && !describe.fields.some((f) => f.name === name)) {
        throw new ConfigError(
          'CONFIG_UNKNOWN_FIELD',
          `"${plan.fieldsKey}[${index}]": ${describe.name} has no field "${name}" (in ${describe.origin})`,
          { key: `${plan.fieldsKey}[${index}]` },
        );
      }
    });
    chosen = describe.fields.filter(
      (field) =>
        ALWAYS_KEPT_FIELDS.includes(field.name) ||
        ((includes.length === 0 || includes.some((p) => globMatch(p, field.name))) &&
          !excludes.some((p) => globMatch(p, field.name))),
    );
  }
  return chosen.sort((a, b) => compareFieldNames(a.name, b.name));
}

function buildField(
  objectName: string,
  field: FieldDescribe,
  generated: ReadonlySet<string>,
): FieldModel {
  const aliasName = picklistTypeName(objectName, field.name);
  const tsType = fieldTsType(field.type, aliasName);
  let picklist: PicklistModel | undefined;
  if (tsType.kind === 'picklist' || tsType.kind === 'multipicklist') {
    const seen = new Set<string>();
    picklist = {
      typeName: aliasName,
      fieldName: field.name,
      values: field.picklistValues.filter((v) => !seen.has(v.value) && seen.add(v.value)),
      open: field.type === 'combobox' || !field.restrictedPicklist,
    };
  }
  let reference: ReferenceModel | undefined;
  if (field.type === 'reference' && field.referenceTo.length > 0) {
    const targets = [...new Set(field.referenceTo)].sort(compareText).map((target) => ({
      objectName: target,
      generated: generated.has(target),
      typeName: recordTypeName(target),
      filePath: outputPaths.sobject(target),
    }));
    reference = {
      relationshipName: field.relationshipName,
      targets,
      polymorphic: field.polymorphicForeignKey || targets.length > 1,
    };
  }
  return {
    name: field.name,
    label: field.label,
    helpText: field.inlineHelpText,
    salesforceType: field.type,
    tsType,
    selectable: fieldTypeMapping(field.type)?.selectable ?? true,
    components: [],
    nillable: field.nillable,
    createable: field.createable,
    updateable: field.updateable,
    requiredOnCreate: field.createable && !field.nillable && !field.defaultedOnCreate,
    defaultedOnCreate: field.defaultedOnCreate,
    calculated: field.calculated,
    autoNumber: field.autoNumber,
    externalId: field.externalId,
    nameField: field.nameField,
    unique: field.unique,
    length: field.length,
    precision: field.precision,
    scale: field.scale,
    picklist,
    reference,
  };
}

function indexTypeOf(field: FieldModel): IndexType {
  return fieldTypeMapping(field.salesforceType)?.indexType ?? 'json1';
}

function buildSoup(
  plan: ObjectPlan,
  describe: SObjectDescribe,
  fields: readonly FieldModel[],
  parentIdFields: ReadonlySet<string>,
): SoupModel {
  const specs = new Map<string, IndexType>();
  const add = (path: string, type: IndexType) => {
    if (!specs.has(path)) specs.set(path, type);
  };
  const byName = new Map(fields.map((f) => [f.name, f]));
  const relationshipNames = new Set(
    fields.flatMap((f) => (f.reference?.relationshipName ? [f.reference.relationshipName] : [])),
  );
  if (byName.has('Id')) add('Id', 'string');
  for (const field of fields) if (field.nameField) add(field.name, indexTypeOf(field));
  for (const field of fields) if (field.externalId) add(field.name, indexTypeOf(field));
  if (byName.has('LastModifiedDate')) add('LastModifiedDate', 'string');
  // A children soup of a family sync is joined on its parent-id field.
  for (const field of [...parentIdFields].sort(compareText)) {
    if (!byName.has(field)) {
      throw new ConfigError(
        'CONFIG_SYNC_INDEX_MISSING',
        `"${plan.fieldsKey}": ${field} links ${describe.name} to its parent in a family sync, so it must be a chosen field`,
        { key: plan.fieldsKey },
      );
    }
    add(field, 'string');
  }
  const configured = new Set<string>();
  for (const spec of plan.indexes) {
    const head = spec.path.split('.')[0] ?? '';
    if (!byName.has(head) && !relationshipNames.has(head) && !META_PATHS.has(spec.path)) {
      throw new ConfigError(
        'CONFIG_UNKNOWN_INDEX_PATH',
        `"${spec.key}.path": "${spec.path}" is not a chosen field of ${describe.name}`,
        { key: `${spec.key}.path` },
      );
    }
    if (configured.has(spec.path)) {
      throw new ConfigError('CONFIG_DUPLICATE', `"${spec.key}": "${spec.path}" is indexed twice`, {
        key: spec.key,
      });
    }
    configured.add(spec.path);
    specs.set(spec.path, spec.type);
  }
  add(LOCAL, 'string');
  add(SYNC_ID, 'integer');
  const indexSpecs: IndexSpec[] = [...specs].map(([path, type]) => ({ path, type }));
  return {
    soupName: plan.soupName,
    constName: soupConstName(describe.name),
    bindFunctionName: bindSoupFunctionName(describe.name),
    recordTypeName: soupRecordTypeName(describe.name),
    typedSoupTypeName: typedSoupTypeName(describe.name),
    indexSpecs,
  };
}

function buildSyncs(
  plan: ObjectPlan,
  describe: SObjectDescribe,
  fields: readonly FieldModel[],
): SyncModel[] {
  const syncs: SyncModel[] = [];
  const soupName = plan.soupName;
  // Mobile Sync tracks changes by LastModifiedDate: without it neither sync works.
  if (!describe.fields.some((f) => f.name === 'LastModifiedDate')) return syncs;
  if (plan.syncDown !== false && describe.queryable) {
    const down = plan.syncDown;
    const selected = fields.filter((f) => f.selectable).map((f) => f.name);
    let query = `SELECT ${selected.join(', ')} FROM ${describe.name}`;
    if (down.where !== undefined) query += ` WHERE ${down.where}`;
    if (down.orderBy !== undefined) query += ` ORDER BY ${down.orderBy}`;
    if (down.limit !== undefined) query += ` LIMIT ${down.limit}`;
    syncs.push({
      kind: 'syncDown',
      syncName: syncName('syncDown', soupName),
      constName: syncConstName(describe.name, 'syncDown'),
      soupName,
      query,
      where: down.where,
      mergeMode: down.mergeMode ?? 'LEAVE_IF_CHANGED',
      maxBatchSize: down.maxBatchSize,
    });
  }
  if (plan.syncUp !== false) {
    const up = plan.syncUp;
    const createFieldlist = describe.createable
      ? fields.filter((f) => f.createable && f.name !== 'Id').map((f) => f.name)
      : [];
    const updateFieldlist = describe.updateable
      ? fields.filter((f) => f.updateable && f.name !== 'Id').map((f) => f.name)
      : [];
    if (up.externalIdField !== undefined) {
      const field = fields.find((f) => f.name === up.externalIdField);
      if (field === undefined) {
        throw new ConfigError(
          'CONFIG_UNKNOWN_FIELD',
          `"${plan.syncUpKey}.externalIdField": "${up.externalIdField}" is not a chosen field of ${describe.name}`,
          { key: `${plan.syncUpKey}.externalIdField` },
        );
      }
    }
    if (createFieldlist.length > 0 || updateFieldlist.length > 0) {
      syncs.push({
        kind: 'syncUp',
        syncName: syncName('syncUp', soupName),
        constName: syncConstName(describe.name, 'syncUp'),
        soupName,
        createFieldlist,
        updateFieldlist,
        externalIdFieldName: up.externalIdField,
        mergeMode: up.mergeMode ?? 'LEAVE_IF_CHANGED',
        maxBatchSize: up.maxBatchSize,
      });
    }
  }
  return syncs;
}

/** Two objects must not produce the same exported name, soup name or sync name. */
function checkNames(objects: readonly SObjectModel[]): void {
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
