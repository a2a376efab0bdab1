/**
 * Salesforce field type → TypeScript type, index type and SOQL use: one table
 * with a row per known type. A type missing from the table (a newer API
 * version) maps to `unknown` with a comment rather than breaking the build.
 */
import { assertNever } from '../../runtime/errors.js';
import type { IndexType } from '../../runtime/store/specs.js';
import type { FieldTsType, SharedTypeName } from './model.js';

/** Every Salesforce field type soupkit maps. */
export type KnownFieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'boolean'
  | 'int'
  | 'long'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'time'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'reference'
  | 'phone'
  | 'url'
  | 'email'
  | 'encryptedstring'
  | 'address'
  | 'location'
  | 'base64'
  | 'anyType'
  | 'complexvalue'
  | 'json';

/** How one Salesforce type is handled. */
export interface FieldTypeMapping {
  /** The value type; picklist kinds get their alias name filled in by the model builder. */
  readonly ts:
    | { readonly kind: 'string' | 'number' | 'boolean' }
    | { readonly kind: 'shared'; readonly name: SharedTypeName }
    | { readonly kind: 'picklist' | 'multipicklist' };
  /** Index type when the field is indexed. */
  readonly indexType: IndexType;
  /** Whether the sync-down SOQL selects it (base64 bodies are fetched one record at a time). */
  readonly selectable: boolean;
  /** The TypeScript type as the docs table shows it. */
  readonly docType: string;
}

const text = {
  ts: { kind: 'string' },
  indexType: 'string',
  selectable: true,
  docType: 'string',
} as const;
const num = {
  ts: { kind: 'number' },
  indexType: 'floating',
  selectable: true,
  docType: 'number',
} as const;
const shared = (name: SharedTypeName, indexType: IndexType = 'string'): FieldTypeMapping => ({
  ts: { kind: 'shared', name },
  indexType,
  selectable: true,
  docType: name,
});

/** The mapping table. `satisfies` makes a missing row a compile error. */
export const FIELD_TYPE_MAP = {
  id: text,
  string: text,
  textarea: text,
  phone: text,
  url: text,
  email: text,
  encryptedstring: text,
  reference: text,
  base64: { ...text, selectable: false, docType: 'string (base64)' },
  boolean: { ts: { kind: 'boolean' }, indexType: 'string', selectable: true, docType: 'boolean' },
  int: { ...num, indexType: 'integer' },
  long: { ...num, indexType: 'integer' },
  double: num,
  currency: num,
  percent: num,
  date: shared('SalesforceDate'),
  datetime: shared('SalesforceDateTime'),
  time: shared('SalesforceTime'),
  picklist: {
    ts: { kind: 'picklist' },
    indexType: 'string',
    selectable: true,
    docType: 'literal union',
  },
  combobox: {
    ts: { kind: 'picklist' },
    indexType: 'string',
    selectable: true,
    docType: 'open literal union',
  },
  multipicklist: {
    ts: { kind: 'multipicklist' },
    indexType: 'string',
    selectable: true,
    docType: 'string (values joined by ";")',
  },
  address: shared('SalesforceAddress', 'json1'),
  location: shared('SalesforceLocation', 'json1'),
  anyType: shared('SalesforceAnyType'),
  complexvalue: shared('JsonValue', 'json1'),
  json: shared('JsonValue', 'json1'),
} as const satisfies Record<KnownFieldType, FieldTypeMapping>;

/**
 * The mapping of a Salesforce type, or undefined for a type soupkit does not know.
 *
 * @example
 * fieldTypeMapping('currency')?.ts; // { kind: 'number' }
 * fieldTypeMapping('vector'); // undefined
 */
export function fieldTypeMapping(salesforceType: string): FieldTypeMapping | undefined {
  return Object.hasOwn(FIELD_TYPE_MAP, salesforceType)
    ? FIELD_TYPE_MAP[salesforceType as KnownFieldType]
    : undefined;
}

/**
 * The value type of a field, given the picklist alias name for picklist kinds.
 *
 * @example
 * fieldTsType('picklist', 'Account$Industry'); // { kind: 'picklist', typeName: 'Account$Industry' }
 * fieldTsType('vector', 'X'); // { kind: 'unknown', salesforceType: 'vector' }
 */
export function fieldTsType(salesforceType: string, picklistTypeName: string): FieldTsType {
  const mapping = fieldTypeMapping(salesforceType);
  if (mapping === undefined) return { kind: 'unknown', salesforceType };
  const ts = mapping.ts;
  switch (ts.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return { kind: ts.kind };
    case 'shared':
      return { kind: 'shared', name: ts.name };
    case 'picklist':
      return { kind: 'picklist', typeName: picklistTypeName };
    case 'multipicklist':
      return { kind: 'multipicklist', valuesTypeName: picklistTypeName };
    default:
      return assertNever(ts, 'field type mapping');
  }
}
