/**
 * JSON parsing that reports where a syntax error is: the runtime's (one
 * implementation, shared with `soupkit sync`'s config files), re-exported
 * where the generator has always imported it from.
 */
export {
  type JsonParseResult,
  type JsonSyntaxProblem,
  lineAndColumn,
  parseJsonText,
} from '../runtime/json-text.js';
