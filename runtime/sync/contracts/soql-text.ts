/**
 * Text sync puts into SOQL: API names checked, ids quoted, and the platform's
 * date-times read. Pure, so the generator checks names with the same rule.
 */

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Whether `name` is a Salesforce API name: a letter, then letters, digits and `_`.
 *
 * @example
 * isApiName('ns__Invoice__c'); // => true
 */
export function isApiName(name: string): boolean {
  return API_NAME.test(name);
}

/**
 * Whether `path` is a dotted path of API names (`Account.Name`).
 *
 * @example
 * isFieldPath('Owner.Name'); // => true
 */
export function isFieldPath(path: string): boolean {
  return path.split('.').every(isApiName);
}

/**
 * Ids as a SOQL `IN` list; anything but letters and digits is dropped, so no
 * id can break out of its quotes.
 *
 * @example
 * soqlIdList(['001A', "x' OR 1=1"]); // => "'001A', 'xOR11'"
 */
export function soqlIdList(ids: readonly string[]): string {
  return ids.map((id) => `'${id.replace(/[^0-9A-Za-z]/g, '')}'`).join(', ');
}

/**
 * Epoch ms of a date-time as the API writes it (`…+0000`, `…Z`, `…+01:00`), or NaN.
 *
 * @example
 * parseSalesforceDateTime('1970-01-01T00:00:01.000+0000'); // => 1000
 */
export function parseSalesforceDateTime(value: unknown): number {
  return typeof value === 'string'
    ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
    : Number.NaN;
}

/**
 * A SOQL date-time literal for epoch ms, in UTC as the API writes it.
 *
 * @example
 * soqlDateTime(1000); // => '1970-01-01T00:00:01.000+0000'
 */
export function soqlDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
