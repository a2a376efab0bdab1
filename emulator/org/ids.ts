/**
 * Salesforce record ids: 15 case-sensitive characters (the object's 3-character
 * key prefix, then a serial), and the 18-character form the API returns, whose
 * last 3 characters encode which of the 15 are upper case.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The 3-character checksum suffix of a 15-character id.
 *
 * @example
 * idSuffix('001000000000001'); // 'AAA'
 */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charCodeAt(chunk * 5 + i);
      if (ch >= 65 && ch <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return suffix;
}

/** Whether `id` is a well-formed 15- or 18-character id (with a valid suffix). */
export function isWellFormedId(id: string): boolean {
  if (!/^[0-9A-Za-z]{15}(?:[0-9A-Z]{3})?$/.test(id)) return false;
  return id.length === 15 || idSuffix(id.slice(0, 15)) === id.slice(15);
}

/** The 18-character form of a 15- or 18-character id. */
export function toId18(id: string): string {
  return id.length === 18 ? id : `${id}${idSuffix(id)}`;
}

/**
 * Hands out ids per key prefix: `<prefix>EM0<9-character base-62 serial>` plus
 * the suffix, so ids sort in creation order within an object.
 */
export class IdFactory {
  readonly #serials = new Map<string, number>();

  next(keyPrefix: string): string {
    const serial = (this.#serials.get(keyPrefix) ?? 0) + 1;
    this.#serials.set(keyPrefix, serial);
    let digits = '';
    for (let n = serial; digits.length < 9; n = Math.floor(n / 62))
      digits = BASE62[n % 62] + digits;
    return toId18(`${keyPrefix}EM0${digits}`);
  }
}
