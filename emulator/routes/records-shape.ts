/**
 * Records as the REST API returns them: `attributes` first, then fields, with
 * the URL for the request's API version.
 */
import type { OrgRecord } from '../org/records.js';
import { recordAttributes, type TypeSchema } from '../org/schema.js';

/** @internal The record with `attributes`, every field or only `fields` (case-insensitive names). */
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
