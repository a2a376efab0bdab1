/**
 * Prints plain data as TypeScript or JSON literals, laid out like the rest of
 * the generated code (and as Biome or Prettier would at 100 columns): objects
 * one key per line, except small objects inside arrays; arrays on one line
 * when they fit, else one item per line.
 */
import { propertyKey, stringLiteral } from '../model/naming.js';

/**
 * Text printed as code, not as a string literal.
 *
 * @example
 * tsLiteral([new CodeText('accountSoup')]); // '[accountSoup]'
 */
export class CodeText {
  constructor(readonly text: string) {}
}

/** An item of a JSON array, printed ahead (`jsonArrayItem`). */
export interface PrintedItem {
  /** The item's text where it starts a line. */
  readonly text: string;
  /** When `text` is one line too long for that line: the item laid out for its column. */
  readonly wrapped?: string | undefined;
}

/**
 * The items of a JSON array printed ahead (e.g. in the thread that built
 * them), for an array whose items start at `inner`; printed as an array of
 * them would be.
 *
 * @example
 * jsonLiteral({ soups: new PrintedItems('    ', [jsonArrayItem({ soupName: 'A' }, '    ')]) });
 */
export class PrintedItems {
  constructor(
    readonly inner: string,
    readonly items: readonly PrintedItem[],
  ) {}
}

/** A value `tsLiteral` / `jsonLiteral` can print. */
export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | readonly LiteralValue[]
  | CodeText
  | PrintedItems
  | { readonly [key: string]: LiteralValue | undefined };

/** The line width the layout aims at. */
export const LINE_WIDTH = 100;

/**
 * Marks text to print as code, not as a string literal.
 *
 * @example
 * tsLiteral({ soups: code('soups') }); // '{\n  soups: soups,\n}'
 */
export function code(text: string): CodeText {
  return new CodeText(text);
}

interface Style {
  readonly string: (value: string) => string;
  readonly key: (key: string) => string;
  /** Whether the last line of a multi-line array or object ends with a comma. */
  readonly trailingComma: boolean;
}

// In an object literal, `__proto__: x` (quoted or not) sets the prototype; a
// computed key makes it a property, as a picklist value of that name needs.
const TS: Style = {
  string: stringLiteral,
  key: (key) => (key === '__proto__' ? "['__proto__']" : propertyKey(key)),
  trailingComma: true,
};
const JSON_STYLE: Style = {
  string: (v) => JSON.stringify(v),
  key: (k) => JSON.stringify(k),
  trailingComma: false,
};

/**
 * A TypeScript literal. `indent` is the indentation of the line the value
 * starts on, `column` the column where it starts, `after` what follows it on
 * that line (e.g. `,` or `;`), so the one-line form is used only when it fits.
 *
 * @example
 * tsLiteral([{ path: 'Id', type: 'string' }]); // "[{ path: 'Id', type: 'string' }]"
 */
export function tsLiteral(
  value: LiteralValue,
  indent = '',
  column = indent.length,
  after = '',
): string {
  return print(TS, value, indent, column, after.length, false);
}

/**
 * A JSON text with the same layout, ending without a newline.
 *
 * @example
 * jsonLiteral({ soups: [] }); // '{\n  "soups": []\n}'
 */
export function jsonLiteral(value: LiteralValue): string {
  return print(JSON_STYLE, value, '', 0, 0, false);
}

/**
 * An item of a JSON array whose items start at `inner`, printed on its own: a
 * `PrintedItems` of such items prints as the array of the values would.
 *
 * @example
 * jsonArrayItem({ path: 'Id', type: 'string' }, '    '); // { text: '{ "path": "Id", "type": "string" }' }
 */
export function jsonArrayItem(value: LiteralValue, inner: string): PrintedItem {
  const text = print(JSON_STYLE, value, inner, 0, 0, true);
  if (fitsItsLine(text, inner)) return { text };
  return { text, wrapped: print(JSON_STYLE, value, inner, inner.length, 1, true) };
}

