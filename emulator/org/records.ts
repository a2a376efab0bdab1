/**
 * The records of the emulated org, in memory: one table per sObject type, a
 * recycle bin, indexes on unique and external-id fields and on references, and
 * the platform's write validation, driven by the describes. Writes can run in a
 * transaction (`transaction(fn)`), undone as a whole when `fn` throws, for
 * `allOrNone` calls.
 */

import type { OrgClock } from './clock.js';
import { formatDateTime, parseDateTime } from './clock.js';
import { IdFactory, isWellFormedId, toId18 } from './ids.js';
import type { FieldSchema, OrgSchema, TypeSchema } from './schema.js';

/** A record as stored: field values by their API names. */
export type OrgRecord = Record<string, unknown>;

/** The emulated user that owns and writes every record. */
export const EMULATED_USER_ID = '005000000000001AAA';

/** Who the running user is: the `User` record every record's `OwnerId` and `CreatedById` point at. */
export interface RunningUser {
  /** @default 'emulator@soupkit.invalid' */
  readonly username?: string;
  /** @default 'Emulated' */
  readonly firstName?: string;
  /** @default 'User' */
  readonly lastName?: string;
}

/** The running user's username when none is configured (what the identity routes answer too). */
export const DEFAULT_USERNAME = 'emulator@soupkit.invalid';

/** A write the platform would refuse: its error code, message, fields and HTTP status. */
export class OrgWriteError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly fields: readonly string[] = [],
    readonly httpStatus = 400,
    /** For 300 (an external id matching several records): the matching ids. */
    readonly matches: readonly string[] = [],
  ) {
    super(message);
  }
}

const TEXT_TYPES = new Set([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
  'combobox',
  'encryptedstring',
  'base64',
  'time',
]);
const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent', 'long']);
/** Fields the org maintains itself on every record. */
const SYSTEM_FIELDS = [
  'Id',
  'IsDeleted',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
];

interface Table {
  readonly type: TypeSchema;
  readonly live: Map<string, OrgRecord>;
  readonly deleted: Map<string, OrgRecord>;
  /** unique / external-id field (lower-cased) → lower-cased value → ids. */
  readonly keys: Map<string, Map<string, Set<string>>>;
  /** reference field (lower-cased) → parent id → child ids. */
  readonly references: Map<string, Map<string, Set<string>>>;
}

/** A record in a most-recently-used list. */
interface RecentEntry {
  readonly type: string;
  readonly id: string;
}

/** How many entries each most-recently-used list keeps: RecentlyViewed holds 200 in all. */
const RECENT_CAPACITY = 200;

/** `entry` at the head of `list`, without its earlier occurrence, capped. */
function pushRecent(list: readonly RecentEntry[], entry: RecentEntry): RecentEntry[] {
  return [entry, ...list.filter((r) => r.id !== entry.id)].slice(0, RECENT_CAPACITY);
}

type Undo = () => void;

/** @internal */
export class OrgData {
  readonly #schema: OrgSchema;
  readonly #clock: OrgClock;
  readonly #ids = new IdFactory();
  readonly #tables = new Map<string, Table>();
  #journal: Undo[] | undefined;
  /** Most-recently-viewed records across types, newest first. */
  #recentViews: RecentEntry[] = [];
  /** Most-recently-referenced (or viewed) records across types, newest first. */
  #recentReferences: RecentEntry[] = [];

  constructor(schema: OrgSchema, clock: OrgClock, runningUser: RunningUser = {}) {
    this.#schema = schema;
    this.#clock = clock;
    this.#addRunningUser(runningUser);
  }

  get schema(): OrgSchema {
    return this.#schema;
  }

