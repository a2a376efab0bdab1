/**
 * Page layouts and compact layouts built from a describe, in the REST API's
 * shapes (`DescribeLayoutResult`, `DescribeCompactLayoutsResult`): one layout
 * per object with an information section holding every writable field, a
 * system section, and a related list per served child relationship. Ids are
 * synthetic but well formed and stable per object.
 */
import { toId18 } from '../org/ids.js';
import type { FieldSchema, OrgSchema, TypeSchema } from '../org/schema.js';

type Json = Record<string, unknown>;

/** The id of the master record type, the same in every org. */
export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

const SYSTEM_SECTION_FIELDS = ['CreatedById', 'LastModifiedById'];
/** Fields the org maintains, never laid out in the information section. */
const MAINTAINED = new Set([
  'Id',
  'IsDeleted',
  'CreatedById',
  'CreatedDate',
  'LastModifiedById',
  'LastModifiedDate',
  'SystemModstamp',
  'LastViewedDate',
  'LastReferencedDate',
  'LastActivityDate',
]);

/**
 * @internal A stable, well-formed id of `entityPrefix` (e.g. `00h` for a layout) for `type`.
 *
 * @example
 * syntheticId('00h', accountType, 1); // '00hEM0001000001…'
 */
export function syntheticId(entityPrefix: string, type: TypeSchema, serial: number): string {
  return toId18(`${entityPrefix}EM0${type.keyPrefix}${String(serial).padStart(6, '0')}`);
}

function fieldDescribe(type: TypeSchema, field: FieldSchema): Json {
  const fields = (type.describe.value.fields ?? []) as Json[];
  return fields.find((f) => f.name === field.name) ?? { name: field.name };
}

function required(field: FieldSchema): boolean {
  return (
    field.createable && !field.nillable && !field.defaultedOnCreate && field.type !== 'boolean'
  );
}

function item(type: TypeSchema, field: FieldSchema | undefined, tabOrder: number): Json {
  if (field === undefined) {
    return {
      editableForNew: false,
      editableForUpdate: false,
      label: '',
      layoutComponents: [],
      placeholder: true,
      required: false,
    };
  }
  return {
    editableForNew: field.createable,
    editableForUpdate: field.updateable,
    label: field.label,
    layoutComponents: [
      {
        details: fieldDescribe(type, field),
        displayLines: field.type === 'textarea' ? 3 : 1,
        tabOrder,
        type: 'Field',
        value: field.name,
      },
    ],
    placeholder: false,
    required: required(field),
  };
}

/** A two-column section, filled top to bottom in the left column, then the right. */
function section(
  type: TypeSchema,
  layoutId: string,
  serial: number,
  heading: string,
  fields: readonly FieldSchema[],
): Json {
  const rows = Math.ceil(fields.length / 2);
  const layoutRows = Array.from({ length: rows }, (_, row) => {
    const items = [
      item(type, fields[row], row + 1),
      item(type, fields[rows + row], rows + row + 1),
    ];
    return { layoutItems: items, numItems: items.length };
  });
  return {
    collapsed: false,
    columns: 2,
    heading,
    layoutRows,
    layoutSectionId: syntheticId('01B', type, serial),
    parentLayoutId: layoutId,
    rows,
    tabOrder: 'TopToBottom',
    useCollapsibleSection: false,
    useHeading: true,
  };
}

function relatedLists(schema: OrgSchema, type: TypeSchema): Json[] {
  return type.childRelationships.flatMap((relationship) => {
    const child = schema.type(relationship.childType);
    if (child === undefined) return [];
    const nameField = child.nameField ?? child.field('Id');
    const columns = nameField
      ? [
          {
            field: `${child.name}.${nameField.name}`,
            fieldApiName: nameField.name,
            format: null,
            label: nameField.label,
            lookupId: nameField.name === 'Name' ? 'Id' : null,
            name: nameField.name,
            sortable: true,
          },
        ]
      : [];
    return [
      {
        accessLevelRequiredForCreate: null,
        buttons: [],
        columns,
        custom: child.describe.value.custom === true,
        field: relationship.field,
        label: String(child.describe.value.labelPlural ?? child.label),
        limitRows: 5,
        name: relationship.relationshipName,
        sobject: child.name,
        sort: [],
      },
    ];
  });
}

