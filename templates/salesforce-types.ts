// Template of `salesforce-types.ts`: the value types shared by every generated
// sObject file. The generator copies the declarations below verbatim.

/** The `attributes` the REST API puts on every record (Mobile Sync needs `type` to sync up). */
export interface SObjectAttributes<TType extends string = string> {
  readonly type: TType;
  readonly url?: string;
}

/**
 * A related record of an object that is not generated: its id, its name when
 * the query selected it, and its type in `attributes`.
 */
export interface SObjectRef<TType extends string = string> {
  attributes?: SObjectAttributes<TType>;
  Id?: string;
  Name?: string | null;
}

/** A picklist that also accepts values not in the describe (unrestricted picklists, comboboxes). */
export type OpenPicklist<TValues extends string> = TValues | (string & Record<never, never>);

/** A `date` field: `yyyy-MM-dd`. */
export type SalesforceDate = string;

/** A `datetime` field: ISO 8601 in UTC, e.g. `2024-03-01T12:00:00.000+0000`. */
export type SalesforceDateTime = string;

/** A `time` field: `HH:mm:ss.SSSZ`. */
export type SalesforceTime = string;

/** A compound `location` field (geolocation). */
export interface SalesforceLocation {
  latitude: number | null;
  longitude: number | null;
}

/** A compound `address` field, as the REST API returns it (read only; write its component fields). */
export interface SalesforceAddress extends SalesforceLocation {
  city: string | null;
  country: string | null;
  countryCode?: string | null;
  geocodeAccuracy: string | null;
  postalCode: string | null;
  state: string | null;
  stateCode?: string | null;
  street: string | null;
}

/** An `anyType` field: the value of a field of any primitive type (e.g. history `OldValue`). */
export type SalesforceAnyType = string | number | boolean;

/** Any JSON value (`json` and `complexvalue` fields). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

declare const multiPicklistValues: unique symbol;

/**
 * A multi-select picklist value as the API sends it: the chosen values joined
 * by `;` (`"SMB;Enterprise"`). Branded, so a plain string does not pass for
 * one: build it with `joinMultiPicklist`, read it with `splitMultiPicklist`.
 */
export type MultiPicklist<TValues extends string> = string & {
  readonly [multiPicklistValues]: TValues;
};

/**
 * The values of a multi-select picklist field (none for null or `""`).
 *
 * @example
 * splitMultiPicklist(account.Segments__c); // ['SMB', 'Enterprise']
 */
export function splitMultiPicklist<TValues extends string>(
  value: MultiPicklist<TValues> | null | undefined,
): TValues[] {
  return value === null || value === undefined || value === ''
    ? []
    : (value.split(';') as TValues[]);
}

/**
 * A multi-select picklist value from its values (each once, in the order given).
 *
 * @example
 * accounts.updateLocally(id, { Segments__c: joinMultiPicklist<Account$Segments__c>(['SMB']) });
 */
export function joinMultiPicklist<TValues extends string>(
  values: readonly TValues[],
): MultiPicklist<TValues> {
  return [...new Set(values)].join(';') as MultiPicklist<TValues>;
}

/**
 * Narrows a polymorphic reference (`event.What`) to the record of one type, by
 * its `attributes.type`. (TypeScript narrows a union only on a property of its
 * own, not on the nested `attributes.type`, so a check written inline does not
 * narrow; this guard does.)
 *
 * @example
 * if (isRecordOfType(event.What, 'Account')) event.What.AnnualRevenue;
 */
export function isRecordOfType<
  TRecord extends { readonly attributes?: SObjectAttributes<string> | undefined },
  TType extends string,
>(
  record: TRecord | null | undefined,
  type: TType,
): record is Extract<TRecord, { readonly attributes?: SObjectAttributes<TType> | undefined }> & {
  readonly attributes: SObjectAttributes<TType>;
} {
  return record?.attributes?.type === type;
}

/** The records of a child sub-query (`SELECT …, (SELECT … FROM Contacts) FROM Account`), as the API nests them. */
export interface SubQueryResult<TChild> {
  readonly totalSize: number;
  readonly done: boolean;
  readonly records: TChild[];
  readonly nextRecordsUrl?: string;
}

/**
 * A dependent picklist's rule: for each value of its controlling field (a
 * checkbox's are `"false"` and `"true"`), the values the dependent field allows.
 */
export interface DependentPicklist<TController extends string | boolean, TValue extends string> {
  /** The controlling field's API name. */
  readonly controllerField: string;
  readonly allowed: { readonly [C in `${TController}`]?: readonly TValue[] };
}

/**
 * Whether a dependent picklist's value is allowed with its controlling field's
 * value, as the org would decide: an empty value always is; with an empty
 * controller no value is.
 *
 * @example
 * isDependentValueAllowed(invoice__c$Territory__c$ByController, 'EMEA', 'UK'); // true
 */
export function isDependentValueAllowed<
  TController extends string | boolean,
  TValue extends string,
>(
  rule: DependentPicklist<TController, TValue>,
  controllerValue: NoInfer<TController> | null | undefined,
  value: NoInfer<TValue> | null | undefined,
): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (controllerValue === null || controllerValue === undefined) return false;
  const allowed: readonly TValue[] | undefined =
    rule.allowed[`${controllerValue}` as `${TController}`];
  return allowed?.includes(value) ?? false;
}
