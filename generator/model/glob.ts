/**
 * Tiny glob matching for object and field names: `*` matches any run of
 * characters, `?` one character; everything else is literal. Matching is
 * case-sensitive, as Salesforce API names are unique case-insensitively but
 * always spelled one way in describes.
 */

/**
 * True when the pattern holds a wildcard.
 *
 * @example
 * isGlob('*__c'); // true
 * isGlob('Account'); // false
 */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

const cache = new Map<string, RegExp>();

/**
 * Whether a name matches a glob pattern.
 *
 * @example
 * globMatch('*History', 'AccountHistory'); // true
 * globMatch('Invoice?__c', 'Invoice2__c'); // true
 */
export function globMatch(pattern: string, name: string): boolean {
  let regex = cache.get(pattern);
  if (regex === undefined) {
    let source = '^';
    for (const ch of pattern) {
      if (ch === '*') source += '.*';
      else if (ch === '?') source += '.';
      else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    regex = new RegExp(`${source}$`, 'su');
    cache.set(pattern, regex);
  }
  return regex.test(name);
}