  /** The type, or an `INVALID_TYPE` error naming it. */
  requireType(name: string): TypeSchema {
    const type = this.#schema.type(name);
    if (type === undefined) {
      throw new OrgWriteError(
        'INVALID_TYPE',
        `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
        [],
        404,
      );
    }
    return type;
  }

  /**
   * Runs `fn` so that every write it makes is undone when it throws (or when
   * `rollback` is asked for); joins a transaction already open.
   */
  transaction<T>(fn: (rollback: () => void) => T): T {
    if (this.#journal !== undefined) return fn(() => undefined);
    const journal: Undo[] = [];
    this.#journal = journal;
    const rollback = () => {
      for (const undo of journal.splice(0).reverse()) undo();
    };
    try {
      return fn(rollback);
    } catch (error) {
      rollback();
      throw error;
    } finally {
      this.#journal = undefined;
    }
  }

  /** Creates a record; returns its id. */
  insert(typeName: string, input: OrgRecord): string {
    const table = this.#table(this.#requireAllowed(typeName, 'createable', 'inserted'));
    const values = this.#validate(table.type, input, 'insert');
    if ('Id' in values) {
      throw new OrgWriteError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        'Unable to create/update fields: Id. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        ['Id'],
      );
    }
    const missing = table.type.fields
      .filter(
        (f) =>
          f.createable &&
          !f.nillable &&
          !f.defaultedOnCreate &&
          f.type !== 'boolean' &&
          (values[f.name] === undefined || values[f.name] === null || values[f.name] === ''),
      )
      .map((f) => f.name);
    if (missing.length > 0) {
      throw new OrgWriteError(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        missing,
      );
    }
    const id = this.#ids.next(table.type.keyPrefix);
    const now = formatDateTime(this.#clock.stamp());
    const record: OrgRecord = {};
    for (const name of SYSTEM_FIELDS) {
      if (name === 'Id' || table.type.field(name) !== undefined) record[name] = null;
    }
    record.Id = id;
    for (const field of table.type.fields) {
      if (field.name in values) continue;
      if (field.type === 'boolean' && field.createable) record[field.name] = false;
      else if (!(field.name in record) && field.type !== 'address' && field.type !== 'location') {
        record[field.name] = null;
      }
    }
    if (table.type.field('OwnerId') !== undefined) record.OwnerId = EMULATED_USER_ID;
    Object.assign(record, values);
    this.#stampSystemFields(table.type, record, now, true);
    this.#deriveName(table.type, record);
    this.#checkUnique(table, record, undefined);
    this.#put(table, record);
    this.#log(() => this.#remove(table, id));
    return id;
  }

  /** Changes fields of a live record. */
  update(typeName: string, id: string, input: OrgRecord): void {
    const table = this.#table(this.#requireAllowed(typeName, 'updateable', 'updated'));
    const current = this.#live(table, id);
    const values = this.#validate(table.type, input, 'update');
    if ('Id' in values && values.Id !== current.Id) {
      throw new OrgWriteError('INVALID_ID_FIELD', 'Id in the body does not match the record', [
        'Id',
      ]);
    }
    for (const field of table.type.fields) {
      if (
        field.name in values &&
        !field.nillable &&
        field.type !== 'boolean' &&
        (values[field.name] === null || values[field.name] === '')
      ) {
        throw new OrgWriteError(
          'REQUIRED_FIELD_MISSING',
          `Required fields are missing: [${field.name}]`,
          [field.name],
        );
      }
    }
    const next: OrgRecord = { ...current, ...values };
    this.#stampSystemFields(table.type, next, formatDateTime(this.#clock.stamp()), false);
    this.#deriveName(table.type, next);
    this.#checkUnique(table, next, id);
    this.#remove(table, id);
    this.#put(table, next);
    this.#log(() => {
      this.#remove(table, id);
      this.#put(table, current);
    });
  }

  /** Creates or updates the record whose `fieldName` is `value`. */
  upsert(
    typeName: string,
    fieldName: string,
    value: string,
    input: OrgRecord,
  ): { id: string; created: boolean } {
    const type = this.requireType(typeName);
    const field = type.field(fieldName);
    if (field === undefined || !(field.externalId || field.idLookup || field.name === 'Id')) {
      throw new OrgWriteError(
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${fieldName}`,
        [],
        404,
      );
    }
    const matches = this.findByKey(type, field, value);
    if (matches.length > 1) {
      throw new OrgWriteError(
        'MULTIPLE_RECORDS',
        `More than one record found for external id field ${field.name}: ${matches.join(', ')}`,
        [],
        300,
        matches,
      );
    }
    const fields = withoutField(input, field.name);
    if (matches.length === 1) {
      this.update(type.name, matches[0] as string, fields);
      return { id: matches[0] as string, created: false };
    }
    if (field.name === 'Id') {
      throw new OrgWriteError('NOT_FOUND', 'The requested resource does not exist', [], 404);
    }
    return { id: this.insert(type.name, { ...fields, [field.name]: value }), created: true };
  }

