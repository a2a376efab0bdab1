/**
 * The validated describe: the part of `GET /sobjects/{Type}/describe` the
 * generator reads, checked once here whatever the source (files or a live org).
 * Object, field and relationship names must be API names (the runtime's
 * `isApiName`): they reach generated SOQL and TypeScript, so anything else is
 * refused here rather than escaped later.
 */
import { isApiName } from '../../runtime/sync/contracts/soql-text.js';
import {
  type DescribeFieldFlags,
  type FieldFlag,
  readFieldFlag,
} from '../../salesforce/describe-field.js';
import { DescribeError } from '../errors.js';
import type { RawDescribe } from './describe-source.js';

/** One picklist entry of a field. */
export interface PicklistValueDescribe {
  readonly value: string;
  readonly label: string;
  readonly active: boolean;
  readonly defaultValue: boolean;
  /**
   * For a dependent picklist: base64 of a bitmap, bit i (most significant first)
   * set when the value is allowed for the controlling field's i-th value.
   */
  readonly validFor: string | null;
}

/** One field of an sObject describe. */
export interface FieldDescribe
  extends Pick<
    DescribeFieldFlags,
    | 'nillable'
    | 'createable'
    | 'updateable'
    | 'defaultedOnCreate'
    | 'calculated'
    | 'restrictedPicklist'
    | 'polymorphicForeignKey'
    | 'externalId'
    | 'idLookup'
    | 'nameField'
    | 'unique'
    | 'autoNumber'
  > {
  readonly name: string;
  readonly label: string;
  /** Salesforce field type, e.g. `string`, `picklist`, `reference`; unknown types are kept. */
  readonly type: string;
  readonly picklistValues: readonly PicklistValueDescribe[];
  /** The field whose value decides which of this picklist's values are allowed. */
  readonly controllerName: string | null;
  readonly referenceTo: readonly string[];
  readonly relationshipName: string | null;
  readonly inlineHelpText: string | null;
  readonly compoundFieldName: string | null;
  readonly extraTypeInfo: string | null;
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
}

/** One child relationship of an sObject (`childRelationships[]` of the describe). */
export interface ChildRelationshipDescribe {
  /** The child object, e.g. `Contact`. */
  readonly childSObject: string;
  /** The child's field holding the parent id, e.g. `AccountId`. */
  readonly field: string;
  /** The relationship's name on the parent, e.g. `Contacts`. */
  readonly relationshipName: string;
  /** Children are deleted with the parent (master-detail). */
  readonly cascadeDelete: boolean;
}

/** One record type of an sObject (`recordTypeInfos[]` of the describe). */
export interface RecordTypeDescribe {
  readonly developerName: string;
  readonly recordTypeId: string;
  readonly name: string;
  readonly active: boolean;
  readonly master: boolean;
}

/** An sObject describe, validated. */
export interface SObjectDescribe {
  /** Where it came from (file path or URL), for messages. */
  readonly origin: string;
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly custom: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly queryable: boolean;
  readonly fields: readonly FieldDescribe[];
  /** The named child relationships (those without a name cannot be queried and are left out). */
  readonly childRelationships: readonly ChildRelationshipDescribe[];
  /** The record types, in the describe's order (a developer name may appear twice). */
  readonly recordTypes: readonly RecordTypeDescribe[];
}

type Json = Record<string, unknown>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a raw describe and returns the typed describe. Accepts the REST
 * body itself or the `sf sobject describe --json` envelope (`{ status, result }`).
 *
 * @example
 * import { readFileSync } from 'node:fs';
 *
 * const json: unknown = JSON.parse(readFileSync('describes/Account.describe.json', 'utf8'));
 * const describe = parseDescribe({ origin: 'Account.describe.json', name: 'Account', json });
 * describe.fields.map((f) => f.name); // ['Id', 'Name', ...]
 */
