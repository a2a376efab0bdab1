/**
 * The SOQL a `soql` sync-down target runs (§3.3 of the design notes): the
 * select list always holds the id and modification-date fields, an ORDER BY on
 * the modification date is added when there is none, and an incremental run
 * puts `<modDate> > <ts>` in front of the user's filter, which is kept
 * intact in parentheses (the SDK leaves them out, which with an OR fetches
 * more than asked).
 */

import { splitTopLevelCommas } from '../../../salesforce/soql-lists.js';
import { soqlDateTime } from '../contracts/soql-text.js';

const CLAUSES = [
  'select',
  'from',
  'where',
  'group by',
  'having',
  'order by',
  'limit',
  'offset',
] as const;
type Clause = (typeof CLAUSES)[number];

/** The text of each top-level clause (without its keyword), as written. */
export type SoqlClauses = Partial<Record<Clause, string>>;

/**
 * Splits a query at its top-level clause keywords, ignoring quoted strings and
 * parenthesised sub-queries.
 *
 * @example
 * splitSoql("SELECT Id FROM Account WHERE Name = 'x from y'").where; // "Name = 'x from y'"
 */
export function splitSoql(query: string): SoqlClauses {
  const marks: { clause: Clause; start: number; end: number }[] = [];
  let depth = 0;
  let quoted = false;
  const lower = query.toLowerCase();
  for (let i = 0; i < query.length; i++) {
    const ch = query[i] as string;
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === "'") quoted = false;
      continue;
    }
    if (ch === "'") quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && (i === 0 || /\s/.test(query[i - 1] as string))) {
      for (const clause of CLAUSES) {
        const words = clause.split(' ');
        const match = new RegExp(`^${words.join('\\s+')}(?=\\s|$)`).exec(lower.slice(i));
        if (match && !marks.some((m) => m.clause === clause)) {
          marks.push({ clause, start: i, end: i + match[0].length });
          i += match[0].length - 1;
          break;
        }
      }
    }
  }
  const clauses: SoqlClauses = {};
  marks.forEach((mark, index) => {
    const next = marks[index + 1]?.start ?? query.length;
    clauses[mark.clause] = query.slice(mark.end, next).trim();
  });
  return clauses;
}

function joinSoql(clauses: SoqlClauses): string {
  return CLAUSES.filter((clause) => clauses[clause] !== undefined && clauses[clause] !== '')
    .map((clause) => `${clause} ${clauses[clause]}`)
    .join(' ');
}

function topLevelFields(select: string): string[] {
  return splitTopLevelCommas(select).map((field) => field.trim());
}

/**
 * The query a target runs: id and modification date selected, ordered by the
 * modification date unless it has its own ORDER BY. Unchanged when nothing was missing.
 *
 * @example
 * normalizeSoql('select FirstName from Contact', 'Id', 'LastModifiedDate');
 * // 'select Id,LastModifiedDate,FirstName from Contact order by LastModifiedDate'
 */
export function normalizeSoql(
  query: string,
  idField: string,
  modificationDateField: string,
): string {
  const clauses = splitSoql(query);
  if (clauses.select === undefined || clauses.from === undefined) return query;
  const fields = topLevelFields(clauses.select).map((f) => f.toLowerCase());
  let select = clauses.select;
  let changed = false;
  if (!fields.includes(modificationDateField.toLowerCase())) {
    select = `${modificationDateField},${select}`;
    changed = true;
  }
  if (!fields.includes(idField.toLowerCase())) {
    select = `${idField},${select}`;
    changed = true;
  }
  let orderBy = clauses['order by'];
  if (orderBy === undefined) {
    orderBy = modificationDateField;
    changed = true;
  }
  return changed ? joinSoql({ ...clauses, select, 'order by': orderBy }) : query;
}

/** Whether the query's top-level ORDER BY starts with the modification date (pages come in time order). */
export function isSortedByModificationDate(query: string, modificationDateField: string): boolean {
  const orderBy = splitSoql(query)['order by'];
  return (
    orderBy !== undefined &&
    orderBy.split(/[\s,]+/)[0]?.toLowerCase() === modificationDateField.toLowerCase()
  );
}

/**
 * The query of an incremental run: records modified after `maxTimeStamp`, the
 * user's own filter kept whole in parentheses.
 *
 * @example
 * incrementalSoql("select Id from Account where A = 1 or B = 2", 'LastModifiedDate', 0);
 * // "select Id from Account where LastModifiedDate > 1970-01-01T00:00:00.000+0000 and (A = 1 or B = 2)"
 */
export function incrementalSoql(
  query: string,
  modificationDateField: string,
  maxTimeStamp: number,
): string {
  const clauses = splitSoql(query);
  const since = `${modificationDateField} > ${soqlDateTime(maxTimeStamp)}`;
  return joinSoql({
    ...clauses,
    where: clauses.where === undefined ? since : `${since} and (${clauses.where})`,
  });
}

/** The id-only query of ghost cleaning: the full query's filter and limit, no ORDER BY. */
export function idsSoql(query: string, idField: string): string {
  const clauses = splitSoql(query);
  return joinSoql({ ...clauses, select: idField, 'order by': undefined });
}
