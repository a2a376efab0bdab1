/**
 * The "did you mean" hint of a name that matches nothing, from the closest of
 * the names there are (the runtime's edit distance, so every soupkit message
 * suggests the same way).
 */
import { closestName } from '../../runtime/errors.js';

/**
 * ` (did you mean "X"?)` for the candidate closest to `name`, or `''` when none is close.
 *
 * @example
 * didYouMean('Acount', ['Account', 'Contact']); // ' (did you mean "Account"?)'
 * didYouMean('Zzz', ['Account']); // ''
 */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const close = closestName(name, candidates);
  return close === undefined ? '' : ` (did you mean "${close}"?)`;
}