export function parseDescribe(raw: RawDescribe): SObjectDescribe {
  const origin = raw.origin;
  let json = raw.json;
  if (isObject(json) && !('fields' in json) && isObject(json.result)) json = json.result;
  if (!isObject(json)) {
    throw new DescribeError('DESCRIBE_INVALID', `${raw.name}: a describe must be a JSON object`, {
      origin,
      objectName: raw.name,
    });
  }
  const objectReader = new Reader(json, origin, raw.name, undefined);
  const name = objectReader.apiName('name');
  if (name !== raw.name) {
    throw new DescribeError(
      'DESCRIBE_NAME_MISMATCH',
      `asked for ${raw.name} but the describe is of ${name}`,
      { origin, objectName: raw.name },
    );
  }
  const rawFields = json.fields;
  if (!Array.isArray(rawFields)) {
    throw new DescribeError('DESCRIBE_INVALID', `${name}: "fields" must be an array`, {
      origin,
      objectName: name,
    });
  }
  const seen = new Set<string>();
  const fields = rawFields.map((rawField, index) => {
    if (!isObject(rawField)) {
      throw new DescribeError('DESCRIBE_INVALID', `${name}: fields[${index}] must be an object`, {
        origin,
        objectName: name,
      });
    }
    const fieldName = new Reader(rawField, origin, name, () => `fields[${index}]`).apiName('name');
    const field = parseField(rawField, origin, name, fieldName);
    if (seen.has(field.name)) {
      throw new DescribeError('DESCRIBE_INVALID', `${name}.${field.name}: field listed twice`, {
        origin,
        objectName: name,
        fieldName: field.name,
      });
    }
    seen.add(field.name);
    return field;
  });
  return {
    origin,
    name,
    label: objectReader.optionalString('label') ?? name,
    labelPlural: objectReader.optionalString('labelPlural') ?? name,
    custom: objectReader.boolean('custom', name.endsWith('__c')),
    createable: objectReader.boolean('createable', true),
    updateable: objectReader.boolean('updateable', true),
    queryable: objectReader.boolean('queryable', true),
    fields,
    childRelationships: parseChildRelationships(json, origin, name),
    recordTypes: parseRecordTypes(json, origin, name),
  };
}

function parseRecordTypes(json: Json, origin: string, objectName: string): RecordTypeDescribe[] {
  const raw = json.recordTypeInfos ?? [];
  const r = new Reader(json, origin, objectName, undefined);
  if (!Array.isArray(raw)) r.fail('"recordTypeInfos" must be an array');
  return (raw as unknown[]).map((entry, index) => {
    if (!isObject(entry)) return r.fail(`recordTypeInfos[${index}] must be an object`);
    const rr = new Reader(entry, origin, objectName, () => `recordTypeInfos[${index}]`);
    const recordTypeId = rr.requiredString('recordTypeId');
    if (!/^[A-Za-z0-9]{15,18}$/.test(recordTypeId))
      rr.fail(`"recordTypeId" ${JSON.stringify(recordTypeId)} is not an id`);
    return {
      developerName: rr.apiName('developerName'),
      recordTypeId,
      name: rr.optionalString('name') ?? rr.apiName('developerName'),
      active: rr.boolean('active', true),
      master: rr.boolean('master', false),
    };
  });
}

function parseChildRelationships(
  json: Json,
  origin: string,
  objectName: string,
): ChildRelationshipDescribe[] {
  const raw = json.childRelationships ?? [];
  const r = new Reader(json, origin, objectName, undefined);
  if (!Array.isArray(raw)) r.fail('"childRelationships" must be an array');
  return (raw as unknown[]).flatMap((entry, index) => {
    if (!isObject(entry)) return r.fail(`childRelationships[${index}] must be an object`);
    const cr = new Reader(entry, origin, objectName, () => `childRelationships[${index}]`);
    const relationshipName = cr.optionalApiName('relationshipName');
    if (relationshipName === undefined) return [];
    return [
      {
        childSObject: cr.apiName('childSObject'),
        field: cr.apiName('field'),
        relationshipName,
        cascadeDelete: cr.boolean('cascadeDelete', false),
      },
    ];
  });
}

