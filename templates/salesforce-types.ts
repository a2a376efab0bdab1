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
