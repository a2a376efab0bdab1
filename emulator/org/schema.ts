/**
 * What the emulated org knows of each sObject type, read from the served
 * describes: fields with their types and flags, the key prefix, and the child
 * relationships (with `cascadeDelete`). Names are looked up case-insensitively,
 * as the platform does.
 */
import {
  type DescribeFieldFlags,
  FIELD_FLAG_DEFAULTS,
  type FieldFlag,
  readFieldFlag,
} from '../../salesforce/describe-field.js';
import type { DescribeCatalog, ServedDescribe } from '../describes.js';

/** One field of a type (its flags as the shared describe reader reads them). */
export interface FieldSchema
  extends Pick<
    DescribeFieldFlags,
    | 'nillable'
    | 'createable'
    | 'updateable'
    | 'defaultedOnCreate'
    | 'externalId'
    | 'unique'
    | 'idLookup'
    | 'nameField'
    | 'restrictedPicklist'
    | 'groupable'
    | 'aggregatable'
  > {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly length: number;
  readonly picklistValues: readonly string[];
  readonly referenceTo: readonly string[];
  readonly relationshipName: string | undefined;
}

/** A child relationship of a type: `Contacts` of Account is Contact.AccountId. */
export interface ChildRelationshipSchema {
  readonly relationshipName: string;
  readonly childType: string;
  readonly field: string;
  readonly cascadeDelete: boolean;
}

/** One sObject type. */
export interface TypeSchema {
  readonly name: string;
  readonly label: string;
  readonly keyPrefix: string;
  readonly fields: readonly FieldSchema[];
  readonly describe: ServedDescribe;
  field(name: string): FieldSchema | undefined;
  /** The reference field whose relationship name is `name` (`Account` for AccountId). */
  parentRelationship(name: string): FieldSchema | undefined;
  childRelationship(name: string): ChildRelationshipSchema | undefined;
  readonly childRelationships: readonly ChildRelationshipSchema[];
  /** The field `nameField: true` marks (Name, or a custom object's name field), if any. */
  readonly nameField: FieldSchema | undefined;
}

type Json = Record<string, unknown>;

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** A flag, leniently: a value of the wrong type counts as absent. */
function flag(json: Json, key: FieldFlag): boolean {
  return readFieldFlag(json, key, (name) => FIELD_FLAG_DEFAULTS[name]);
}

function toField(json: Json): FieldSchema {
  const values = Array.isArray(json.picklistValues) ? (json.picklistValues as Json[]) : [];
  return {
    name: str(json.name),
    label: str(json.label, str(json.name)),
    type: str(json.type, 'string'),
    nillable: flag(json, 'nillable'),
    createable: flag(json, 'createable'),
    updateable: flag(json, 'updateable'),
    defaultedOnCreate: flag(json, 'defaultedOnCreate'),
    length: typeof json.length === 'number' ? json.length : 0,
    externalId: flag(json, 'externalId'),
    unique: flag(json, 'unique'),
    idLookup: flag(json, 'idLookup'),
    nameField: flag(json, 'nameField'),
    restrictedPicklist: flag(json, 'restrictedPicklist'),
    groupable: flag(json, 'groupable'),
    aggregatable: flag(json, 'aggregatable'),
    picklistValues: values.map((v) => str(v.value)).filter((v) => v !== ''),
    referenceTo: Array.isArray(json.referenceTo)
      ? (json.referenceTo as unknown[]).filter((t): t is string => typeof t === 'string')
      : [],
    relationshipName: typeof json.relationshipName === 'string' ? json.relationshipName : undefined,
  };
}

/** A fallback prefix for a describe without `keyPrefix`: stable per name, never a real one. */
function syntheticPrefix(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) % (36 * 36);
  return `z${hash.toString(36).padStart(2, '0')}`;
}

function toType(describe: ServedDescribe): TypeSchema {
  const json = describe.value as Json;
  const fields = (json.fields as Json[]).map(toField);
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const byRelationship = new Map(
    fields
      .filter((f) => f.relationshipName !== undefined)
      .map((f) => [(f.relationshipName as string).toLowerCase(), f]),
  );
  const children: ChildRelationshipSchema[] = (
    Array.isArray(json.childRelationships) ? (json.childRelationships as Json[]) : []
  )
    .filter((c) => typeof c.relationshipName === 'string')
    .map((c) => ({
      relationshipName: str(c.relationshipName),
      childType: str(c.childSObject),
      field: str(c.field),
      cascadeDelete: bool(c.cascadeDelete, false),
    }));
  const byChild = new Map(children.map((c) => [c.relationshipName.toLowerCase(), c]));
  return {
    name: describe.name,
    label: str(json.label, describe.name),
    keyPrefix: typeof json.keyPrefix === 'string' ? json.keyPrefix : syntheticPrefix(describe.name),
    fields,
    describe,
    field: (name) => byName.get(name.toLowerCase()),
    parentRelationship: (name) => byRelationship.get(name.toLowerCase()),
    childRelationship: (name) => byChild.get(name.toLowerCase()),
    childRelationships: children,
    nameField: fields.find((f) => f.nameField),
  };
}

/**
 * @internal The `attributes` the REST API puts on a record.
 *
 * @example
 * recordAttributes('Account', '001…', 'v62.0'); // { type: 'Account', url: '/services/data/v62.0/sobjects/Account/001…' }
 */
export function recordAttributes(
  typeName: string,
  id: unknown,
  version: string,
): { type: string; url: string } {
  return { type: typeName, url: `/services/data/${version}/sobjects/${typeName}/${String(id)}` };
}

/** @internal Every served type, by lower-cased name and by key prefix. */
export class OrgSchema {
  readonly #byName = new Map<string, TypeSchema>();
  readonly #byPrefix = new Map<string, TypeSchema>();

  constructor(describes: DescribeCatalog) {
    for (const describe of describes.all()) {
      const type = toType(describe);
      this.#byName.set(type.name.toLowerCase(), type);
      this.#byPrefix.set(type.keyPrefix, type);
    }
  }

  type(name: string): TypeSchema | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  /** The type whose key prefix starts `id`. */
  typeOfId(id: string): TypeSchema | undefined {
    return this.#byPrefix.get(id.slice(0, 3));
  }

  types(): TypeSchema[] {
    return [...this.#byName.values()];
  }
}
