/**
 * The pure intermediate model between describes and emitted code: what will
 * be generated, with every name decided (by `naming.ts`) and every type mapped
 * (by `field-type-map.ts`), but nothing printed yet. Plain data, sorted.
 */
import type { IndexSpec } from '../../runtime/store/specs.js';
import type { MergeMode } from '../../runtime/sync/contracts/sync-config.js';

/** Types declared once in `salesforce-types.ts` and imported where used. */
export type SharedTypeName =
  | 'SalesforceDate'
  | 'SalesforceDateTime'
  | 'SalesforceTime'
  | 'SalesforceAddress'
  | 'SalesforceLocation'
  | 'SalesforceAnyType'
  | 'JsonValue';

/** The TypeScript type of a field value (without `| null`). */
export type FieldTsType =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'shared'; readonly name: SharedTypeName }
  /** A picklist or combobox: the union alias `typeName` declared in the same file. */
  | { readonly kind: 'picklist'; readonly typeName: string }
  /** A multi-select picklist: a `;`-separated string of `valuesTypeName` values. */
  | { readonly kind: 'multipicklist'; readonly valuesTypeName: string }
  /** A field type soupkit does not know (a newer API version): `unknown`, with a comment. */
  | { readonly kind: 'unknown'; readonly salesforceType: string };

/** One value of a picklist. */
export interface PicklistValueModel {
  readonly value: string;
  readonly label: string;
  readonly active: boolean;
  readonly defaultValue: boolean;
}

/** The values of a picklist, multi-select picklist or combobox field. */
export interface PicklistModel {
  /** Name of the union type alias, e.g. `Account$Industry`. */
  readonly typeName: string;
  readonly fieldName: string;
  readonly values: readonly PicklistValueModel[];
  /** Open unions also accept any string (unrestricted picklists, comboboxes). */
  readonly open: boolean;
}

/**
 * A dependent picklist: which of its values each value of its controlling
 * field allows (decoded from the describe's `validFor` bitmaps).
 */
export interface DependentPicklistModel {
  /** The rule constant, e.g. `invoice__c$Territory__c$ByController`. */
  readonly constName: string;
  readonly fieldName: string;
  /** The dependent field's union alias. */
  readonly valuesTypeName: string;
  readonly controllerName: string;
  /** The controller's type: its union alias, an inline union of its values, or `boolean`. */
  readonly controllerType: string;
  /** Every active controller value in the org's order (a checkbox's `false`, `true`) with the active values it allows. */
  readonly allowed: readonly {
    readonly controllerValue: string;
    readonly values: readonly string[];
  }[];
}

/** One target of a reference field. */
export interface ReferenceTargetModel {
  readonly objectName: string;
  /** True when the target object is generated too (then its record type is used). */
  readonly generated: boolean;
  /** The target's record type name (meaningful when generated). */
  readonly typeName: string;
  /** The output file of the target (meaningful when generated). */
  readonly filePath: string;
}

/** A lookup or master-detail field's relationship. */
export interface ReferenceModel {
  /** The relationship property (`Account` for `AccountId`), or null when it has none. */
  readonly relationshipName: string | null;
  readonly targets: readonly ReferenceTargetModel[];
  readonly polymorphic: boolean;
}

/** One field of a record type. */
export interface FieldModel {
  readonly name: string;
  readonly label: string;
  readonly helpText: string | null;
  /** The describe's field type, verbatim. */
  readonly salesforceType: string;
  readonly tsType: FieldTsType;
  /**
   * Selected by the sync-down SOQL; when false the read shape has it optional:
   * base64 fields, and compound fields whose components are chosen (they would
   * be stored twice; the components are what sync up writes).
   */
  readonly selectable: boolean;
  /** For a compound field (address, location): its chosen component fields, else empty. */
  readonly components: readonly string[];
  readonly nillable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  /** Createable, not nillable and not defaulted on create: required in the create shape. */
  readonly requiredOnCreate: boolean;
  readonly defaultedOnCreate: boolean;
  readonly calculated: boolean;
  readonly autoNumber: boolean;
  readonly externalId: boolean;
  readonly nameField: boolean;
  readonly unique: boolean;
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
  readonly picklist: PicklistModel | undefined;
  readonly reference: ReferenceModel | undefined;
}

/** The soup of an object. */
export interface SoupModel {
  readonly soupName: string;
  readonly constName: string;
  readonly bindFunctionName: string;
  readonly recordTypeName: string;
  /** The type of the bound soup, e.g. `AccountTypedSoup`. */
  readonly typedSoupTypeName: string;
  readonly indexSpecs: readonly IndexSpec[];
}

/** A sync-down of an object into its soup (SOQL target). */
export interface SyncDownModel {
  readonly kind: 'syncDown';
  readonly syncName: string;
  readonly constName: string;
  readonly soupName: string;
  readonly query: string;
  /** The config's filter (also the parents' filter of its family syncs). */
  readonly where: string | undefined;
  readonly mergeMode: MergeMode;
  readonly maxBatchSize: number | undefined;
}