/** @internal The one layout of a type (`DescribeLayout`). */
export function describeLayout(schema: OrgSchema, type: TypeSchema): Json {
  const layoutId = syntheticId('00h', type, 1);
  const information = type.fields.filter(
    (f) => !MAINTAINED.has(f.name) && (f.createable || f.updateable || f.nameField),
  );
  const editable = information.filter((f) => f.createable || f.updateable);
  const system = SYSTEM_SECTION_FIELDS.map((name) => type.field(name)).filter(
    (f): f is FieldSchema => f !== undefined,
  );
  const detail = [section(type, layoutId, 1, `${type.label} Information`, information)];
  if (system.length > 0) {
    detail.push(section(type, layoutId, 2, 'System Information', system));
  }
  return {
    buttonLayoutSection: { detailButtons: [] },
    detailLayoutSections: detail,
    editLayoutSections: [section(type, layoutId, 3, `${type.label} Information`, editable)],
    feedView: null,
    highlightsPanelLayoutSection: null,
    id: layoutId,
    multirowEditLayoutSections: [],
    offlineLinks: [],
    quickActionList: { quickActionListItems: [] },
    relatedContent: null,
    relatedLists: relatedLists(schema, type),
    saveOptions: [],
  };
}

interface RecordTypeRef {
  readonly id: string;
  readonly name: string;
  readonly developerName: string;
  readonly master: boolean;
  readonly defaultMapping: boolean;
}

/** @internal The type's record types from its describe, or the master one alone. */
export function recordTypesOf(type: TypeSchema): RecordTypeRef[] {
  const infos = Array.isArray(type.describe.value.recordTypeInfos)
    ? (type.describe.value.recordTypeInfos as Json[])
    : [];
  const found = infos
    .filter((info) => typeof info.recordTypeId === 'string')
    .map((info) => ({
      id: info.recordTypeId as string,
      name: String(info.name ?? 'Master'),
      developerName: String(info.developerName ?? info.name ?? 'Master'),
      master: info.master === true,
      defaultMapping: info.defaultRecordTypeMapping === true,
    }));
  return found.length > 0
    ? found
    : [
        {
          id: MASTER_RECORD_TYPE_ID,
          name: 'Master',
          developerName: 'Master',
          master: true,
          defaultMapping: true,
        },
      ];
}

/** @internal `GET …/describe/layouts`: the layout, and every record type mapped to it. */
export function describeLayouts(schema: OrgSchema, type: TypeSchema, version: string): Json {
  const layout = describeLayout(schema, type);
  const picklists = type.fields.filter((f) => f.type === 'picklist' || f.type === 'multipicklist');
  const base = `/services/data/${version}/sobjects/${type.name}/describe/layouts`;
  return {
    layouts: [layout],
    recordTypeMappings: recordTypesOf(type).map((rt) => ({
      active: true,
      available: true,
      defaultRecordTypeMapping: rt.defaultMapping,
      developerName: rt.developerName,
      layoutId: layout.id,
      master: rt.master,
      name: rt.name,
      picklistsForRecordType: picklists.map((f) => ({
        picklistName: f.name,
        picklistValues: (fieldDescribe(type, f).picklistValues as unknown[] | undefined) ?? [],
      })),
      recordTypeId: rt.id,
      urls: { layout: `${base}/${rt.id}` },
    })),
    recordTypeSelectorRequired: [false],
  };
}

/** @internal `GET …/describe/compactLayouts`: the system default compact layout. */
export function describeCompactLayouts(type: TypeSchema, version: string): Json {
  const highlighted = [
    type.nameField,
    ...type.fields.filter(
      (f) =>
        !f.nameField &&
        !MAINTAINED.has(f.name) &&
        f.createable &&
        ['picklist', 'phone', 'email', 'string'].includes(f.type),
    ),
  ]
    .filter((f): f is FieldSchema => f !== undefined)
    .slice(0, 4);
  const base = `/services/data/${version}/sobjects/${type.name}/describe/compactLayouts`;
  return {
    compactLayouts: [
      {
        actions: [],
        fieldItems: highlighted.map((f, index) => item(type, f, index + 1)),
        id: null,
        imageItems: [],
        label: 'System Default',
        name: 'SYSTEM',
        objectType: type.name,
      },
    ],
    defaultCompactLayoutId: null,
    recordTypeCompactLayoutMappings: recordTypesOf(type).map((rt) => ({
      available: true,
      compactLayoutId: null,
      compactLayoutName: 'SYSTEM',
      recordTypeId: rt.id,
      recordTypeName: rt.name,
      urls: { compactLayout: `${base}/${rt.id}` },
    })),
    urls: { compactLayouts: base },
  };
}
