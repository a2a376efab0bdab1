/**
 * Records as the REST API returns them: `attributes` first, then fields, with
 * the URL for the request's API version.
 */
import { type OrgRecord, OrgWriteError } from '../org/records.js';
import { recordAttributes, type TypeSchema } from '../org/schema.js';

/** @internal The record with `attributes`, every field or only `fields` and `Id` (case-insensitive names). */
export function restRecord(
  type: TypeSchema,
  record: OrgRecord,
  version: string,
  fields?: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: recordAttributes(type.name, record.Id, version),
  };
  if (fields === undefined) {
    for (const field of type.fields) {
      if (field.name in record) out[field.name] = record[field.name];
    }
    return out;
  }
  for (const name of fields) {
    const field = type.field(name);
    if (field !== undefined) out[field.name] = record[field.name] ?? null;
  }
  // The platform answers the record's Id with any field list.
  if (!('Id' in out)) out.Id = record.Id;
  return out;
}

/** @internal The `fields=` list of a request, if given. */
export function fieldList(value: string | null): string[] | undefined {
  if (value === null || value.trim() === '') return undefined;
  return value
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
}

/**
 * @internal The value of `name` in a request body, matched case-insensitively
 * as the platform matches field names (jsforce sends `id` in a Collections update).
 */
export function bodyValue(record: Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

/** @internal `record` without the key naming `name` (in any case). */
export function withoutKey(record: Record<string, unknown>, name: string): Record<string, unknown> {
  const lower = name.toLowerCase();
  return Object.fromEntries(Object.entries(record).filter(([k]) => k.toLowerCase() !== lower));
}

/** @internal An `INVALID_FIELD` error for the first of `fields` the type lacks, if any. */
export function unknownField(
  type: TypeSchema,
  fields: readonly string[],
): OrgWriteError | undefined {
  const name = fields.find((f) => type.field(f) === undefined);
  if (name === undefined) return undefined;
  return new OrgWriteError(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${type.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}
