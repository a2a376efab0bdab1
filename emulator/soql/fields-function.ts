/**
 * `FIELDS(STANDARD | CUSTOM | ALL)` in a select list, expanded to the fields of
 * the type's describe, with the platform's rules: CUSTOM and ALL are
 * unbounded and need a LIMIT of at most 200; a field may not be selected twice;
 * FIELDS() does not mix with GROUP BY or aggregates.
 */
import type { TypeSchema } from '../org/schema.js';
import { queryError, type SelectItem, type SoqlQuery } from './ast.js';

const UNBOUNDED_LIMIT = 200;

/** The names of the type's custom fields: the describe's `custom`, else a `__c`-style suffix. */
function customFieldNames(type: TypeSchema): Set<string> {
  const fields = (type.describe.value as { fields?: { name?: string; custom?: boolean }[] }).fields;
  const names = new Set<string>();
  for (const field of fields ?? []) {
    const name = field.name ?? '';
    if (typeof field.custom === 'boolean' ? field.custom : /__[a-z]$/i.test(name)) names.add(name);
  }
  return names;
}

/**
 * The query with its `FIELDS()` items replaced by the fields they stand for
 * (the query itself when it has none); throws `SoqlError` where the platform
 * refuses the query.
 *
 * @example
 * expandFields(account, parseSoql('SELECT FIELDS(STANDARD) FROM Account'), text).select;
 * // [{ kind: 'field', path: ['Id'] }, { kind: 'field', path: ['IsDeleted'] }, …]
 */
export function expandFields(type: TypeSchema, query: SoqlQuery, text: string): SoqlQuery {
  if (!query.select.some((item) => item.kind === 'fields')) return query;
  const aggregated =
    query.groupBy !== undefined ||
    query.select.some((item) => item.kind === 'expression' || item.kind === 'count');
  if (aggregated) {
    throw queryError(
      'MALFORMED_QUERY',
      text,
      'FIELDS() cannot be used with GROUP BY, aggregate functions or COUNT()',
    );
  }
  const unbounded = query.select.some(
    (item) => item.kind === 'fields' && item.group !== 'STANDARD',
  );
  if (unbounded && (query.limit === undefined || query.limit > UNBOUNDED_LIMIT)) {
    throw queryError(
      'MALFORMED_QUERY',
      text,
      `The SOQL FIELDS function must have a LIMIT of at most ${UNBOUNDED_LIMIT}`,
    );
  }
  const select: SelectItem[] = [];
  const seen = new Set<string>();
  const add = (name: string) => {
    const key = name.toLowerCase();
    if (seen.has(key)) {
      throw queryError('INVALID_FIELD', text, `duplicate field selected: ${name}`);
    }
    seen.add(key);
    select.push({ kind: 'field', path: [name] });
  };
  for (const item of query.select) {
    if (item.kind === 'fields') {
      const customs = customFieldNames(type);
      for (const field of type.fields) {
        const custom = customs.has(field.name);
        if (item.group === 'ALL' || (item.group === 'CUSTOM') === custom) add(field.name);
      }
    } else if (item.kind === 'field' && item.path.length === 1) {
      add(type.field(item.path[0] as string)?.name ?? (item.path[0] as string));
    } else {
      select.push(item);
    }
  }
  return { ...query, select };
}
