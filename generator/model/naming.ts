/**
 * The one place where Salesforce API names become TypeScript names, file paths
 * and literals. Everything the emitters print as a name comes from here, so a
 * naming rule changes in one place.
 *
 * Rules:
 * - Object types keep the API name (`Account`, `Invoice__c`); the create and
 *   update shapes add `Create` / `Update`.
 * - Field-level types join object and field with `$` (`Account$Industry`,
 *   `Event$What$Targets`): no API name holds a `$`, so they never meet an
 *   object's type; object names that would shadow a type the generated code
 *   uses (`GENERATED_CODE_TYPE_NAMES`) are refused.
 * - Values are camelCase: `accountSoup`, `accountSyncDown`, `bindAccountSoup`.
 * - Field names that are not valid identifiers are quoted, never mangled.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words that cannot name a property without quotes in no context, or a type. */
const RESERVED_TYPE_NAMES = new Set([
  'any',
  'bigint',
  'boolean',
  'never',
  'null',
  'number',
  'object',
  'string',
  'symbol',
  'undefined',
  'unknown',
  'void',
]);

/**
 * Whether a name can be written unquoted as a property name or identifier.
 *
 * @example
 * isIdentifier('Name'); // true
 * isIdentifier('My-Field'); // false
 */
function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * A TypeScript string literal for any string: single-quoted unless the value
 * holds more single than double quotes (as formatters print it); the quote,
 * backslashes, control characters and line/paragraph separators are escaped;
 * other Unicode characters are kept as they are.
 *
 * @example
 * stringLiteral('Closed Won'); // "'Closed Won'"
 * stringLiteral("Won't pay"); // '"Won\'t pay"'
 */