/** A sync-up of an object's soup (sObject Collections target). */
export interface SyncUpModel {
  readonly kind: 'syncUp';
  readonly syncName: string;
  readonly constName: string;
  readonly soupName: string;
  readonly createFieldlist: readonly string[];
  readonly updateFieldlist: readonly string[];
  readonly externalIdFieldName: string | undefined;
  readonly mergeMode: MergeMode;
  readonly maxBatchSize: number | undefined;
}

/** The children side of a family sync (a child relationship of the parent). */
export interface FamilyChildrenModel {
  readonly sobjectType: string;
  /** The relationship name on the parent, e.g. `Contacts`. */
  readonly sobjectTypePlural: string;
  readonly soupName: string;
  /** The child's field holding the parent id, e.g. `AccountId`. */
  readonly parentIdFieldName: string;
}

/** A sync down of parents with their children into two soups (`parent_children` target). */
export interface FamilySyncDownModel {
  readonly kind: 'familySyncDown';
  readonly syncName: string;
  readonly constName: string;
  /** The parent soup. */
  readonly soupName: string;
  readonly parentType: string;
  readonly parentFieldlist: readonly string[];
  readonly parentSoqlFilter: string;
  readonly children: FamilyChildrenModel;
  readonly childrenFieldlist: readonly string[];
  /** `MASTER_DETAIL` when the child's reference is cascade-delete, else `LOOKUP`. */
  readonly relationshipType: 'MASTER_DETAIL' | 'LOOKUP';
  readonly mergeMode: MergeMode;
}

/** A sync up of parents with their children, a family per composite call (parent-children target). */
export interface FamilySyncUpModel {
  readonly kind: 'familySyncUp';
  readonly syncName: string;
  readonly constName: string;
  readonly soupName: string;
  readonly parentType: string;
  readonly children: FamilyChildrenModel;
  readonly createFieldlist: readonly string[];
  readonly updateFieldlist: readonly string[];
  readonly childrenCreateFieldlist: readonly string[];
  readonly childrenUpdateFieldlist: readonly string[];
  readonly relationshipType: 'MASTER_DETAIL' | 'LOOKUP';
  readonly mergeMode: MergeMode;
}

export type SyncModel = SyncDownModel | SyncUpModel | FamilySyncDownModel | FamilySyncUpModel;

/** An object's record types: `<object>RecordTypeIds` (developer name → id) and `<Object>$RecordType`. */
export interface RecordTypesModel {
  readonly constName: string;
  readonly typeName: string;
  /** First id per developer name (a name given twice keeps its first id; `all` has every one). */
  readonly ids: readonly { readonly developerName: string; readonly id: string }[];
  readonly all: readonly {
    readonly developerName: string;
    readonly id: string;
    readonly name: string;
    readonly active: boolean;
    readonly master: boolean;
  }[];
}

/** A child relationship whose child object is generated (`Account.Contacts`). */
export interface ChildRelationshipModel {
  readonly relationshipName: string;
  readonly childObject: string;
  readonly childTypeName: string;
  readonly childFile: string;
  /** The child's field holding this record's id. */
  readonly field: string;
}

/** A typed function that runs one sync. */
export interface SyncFunctionModel {
  readonly name: string;
  readonly syncName: string;
  readonly constName: string;
  /** `run` creates the sync the first time and re-syncs it after; `reSync` needs it to exist. */
  readonly kind: 'run' | 'reSync';
}

/** Everything generated for one sObject. */
export interface SObjectModel {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly custom: boolean;
  /** Where the describe came from. */
  readonly origin: string;
  readonly recordTypeName: string;
  readonly createTypeName: string;
  readonly updateTypeName: string;
  /** Output files, relative to the output folder. */
  readonly files: { readonly sobject: string; readonly soup: string; readonly syncs: string };
  /** Id first, then by API name. */
  readonly fields: readonly FieldModel[];
  /** Picklists of the chosen fields, by field name. */
  readonly picklists: readonly PicklistModel[];
  /** The chosen picklists that depend on another field, by field name. */
  readonly dependentPicklists: readonly DependentPicklistModel[];
  /** The record types, and the names of their map and name type (when there are any). */
  readonly recordTypes: RecordTypesModel | undefined;
  /** Child relationships to generated objects: sub-query results on the read shape. */
  readonly childRelationships: readonly ChildRelationshipModel[];
  readonly soup: SoupModel;
  /** Sync down first, then sync up (either may be absent), then the family syncs of `children`. */
  readonly syncs: readonly SyncModel[];
  /** The names of the typed functions running its syncs (`syncDownAccount`, …), by sync name. */
  readonly syncFunctions: readonly SyncFunctionModel[];
}

/** The whole generation: objects sorted by API name. */
export interface ProjectModel {
  readonly apiVersion: string | undefined;
  readonly objects: readonly SObjectModel[];
}