/** Whether an item's text, starting a line at `inner`, needs no other layout. */
function fitsItsLine(text: string, inner: string): boolean {
  return text.includes('\n') || inner.length + text.length + 1 <= LINE_WIDTH;
}

function print(
  style: Style,
  value: LiteralValue,
  indent: string,
  column: number,
  after: number,
  inArray: boolean,
): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return style.string(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof CodeText) return value.text;
  const inner = `${indent}  `;
  if (value instanceof PrintedItems) {
    if (style !== JSON_STYLE || value.inner !== inner) {
      throw new Error(
        `items printed for JSON at ${value.inner.length}, printed at ${inner.length}`,
      );
    }
    const { items } = value;
    const texts = items.map((item) => item.text);
    const wrapped = (index: number) => (items[index] as PrintedItem).wrapped as string;
    return printArray(style, texts, wrapped, indent, column, after);
  }
  if (isArray(value)) {
    const texts = value.map((item) => print(style, item, inner, 0, 0, true));
    // An item's text depends on its column only when it is one line that no longer
    // fits there; print again only then (always printing again is exponential in depth).
    const wrapped = (index: number) =>
      print(style, value[index] as LiteralValue, inner, inner.length, 1, true);
    return printArray(style, texts, wrapped, indent, column, after);
  }
  const entries = Object.entries(value).filter(
    (entry): entry is [string, LiteralValue] => entry[1] !== undefined,
  );
  if (entries.length === 0) return '{}';
  if (inArray) {
    const parts = entries.map(
      ([k, v]) => `${style.key(k)}: ${print(style, v, inner, 0, 0, false)}`,
    );
    const oneLine = `{ ${parts.join(', ')} }`;
    if (!oneLine.includes('\n') && column + oneLine.length + after <= LINE_WIDTH) return oneLine;
  }
  const lines = entries.map(([k, v]) => {
    const head = `${inner}${style.key(k)}: `;
    const text = print(style, v, inner, head.length, 1, false);
    // A scalar too long for its line moves to the next one, as formatters do.
    if (style === TS && typeof v === 'string' && head.length + text.length + 1 > LINE_WIDTH) {
      return `${head.trimEnd()}\n${inner}  ${text}`;
    }
    return `${head}${text}`;
  });
  return `{\n${joinLines(style, lines)}\n${indent}}`;
}

/**
 * An array from its items' texts (each printed where it starts a line):
 * on one line when it fits, else one item per line, `wrapped` giving the
 * text of an item whose one line is too long for its own line.
 */
function printArray(
  style: Style,
  texts: readonly string[],
  wrapped: (index: number) => string,
  indent: string,
  column: number,
  after: number,
): string {
  if (texts.length === 0) return '[]';
  const inner = `${indent}  `;
  // The one-line form's length, without building it (long lists are the common case).
  let length = 2 * texts.length;
  let multiLine = false;
  let allFit = true;
  for (const text of texts) {
    length += text.length;
    if (text.includes('\n')) multiLine = true;
    else if (inner.length + text.length + 1 > LINE_WIDTH) allFit = false;
  }
  if (!multiLine && column + length + after <= LINE_WIDTH) return `[${texts.join(', ')}]`;
  if (allFit) return `[\n${inner}${joinLines(style, texts, `,\n${inner}`)}\n${indent}]`;
  const lines = texts.map(
    (text, index) => `${inner}${fitsItsLine(text, inner) ? text : wrapped(index)}`,
  );
  return `[\n${joinLines(style, lines)}\n${indent}]`;
}

/** The lines of a multi-line array or object, each ending with a comma (but the last in JSON). */
function joinLines(style: Style, lines: readonly string[], separator = ',\n'): string {
  const joined = lines.join(separator);
  return style.trailingComma ? `${joined},` : joined;
}

function isArray(value: unknown): value is readonly LiteralValue[] {
  return Array.isArray(value);
}