function parseField(json: Json, origin: string, objectName: string, name: string): FieldDescribe {
  const r = new Reader(json, origin, objectName, name);
  const rawValues = json.picklistValues ?? [];
  if (!Array.isArray(rawValues)) r.fail('"picklistValues" must be an array');
  const picklistValues = (rawValues as unknown[]).map((entry, index) => {
    if (!isObject(entry)) return r.fail(`picklistValues[${index}] must be an object`);
    const pr = new Reader(entry, origin, objectName, () => `${name}.picklistValues[${index}]`);
    const value = pr.requiredString('value');
    const validFor = pr.optionalString('validFor') ?? null;
    if (validFor !== null && !BASE64.test(validFor)) {
      pr.fail(`"validFor" ${JSON.stringify(validFor.slice(0, 40))} is not base64`);
    }
    return {
      value,
      label: pr.optionalString('label') ?? value,
      active: pr.boolean('active', true),
      defaultValue: pr.boolean('defaultValue', false),
      validFor,
    };
  });
  const rawReferenceTo = json.referenceTo ?? [];
  if (!Array.isArray(rawReferenceTo) || rawReferenceTo.some((t) => typeof t !== 'string')) {
    r.fail('"referenceTo" must be an array of strings');
  }
  (rawReferenceTo as string[]).forEach((target, index) => {
    if (!isApiName(target)) r.fail(`referenceTo[${index}] ${notAnApiName(target)}`);
  });
  return {
    name,
    label: r.optionalString('label') ?? name,
    type: r.requiredString('type'),
    nillable: r.flag('nillable'),
    createable: r.flag('createable'),
    updateable: r.flag('updateable'),
    defaultedOnCreate: r.flag('defaultedOnCreate'),
    calculated: r.flag('calculated'),
    restrictedPicklist: r.flag('restrictedPicklist'),
    picklistValues,
    controllerName: r.flag('dependentPicklist')
      ? (r.optionalApiName('controllerName') ?? null)
      : null,
    referenceTo: rawReferenceTo as string[],
    relationshipName: r.optionalApiName('relationshipName') ?? null,
    polymorphicForeignKey: r.flag('polymorphicForeignKey'),
    externalId: r.flag('externalId'),
    idLookup: r.flag('idLookup'),
    nameField: r.flag('nameField'),
    unique: r.flag('unique'),
    autoNumber: r.flag('autoNumber'),
    inlineHelpText: r.optionalString('inlineHelpText') ?? null,
    compoundFieldName: r.optionalApiName('compoundFieldName') ?? null,
    extraTypeInfo: r.optionalString('extraTypeInfo') ?? null,
    length: r.number('length', 0),
    precision: r.number('precision', 0),
    scale: r.number('scale', 0),
  };
}

/** Reads typed keys of one JSON object, failing with a located `DescribeError`. */
class Reader {
  constructor(
    private readonly json: Json,
    private readonly origin: string,
    private readonly objectName: string,
    /** The field (or entry) read; a function for a path built only when it fails. */
    private readonly location: string | (() => string) | undefined,
  ) {}

  fail(message: string): never {
    const fieldName = typeof this.location === 'function' ? this.location() : this.location;
    const where = fieldName === undefined ? this.objectName : `${this.objectName}.${fieldName}`;
    throw new DescribeError('DESCRIBE_INVALID', `${where}: ${message}`, {
      origin: this.origin,
      objectName: this.objectName,
      fieldName,
    });
  }

  requiredString(key: string): string {
    const value = this.json[key];
    if (typeof value !== 'string' || value === '') this.fail(`"${key}" must be a non-empty string`);
    return value as string;
  }

  apiName(key: string): string {
    const value = this.requiredString(key);
    if (!isApiName(value)) this.fail(`"${key}" ${notAnApiName(value)}`);
    return value;
  }

  optionalApiName(key: string): string | undefined {
    const value = this.optionalString(key);
    if (value !== undefined && !isApiName(value)) this.fail(`"${key}" ${notAnApiName(value)}`);
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.json[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(`"${key}" must be a string or null`);
    return value as string;
  }

  /** A describe field's flag; absent or `null` is the REST default (`FIELD_FLAG_DEFAULTS`). */
  flag(key: FieldFlag): boolean {
    return readFieldFlag(this.json, key, (name) => this.fail(`"${name}" must be true or false`));
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.json[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(`"${key}" must be true or false`);
    return value as boolean;
  }

  number(key: string, fallback: number): number {
    const value = this.json[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value))
      this.fail(`"${key}" must be a number`);
    return value as number;
  }
}

function notAnApiName(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return `must be a Salesforce API name (a letter, then letters, digits and _), got ${JSON.stringify(shown)}`;
}

/**
 * The object names of a global describe (`GET /sobjects`), in file order.
 *
 * @example
 * parseGlobalDescribe({ sobjects: [{ name: 'Account' }] }, 'global.describe.json'); // ['Account']
 */
export function parseGlobalDescribe(json: unknown, origin: string): string[] {
  const body =
    isObject(json) && !('sobjects' in json) && isObject(json.result) ? json.result : json;
  if (!isObject(body) || !Array.isArray(body.sobjects)) {
    throw new DescribeError('DESCRIBE_INVALID', 'a global describe needs a "sobjects" array', {
      origin,
    });
  }
  return body.sobjects.map((entry, index) => {
    if (!isObject(entry) || typeof entry.name !== 'string') {
      throw new DescribeError('DESCRIBE_INVALID', `sobjects[${index}].name must be a string`, {
        origin,
      });
    }
    if (!isApiName(entry.name)) {
      throw new DescribeError(
        'DESCRIBE_INVALID',
        `sobjects[${index}].name ${notAnApiName(entry.name)}`,
        { origin },
      );
    }
    return entry.name;
  });
}
