/**
 * One object's model from its describe and its plan: the chosen fields with
 * their TypeScript types, picklists, dependent picklist rules, record types
 * and child relationships; its soup and syncs come from their own modules.
 */
import type { FieldDescribe, SObjectDescribe } from '../describe/describe.js';
import { ConfigError } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { buildSoup } from './build-soup.js';
import { buildSyncs } from './build-syncs.js';
import { fieldTsType, fieldTypeMapping } from './field-type-map.js';
import { globMatch, isGlob } from './glob.js';
import type {
  ChildRelationshipModel,
  DependentPicklistModel,
  FieldModel,
  PicklistModel,
  RecordTypesModel,
  ReferenceModel,
  SObjectModel,
} from './model.js';
import {
  compareText,
  createTypeName,
  dependentPicklistConstName,
  outputPaths,
  picklistTypeName,
  recordTypeName,
  recordTypeNames,
  stringLiteral,
  updateTypeName,
} from './naming.js';
import type { ObjectPlan } from './select-objects.js';

const ALWAYS_KEPT_FIELDS = ['Id', 'LastModifiedDate'];

export function buildObject(
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
  if (field.picklist === undefined) return undefined;
  const source = describe.fields.find((f) => f.name === field.name);
  const controllerName = source?.controllerName ?? null;
  if (source === undefined || controllerName === null) return undefined;
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
          `"${plan.fieldsKey}[${index}]": ${describe.name} has no field "${name}"${didYouMean(
            name,
            describe.fields.map((f) => f.name),
          )} (in ${describe.origin})`,
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
