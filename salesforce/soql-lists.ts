/**
 * Lists in SOQL and SOSL text: a SELECT field list or a RETURNING list, split
 * at the commas that are not inside parentheses (sub-queries, `TYPEOF`,
 * `RETURNING Account(Id, Name)`).
 */

/**
 * The parts of `text` between its top-level commas, as written (not trimmed);
 * a blank last part (a trailing comma) is left out.
 *
 * @example
 * splitTopLevelCommas('Id, (SELECT Id, Name FROM Contacts), Name');
 * // ['Id', ' (SELECT Id, Name FROM Contacts)', ' Name']
 */
export function splitTopLevelCommas(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current);
  return parts;
}
