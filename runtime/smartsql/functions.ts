/**
 * The functions Smart SQL may call. An allow-list, not a deny-list: the cipher
 * driver registers functions of its own (`sqlite3mc_config`, `sqlite3mc_codec_data`,
 * …) that change the connection's encryption settings, and a later driver or
 * extension may add more. Anything not named here is refused at compile time.
 */

const CORE_SCALAR = [
  'abs',
  'char',
  'coalesce',
  'concat',
  'concat_ws',
  'format',
  'glob',
  'hex',
  'if',
  'ifnull',
  'iif',
  'instr',
  'length',
  'like',
  'likelihood',
  'likely',
  'lower',
  'ltrim',
  'max',
  'min',
  'nullif',
  'octet_length',
  'printf',
  'quote',
  'random',
  'randomblob',
  'replace',
  'round',
  'rtrim',
  'sign',
  'soundex',
  'substr',
  'substring',
  'trim',
  'typeof',
  'unhex',
  'unicode',
  'unlikely',
  'upper',
  'zeroblob',
];

const AGGREGATE = ['avg', 'count', 'group_concat', 'string_agg', 'sum', 'total'];

const WINDOW = [
  'row_number',
  'rank',
  'dense_rank',
  'percent_rank',
  'cume_dist',
  'ntile',
  'lag',
  'lead',
  'first_value',
  'last_value',
  'nth_value',
];

const DATE_TIME = ['date', 'time', 'datetime', 'julianday', 'unixepoch', 'strftime', 'timediff'];

const MATH = [
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atan2',
  'atanh',
  'ceil',
  'ceiling',
  'cos',
  'cosh',
  'degrees',
  'exp',
  'floor',
  'ln',
  'log',
  'log10',
  'log2',
  'mod',
  'pi',
  'pow',
  'power',
  'radians',
  'sin',
  'sinh',
  'sqrt',
  'tan',
  'tanh',
  'trunc',
];

const JSON_FUNCTIONS = [
  'json',
  'json_array',
  'json_array_length',
  'json_error_position',
  'json_extract',
  'json_insert',
  'json_object',
  'json_patch',
  'json_pretty',
  'json_quote',
  'json_remove',
  'json_replace',
  'json_set',
  'json_type',
  'json_valid',
  'json_group_array',
  'json_group_object',
  'jsonb',
  'jsonb_array',
  'jsonb_extract',
  'jsonb_insert',
  'jsonb_object',
  'jsonb_patch',
  'jsonb_remove',
  'jsonb_replace',
  'jsonb_set',
  'jsonb_group_array',
  'jsonb_group_object',
];

/** FTS5's auxiliary functions (the store's full-text tables are FTS5). */
const FULL_TEXT = ['bm25', 'highlight', 'snippet'];

/** Lower-case names of every function Smart SQL may call. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  ...CORE_SCALAR,
  ...AGGREGATE,
  ...WINDOW,
  ...DATE_TIME,
  ...MATH,
  ...JSON_FUNCTIONS,
  ...FULL_TEXT,
]);

/**
 * Whether Smart SQL may call the function (case-insensitive).
 *
 * @example
 * isAllowedFunction('JSON_EXTRACT'); // => true
 * isAllowedFunction('sqlite3mc_config'); // => false
 */
export function isAllowedFunction(name: string): boolean {
  return ALLOWED_FUNCTIONS.has(name.toLowerCase());
}