  /** Moves a record (and the children its cascade-delete relationships name) to the recycle bin. */
  delete(typeName: string, id: string): void {
    const table = this.#table(this.#requireAllowed(typeName, 'deletable', 'deleted'));
    const record = this.#live(table, id);
    const now = formatDateTime(this.#clock.stamp());
    for (const relationship of table.type.childRelationships) {
      if (!relationship.cascadeDelete) continue;
      const childType = this.#schema.type(relationship.childType);
      if (childType === undefined) continue;
      for (const childId of this.childIds(childType, relationship.field, record.Id as string)) {
        this.delete(childType.name, childId);
      }
    }
    this.#remove(table, id);
    const binned: OrgRecord = { ...record };
    if (table.type.field('IsDeleted') !== undefined) binned.IsDeleted = true;
    this.#stampSystemFields(table.type, binned, now, false);
    table.deleted.set(record.Id as string, binned);
    this.#log(() => {
      table.deleted.delete(record.Id as string);
      this.#put(table, record);
    });
  }

  /** A live record by id (15 or 18 characters), or undefined. */
  get(typeName: string, id: string): OrgRecord | undefined {
    const type = this.#schema.type(typeName);
    if (type === undefined || !isWellFormedId(id)) return undefined;
    return this.#table(type).live.get(toId18(id));
  }

  /** The running user's `User` record (what the identity routes describe), if `User` is served. */
  runningUser(): OrgRecord | undefined {
    return this.get('User', EMULATED_USER_ID);
  }

  /** Whether the id is in the recycle bin. */
  isDeleted(typeName: string, id: string): boolean {
    const type = this.#schema.type(typeName);
    if (type === undefined || !isWellFormedId(id)) return false;
    return this.#table(type).deleted.has(toId18(id));
  }

  /** A live record of any type by id. */
  getAnyType(id: string): OrgRecord | undefined {
    const type = isWellFormedId(id) ? this.#schema.typeOfId(id) : undefined;
    return type === undefined ? undefined : this.get(type.name, id);
  }

  /** Every live record of the type, in creation order. */
  all(typeName: string): OrgRecord[] {
    return [...this.#table(this.requireType(typeName)).live.values()];
  }

  /** Every record of the type in the recycle bin. */
  recycleBin(typeName: string): OrgRecord[] {
    return [...this.#table(this.requireType(typeName)).deleted.values()];
  }

  /** Live children of `parentId` through the reference `field` of `childType`. */
  childIds(childType: TypeSchema, field: string, parentId: string): string[] {
    const byParent = this.#table(childType).references.get(field.toLowerCase());
    return [...(byParent?.get(parentId) ?? [])];
  }

  /** Live ids of the type whose unique/external-id `field` equals `value` (case-insensitively). */
  findByKey(type: TypeSchema, field: FieldSchema, value: string): string[] {
    if (field.name === 'Id') return this.#liveIdsMatching(type, value);
    const table = this.#table(type);
    const index = table.keys.get(field.name.toLowerCase());
    if (index !== undefined) return [...(index.get(value.toLowerCase()) ?? [])];
    return [...table.live.values()]
      .filter(
        (r) =>
          typeof r[field.name] === 'string' &&
          (r[field.name] as string).toLowerCase() === value.toLowerCase(),
      )
      .map((r) => r.Id as string);
  }

  /**
   * Marks records viewed, newest last in `ids`, as `SOQL … FOR VIEW` and the UI
   * do: they head `recentlyViewed`, and `LastViewedDate` / `LastReferencedDate`
   * are stamped where the type has them (neither is a modification).
   */
  markRecentlyViewed(typeName: string, ids: readonly string[]): void {
    this.#markRecent(typeName, ids, 'viewed');
  }

  /**
   * Marks records referenced, as `SOQL … FOR REFERENCE` does: `LastReferencedDate`
   * is stamped where the type has it, and they head `recentlyReferencedAnyType`.
   */
  markRecentlyReferenced(typeName: string, ids: readonly string[]): void {
    this.#markRecent(typeName, ids, 'referenced');
  }

  /** Ids of the type marked recently viewed (newest first) that are still live. */
  recentlyViewed(typeName: string): string[] {
    const type = this.requireType(typeName);
    const table = this.#table(type);
    return this.#recentViews
      .filter((r) => r.type === type.name && table.live.has(r.id))
      .map((r) => r.id);
  }

  /** Records of any type recently viewed or referenced that are still live, newest first. */
  recentlyReferencedAnyType(): { type: string; id: string }[] {
    return this.#recentReferences.filter((r) => this.#tables.get(r.type)?.live.has(r.id) === true);
  }

  #markRecent(typeName: string, ids: readonly string[], how: 'viewed' | 'referenced'): void {
    const table = this.#table(this.requireType(typeName));
    const records = ids.map((id) => this.#live(table, id));
    const now = formatDateTime(this.#clock.now());
    for (const record of records) {
      const entry = { type: table.type.name, id: record.Id as string };
      if (how === 'viewed') {
        if (table.type.field('LastViewedDate') !== undefined) record.LastViewedDate = now;
        this.#recentViews = pushRecent(this.#recentViews, entry);
      }
      if (table.type.field('LastReferencedDate') !== undefined) record.LastReferencedDate = now;
      this.#recentReferences = pushRecent(this.#recentReferences, entry);
    }
  }

  /** The type, if the describe lets the API write it that way (the running user's `User` is read-only). */
  #requireAllowed(
    typeName: string,
    flag: 'createable' | 'updateable' | 'deletable',
    verb: string,
  ): TypeSchema {
    const type = this.requireType(typeName);
    if (type.describe.value[flag] === false) {
      throw new OrgWriteError(
        'INVALID_TYPE_FOR_OPERATION',
        `entity type cannot be ${verb}: ${type.name}`,
      );
    }
    return type;
  }

  /**
   * The `User` record of the running user, as an org has one: written straight
   * into the table (a real org's User has required fields no write here could
   * satisfy, such as ProfileId), only the fields its describe has.
   */
  #addRunningUser(user: RunningUser): void {
    const type = this.#schema.type('User');
    if (type === undefined) return;
    const table = this.#table(type);
    const username = user.username ?? DEFAULT_USERNAME;
    const firstName = user.firstName ?? 'Emulated';
    const lastName = user.lastName ?? 'User';
    const now = formatDateTime(this.#clock.now());
    const values: OrgRecord = {
      Username: username,
      FirstName: firstName,
      LastName: lastName,
      Name: `${firstName} ${lastName}`,
      Alias: (firstName.slice(0, 1) + lastName).slice(0, 8).toLowerCase(),
      CommunityNickname: username.split('@')[0],
      Email: username,
      IsActive: true,
      UserType: 'Standard',
      TimeZoneSidKey: 'GMT',
      LocaleSidKey: 'en_US',
      LanguageLocaleKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
    };
    const record: OrgRecord = { Id: EMULATED_USER_ID };
    for (const field of type.fields) {
      if (field.name === 'Id' || field.type === 'address' || field.type === 'location') continue;
      record[field.name] = values[field.name] ?? (field.type === 'boolean' ? false : null);
    }
    this.#stampSystemFields(type, record, now, true);
    this.#put(table, record);
  }

  #liveIdsMatching(type: TypeSchema, id: string): string[] {
    return this.get(type.name, id) === undefined ? [] : [toId18(id)];
  }

  #live(table: Table, id: string): OrgRecord {
    const full = isWellFormedId(id) ? toId18(id) : id;
    const record = table.live.get(full);
    if (record !== undefined) return record;
    if (table.deleted.has(full)) {
      throw new OrgWriteError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
    }
    throw new OrgWriteError('NOT_FOUND', 'The requested resource does not exist', [], 404);
  }

  #table(type: TypeSchema): Table {
    let table = this.#tables.get(type.name);
    if (table === undefined) {
      const keys = new Map<string, Map<string, Set<string>>>();
      const references = new Map<string, Map<string, Set<string>>>();
      for (const field of type.fields) {
        if (field.unique || field.externalId) keys.set(field.name.toLowerCase(), new Map());
        if (field.type === 'reference') references.set(field.name.toLowerCase(), new Map());
      }
      table = { type, live: new Map(), deleted: new Map(), keys, references };
      this.#tables.set(type.name, table);
    }
    return table;
  }

  #put(table: Table, record: OrgRecord): void {
    const id = record.Id as string;
    table.live.set(id, record);
    for (const [field, index] of table.keys) {
      const value = fieldValue(table.type, record, field);
      if (typeof value !== 'string' || value === '') continue;
      addTo(index, value.toLowerCase(), id);
    }
    for (const [field, index] of table.references) {
      const value = fieldValue(table.type, record, field);
      if (typeof value === 'string') addTo(index, value, id);
    }
  }

  #remove(table: Table, id: string): void {
    const record = table.live.get(id);
    if (record === undefined) return;
    table.live.delete(id);
    for (const [field, index] of table.keys) {
      const value = fieldValue(table.type, record, field);
      if (typeof value === 'string') index.get(value.toLowerCase())?.delete(id);
    }
    for (const [field, index] of table.references) {
      const value = fieldValue(table.type, record, field);
      if (typeof value === 'string') index.get(value)?.delete(id);
    }
  }

  #log(undo: Undo): void {
    this.#journal?.push(undo);
  }

  #stampSystemFields(type: TypeSchema, record: OrgRecord, now: string, creating: boolean): void {
    const set = (name: string, value: unknown) => {
      if (type.field(name) !== undefined) record[name] = value;
    };
    if (creating) {
      set('CreatedDate', now);
      set('CreatedById', EMULATED_USER_ID);
      set('IsDeleted', false);
    }
    set('LastModifiedDate', now);
    set('LastModifiedById', EMULATED_USER_ID);
    set('SystemModstamp', now);
  }

  /** A person's compound `Name` (Contact, Lead) follows its parts, as on the platform. */
  #deriveName(type: TypeSchema, record: OrgRecord): void {
    const name = type.field('Name');
    if (name === undefined || name.createable || type.field('LastName') === undefined) return;
    record.Name =
      [record.FirstName, record.LastName]
        .filter((p) => typeof p === 'string' && p !== '')
        .join(' ') || null;
  }

  #checkUnique(table: Table, record: OrgRecord, self: string | undefined): void {
    for (const field of table.type.fields) {
      if (!field.unique) continue;
      const value = record[field.name];
      if (typeof value !== 'string' || value === '') continue;
      const other = [
        ...(table.keys.get(field.name.toLowerCase())?.get(value.toLowerCase()) ?? []),
      ].find((id) => id !== self);
      if (other !== undefined) {
        throw new OrgWriteError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${field.name} duplicates value on record with id: ${other}`,
          [field.name],
        );
      }
    }
  }

  /** Checks and converts the values of a write; returns them keyed by canonical field name. */
  #validate(type: TypeSchema, input: OrgRecord, action: 'insert' | 'update'): OrgRecord {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new OrgWriteError('JSON_PARSER_ERROR', 'The request body must be a JSON object');
    }
    const values: OrgRecord = {};
    const refused: string[] = [];
    for (const [key, raw] of Object.entries(input)) {
      if (key === 'attributes') continue;
      const field = type.field(key);
      if (field === undefined) {
        throw new OrgWriteError(
          'INVALID_FIELD',
          `No such column '${key}' on sobject of type ${type.name}`,
          [key],
        );
      }
      if (field.name === 'Id') {
        values.Id = raw;
        continue;
      }
      const writable = action === 'insert' ? field.createable : field.updateable;
      if (!writable) {
        refused.push(field.name);
        continue;
      }
      values[field.name] = this.#convert(field, raw);
    }
    if (refused.length > 0) {
      throw new OrgWriteError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${refused.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        refused,
      );
    }
    return values;
  }

  #convert(field: FieldSchema, raw: unknown): unknown {
    if (raw === null) return null;
    const wrongType = (expected: string) =>
      new OrgWriteError(
        'JSON_PARSER_ERROR',
        `Cannot deserialize instance of ${expected} from ${jsonTokenOf(raw)} value ${JSON.stringify(raw)} or request may be missing a required field`,
        [field.name],
      );
    if (TEXT_TYPES.has(field.type)) {
      if (typeof raw !== 'string') throw wrongType('string');
      if (field.length > 0 && raw.length > field.length) {
        throw new OrgWriteError(
          'STRING_TOO_LONG',
          `${field.label}: data value too large: ${raw.length > 40 ? `${raw.slice(0, 40)}...` : raw} (max length=${field.length})`,
          [field.name],
        );
      }
      if (field.restrictedPicklist && raw !== '') {
        const parts = field.type === 'multipicklist' ? raw.split(';') : [raw];
        const bad = parts.find((p) => !field.picklistValues.includes(p));
        if (bad !== undefined) {
          throw new OrgWriteError(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `${field.label}: bad value for restricted picklist field: ${bad}`,
            [field.name],
          );
        }
      }
      return raw;
    }
    switch (field.type) {
      case 'boolean':
        if (typeof raw !== 'boolean') throw wrongType('boolean');
        return raw;
      case 'int':
        if (typeof raw !== 'number' || !Number.isInteger(raw)) throw wrongType('int');
        return raw;
      case 'date': {
        if (
          typeof raw !== 'string' ||
          !/^\d{4}-\d{2}-\d{2}$/.test(raw) ||
          parseDateTime(raw) === undefined
        ) {
          throw wrongType('date');
        }
        return raw;
      }
      case 'datetime': {
        const ms = typeof raw === 'string' ? parseDateTime(raw) : undefined;
        if (ms === undefined) throw wrongType('datetime');
        return formatDateTime(ms);
      }
      case 'reference':
      case 'id': {
        if (typeof raw !== 'string') throw wrongType('id');
        if (raw === '') return null;
        if (!isWellFormedId(raw)) {
          throw new OrgWriteError(
            'MALFORMED_ID',
            `${field.label}: id value of incorrect type: ${raw}`,
            [field.name],
          );
        }
        const id = toId18(raw);
        const served = field.referenceTo.filter((t) => this.#schema.type(t) !== undefined);
        if (served.length > 0 && served.length === field.referenceTo.length) {
          const target = this.#schema.typeOfId(id);
          const ofServedType =
            target !== undefined &&
            served.some((t) => t.toLowerCase() === target.name.toLowerCase());
          if (ofServedType && this.isDeleted(target.name, id)) {
            throw new OrgWriteError('ENTITY_IS_DELETED', 'entity is deleted', [field.name]);
          }
          if (!ofServedType || this.get(target.name, id) === undefined) {
            throw new OrgWriteError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [
              field.name,
            ]);
          }
        }
        return id;
      }
      default:
        if (NUMBER_TYPES.has(field.type)) {
          if (typeof raw !== 'number' || !Number.isFinite(raw)) throw wrongType('double');
          return raw;
        }
        return raw;
    }
  }
}

/** `input` without the key naming `fieldName` (in any case). */
function withoutField(input: OrgRecord, fieldName: string): OrgRecord {
  const lower = fieldName.toLowerCase();
  return Object.fromEntries(Object.entries(input).filter(([key]) => key.toLowerCase() !== lower));
}

function fieldValue(type: TypeSchema, record: OrgRecord, lowerField: string): unknown {
  const field = type.field(lowerField);
  return field === undefined ? undefined : record[field.name];
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let ids = index.get(key);
  if (ids === undefined) {
    ids = new Set();
    index.set(key, ids);
  }
  ids.add(id);
}

function jsonTokenOf(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
    case 'boolean':
      return value ? 'VALUE_TRUE' : 'VALUE_FALSE';
    default:
      return Array.isArray(value) ? 'START_ARRAY' : 'START_OBJECT';
  }
}