export function stringLiteral(value: string): string {
  // Most values (names, labels) need no escape and have no quote to weigh.
  if (!NEEDS_STRING_ESCAPE.test(value)) return `'${value}'`;
  let singles = 0;
  let doubles = 0;
  for (const ch of value) {
    if (ch === "'") singles++;
    else if (ch === '"') doubles++;
  }
  const quote = singles > doubles ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === quote) out += `\\${ch}`;
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (
      code < 0x20 ||
      code === 0x7f ||
      code === 0x2028 ||
      code === 0x2029 ||
      isLoneSurrogate(code)
    ) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}${quote}`;
}

/** A character `stringLiteral` escapes or weighs: quotes, `\\`, controls, separators, surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const NEEDS_STRING_ESCAPE = /['"\\\u0000-\u001f\u007f\u2028\u2029\ud800-\udfff]/;

function isLoneSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/**
 * A property key: the name itself when it is an identifier, a quoted literal otherwise.
 *
 * @example
 * propertyKey('Name'); // 'Name'
 * propertyKey('Ship-To'); // "'Ship-To'"
 */
export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : stringLiteral(name);
}

/** A type or value identifier from an API name: invalid characters become `_`. */
function identifierFrom(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_$]/g, '_');
  if (id === '' || /^[0-9]/.test(id)) id = `_${id}`;
  return id;
}

/**
 * The record type name of an sObject.
 *
 * @example
 * recordTypeName('Invoice__c'); // 'Invoice__c'
 */
export function recordTypeName(objectName: string): string {
  const id = identifierFrom(objectName);
  return RESERVED_TYPE_NAMES.has(id) ? `${id}_` : id;
}

/**
 * The type of the fields to create a record.
 *
 * @example
 * createTypeName('Account'); // 'AccountCreate'
 */
export function createTypeName(objectName: string): string {
  return `${recordTypeName(objectName)}Create`;
}

/**
 * The type of the fields to update a record.
 *
 * @example
 * updateTypeName('Account'); // 'AccountUpdate'
 */
export function updateTypeName(objectName: string): string {
  return `${recordTypeName(objectName)}Update`;
}

/**
 * The type of a record as stored in its soup (record plus sync flags).
 *
 * @example
 * soupRecordTypeName('Account'); // 'AccountSoupRecord'
 */
export function soupRecordTypeName(objectName: string): string {
  return `${recordTypeName(objectName)}SoupRecord`;
}

/**
 * The type of the soup bound to a store.
 *
 * @example
 * typedSoupTypeName('Account'); // 'AccountTypedSoup'
 */
export function typedSoupTypeName(objectName: string): string {
  return `${recordTypeName(objectName)}TypedSoup`;
}

/**
 * Field-level type names join the object and the field with `$`, a character
 * no API name holds: `Account$Type__c` can never be the name of an object's
 * type (a custom object `Account_Type__c` stays `Account_Type__c`).
 */
const FIELD_SEPARATOR = '$';

/**
 * The union type of a picklist's values.
 *
 * @example
 * picklistTypeName('Account', 'Industry'); // 'Account$Industry'
 */
export function picklistTypeName(objectName: string, fieldName: string): string {
  return `${recordTypeName(objectName)}${FIELD_SEPARATOR}${identifierFrom(fieldName)}`;
}

/**
 * The union of the object names a polymorphic relationship may point to, when
 * it is too long to write inline.
 *
 * @example
 * referenceTargetsTypeName('Event', 'What'); // 'Event$What$Targets'
 */
export function referenceTargetsTypeName(objectName: string, relationshipName: string): string {
  return `${recordTypeName(objectName)}${FIELD_SEPARATOR}${identifierFrom(relationshipName)}${FIELD_SEPARATOR}Targets`;
}

/**
 * Type and value names the generated code uses besides the objects' own: an
 * object named like one of them (a synthetic `SObjectRef`, `Partial`) would
 * shadow it, so generation refuses it.
 */
export const GENERATED_CODE_TYPE_NAMES: ReadonlySet<string> = new Set([
  'Partial',
  'Record',
  'Readonly',
  'Omit',
  'Pick',
  'Array',
  'Promise',
  'SObjectAttributes',
  'SObjectRef',
  'OpenPicklist',
  'MultiPicklist',
  'SubQueryResult',
  'DependentPicklist',
  'SalesforceDate',
  'SalesforceDateTime',
  'SalesforceTime',
  'SalesforceAddress',
  'SalesforceLocation',
  'SalesforceAnyType',
  'JsonValue',
  'TypedSoupHost',
  'LocalEditHost',
  'SyncLocalFlags',
  'TypedSyncSoup',
  'SyncManager',
  'SyncState',
  'ConfiguredSyncOptions',
  'SyncConfigEntry',
  'StoreConfig',
  'SyncsConfig',
]);

/**
 * camelCase for value names: a leading run of capitals is lowered as a word.
 *
 * @example
 * camelName('Account'); // 'account'
 * camelName('URLRecord__c'); // 'urlRecord__c'
 */
export function camelName(objectName: string): string {
  const id = identifierFrom(objectName);
  const run = /^[A-Z]+/.exec(id)?.[0] ?? '';
  if (run.length <= 1) return id.charAt(0).toLowerCase() + id.slice(1);
  const rest = id.slice(run.length);
  const keep = /^[a-z]/.test(rest) ? run.length - 1 : run.length;
  return run.slice(0, keep).toLowerCase() + run.slice(keep) + rest;
}

/**
 * The soup definition constant.
 *
 * @example
 * soupConstName('Invoice__c'); // 'invoice__cSoup'
 */
export function soupConstName(objectName: string): string {
  return `${camelName(objectName)}Soup`;
}

/**
 * The function binding the soup definition to a store.
 *
 * @example
 * bindSoupFunctionName('Account'); // 'bindAccountSoup'
 */
export function bindSoupFunctionName(objectName: string): string {
  return `bind${recordTypeName(objectName)}Soup`;
}

/**
 * The sync config constants.
 *
 * @example
 * syncConstName('Account', 'syncDown'); // 'accountSyncDown'
 */
export function syncConstName(objectName: string, syncType: 'syncDown' | 'syncUp'): string {
  return `${camelName(objectName)}${syncType === 'syncDown' ? 'SyncDown' : 'SyncUp'}`;
}

/**
 * The constant of a family sync: the parent, `With`, the relationship.
 *
 * @example
 * familySyncConstName('Account', 'Contacts', 'syncDown'); // 'accountWithContactsSyncDown'
 */
export function familySyncConstName(
  objectName: string,
  relationshipName: string,
  syncType: 'syncDown' | 'syncUp',
): string {
  return syncConstName(`${objectName}With${relationshipName}`, syncType);
}

/**
 * The typed function running a sync of an object (or of a family).
 *
 * @example
 * syncFunctionName('syncDown', 'Account'); // 'syncDownAccount'
 * syncFunctionName('reSync', 'Account'); // 'reSyncAccount'
 * syncFunctionName('syncUp', 'Account', 'Contacts'); // 'syncUpAccountWithContacts'
 */
export function syncFunctionName(
  verb: 'syncDown' | 'syncUp' | 'reSync',
  objectName: string,
  relationshipName?: string,
): string {
  const subject =
    relationshipName === undefined ? objectName : `${objectName}With${relationshipName}`;
  return `${verb}${subject.charAt(0).toUpperCase()}${subject.slice(1)}`;
}

/**
 * The sync name of a family sync: the parent soup's sync name, `With`, the relationship.
 *
 * @example
 * familySyncName('syncDown', 'Account', 'Contacts'); // 'syncDownAccountWithContacts'
 */
export function familySyncName(
  syncType: 'syncDown' | 'syncUp',
  soupName: string,
  relationshipName: string,
): string {
  return `${syncName(syncType, soupName)}With${relationshipName}`;
}

/**
 * The map of an object's record types, developer name → id, and the union of its names.
 *
 * @example
 * recordTypeNames('Account'); // { constName: 'accountRecordTypeIds', typeName: 'Account$RecordType' }
 */
export function recordTypeNames(objectName: string): { constName: string; typeName: string } {
  return {
    constName: `${camelName(objectName)}RecordTypeIds`,
    typeName: `${recordTypeName(objectName)}${FIELD_SEPARATOR}RecordType`,
  };
}

/**
 * The rule of a dependent picklist: controller value → the values allowed.
 *
 * @example
 * dependentPicklistConstName('Invoice__c', 'Territory__c'); // 'invoice__c$Territory__c$ByController'
 */
export function dependentPicklistConstName(objectName: string, fieldName: string): string {
  return `${camelName(objectName)}${FIELD_SEPARATOR}${identifierFrom(fieldName)}${FIELD_SEPARATOR}ByController`;
}

/**
 * The default soup name of an object: its API name.
 *
 * @example
 * defaultSoupName('Invoice__c'); // 'Invoice__c'
 */
export function defaultSoupName(objectName: string): string {
  return objectName;
}

/**
 * The name of a sync in `usersyncs.json`, as the Mobile SDK templates spell them.
 *
 * @example
 * syncName('syncDown', 'Account'); // 'syncDownAccount'
 */
export function syncName(syncType: 'syncDown' | 'syncUp', soupName: string): string {
  return `${syncType}${soupName.charAt(0).toUpperCase()}${soupName.slice(1)}`;
}

/** Output paths, relative to the output directory, always with `/`. */
export const outputPaths = {
  sobject: (objectName: string) => `sobjects/${objectName}.ts`,
  soup: (objectName: string) => `soups/${objectName}.ts`,
  syncs: (objectName: string) => `syncs/${objectName}.ts`,
  salesforceTypes: 'salesforce-types.ts',
  index: 'index.ts',
  userstore: 'userstore.json',
  usersyncs: 'usersyncs.json',
  manifest: 'soupkit-manifest.json',
} as const;

/**
 * The import specifier from one output file to another (NodeNext style, `.js` suffix).
 *
 * @example
 * importSpecifier('soups/Account.ts', 'sobjects/Account.ts'); // '../sobjects/Account.js'
 */
export function importSpecifier(fromPath: string, toPath: string): string {
  const from = fromPath.split('/').slice(0, -1);
  const to = toPath.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join('/').replace(/\.ts$/, '.js');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

/**
 * Orders strings by UTF-16 code units, the same on every machine (unlike
 * `localeCompare`): for names and paths in generated output.
 *
 * @example
 * ['b', 'B', 'a'].sort(compareText); // ['B', 'a', 'b']
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const DOC_TEXT_TOKEN: unique symbol = Symbol('DocText');

/**
 * Text for a JSDoc comment, made only by `doc` and `docText`: the one escaping
 * path for every describe or config string that reaches a generated comment.
 * The emitters' `docs` fields take nothing else, so a raw string cannot get in.
 */
export class DocText {
  constructor(
    readonly text: string,
    token: typeof DOC_TEXT_TOKEN,
  ) {
    if (token !== DOC_TEXT_TOKEN) throw new TypeError('DocText is made by doc`…` or docText()');
  }
}

const NEEDS_DOC_ESCAPE = /\r|\*\/|@/;

/** Escapes untrusted text for a comment: `*\/` cannot end it, `@` at a line start is no tag. */
function escapeDoc(text: string): string {
  if (!NEEDS_DOC_ESCAPE.test(text)) return text;
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/(^|\n)(\s*)@/g, '$1$2\\@');
}

/**
 * Doc text from untrusted text as a whole (a label, help text), trimmed.
 *
 * @example
 * docText('@internal note').text; // '\\@internal note'
 */
export function docText(text: string): DocText {
  return new DocText(escapeDoc(text).trim(), DOC_TEXT_TOKEN);
}

/**
 * Doc text from a template: the literal parts are the emitter's own (tags such
 * as `@example` stay tags), every interpolated string is escaped, and
 * interpolated `DocText` is kept as already escaped.
 *
 * @example
 * doc`Soup \`${'a*\/b'}\`.`.text; // 'Soup `a*\\/b`.'
 */
export function doc(
  parts: TemplateStringsArray,
  ...values: (string | number | DocText)[]
): DocText {
  let text = parts[0] ?? '';
  values.forEach((value, i) => {
    text += value instanceof DocText ? value.text : escapeDoc(String(value));
    text += parts[i + 1] ?? '';
  });
  return new DocText(text, DOC_TEXT_TOKEN);
}
