/**
 * What MERGE_FIELDS knows of a field, from the object's describe: a
 * multi-select picklist merges as a set; a field the API does not let a
 * client write (formula, roll-up, system, compound address) is read-only:
 * it takes the server's value and never conflicts. The describe is asked
 * once per sObject type and client (the generated sync configs list field
 * names only, and the org, not the build, says what a field is now).
 */
import type { SalesforceClient } from '../contracts/salesforce-client.js';
import type { FieldKind } from './three-way.js';

/** A field's kind by name; `plain` for a name the describe does not list. */
export type FieldKinds = (field: string) => FieldKind;

const asked = new WeakMap<SalesforceClient, Map<string, Promise<Map<string, FieldKind>>>>();
const known = new WeakMap<SalesforceClient, Map<string, Map<string, FieldKind>>>();

interface DescribedField {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly updateable?: unknown;
  readonly createable?: unknown;
  readonly calculated?: unknown;
}

/** The kinds of a describe's fields. */
export function kindsOfDescribe(describe: unknown): Map<string, FieldKind> {
  const kinds = new Map<string, FieldKind>();
  const fields = (describe as { fields?: unknown } | null)?.fields;
  if (!Array.isArray(fields)) return kinds;
  for (const field of fields as DescribedField[]) {
    if (typeof field.name !== 'string') continue;
    const kind: FieldKind =
      field.calculated === true || (field.updateable === false && field.createable === false)
        ? 'readOnly'
        : field.type === 'multipicklist'
          ? 'multiPicklist'
          : 'plain';
    kinds.set(field.name, kind);
  }
  return kinds;
}

/**
 * The field kinds of `type`, described once per client.
 *
 * @example
 * const kindOf = await fieldKinds(client, 'Account');
 * kindOf('Industry'); // 'plain'
 */
export async function fieldKinds(client: SalesforceClient, type: string): Promise<FieldKinds> {
  let byType = asked.get(client);
  if (byType === undefined) {
    byType = new Map();
    asked.set(client, byType);
  }
  let pending = byType.get(type);
  if (pending === undefined) {
    pending = client.describe(type).then(kindsOfDescribe);
    byType.set(type, pending);
    // A failed describe is asked again next time.
    pending.catch(() => byType?.delete(type));
  }
  const kinds = await pending;
  const cache = known.get(client) ?? new Map<string, Map<string, FieldKind>>();
  cache.set(type, kinds);
  known.set(client, cache);
  return (field) => kinds.get(field) ?? 'plain';
}

/** The kinds of `type` if already described with this client (for the synchronous page save); else all plain. */
export function knownFieldKinds(client: SalesforceClient, type: string): FieldKinds {
  const kinds = known.get(client)?.get(type);
  return (field) => kinds?.get(field) ?? 'plain';
}
