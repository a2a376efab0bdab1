/**
 * Prints plain data as TypeScript literals, laid out the way the rest of the
 * generated code is: objects one key per line, short arrays inline.
 */
import { propertyKey, stringLiteral } from '../model/naming.js';

/** A value `tsLiteral` can print. */
export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | readonly LiteralValue[]
  | CodeText
  | { readonly [key: string]: LiteralValue | undefined };

/** Text printed as code, not as a string literal. */
export class CodeText {
  constructor(readonly text: string) {}
}

const LINE_WIDTH = 100;

/** Marks text to print as code, not as a string literal. */
export function code(text: string): CodeText {
  return new CodeText(text);
}

/**
 * A TypeScript literal for a value; `indent` is the indentation of the line it starts on.
 *
 * @example
 * tsLiteral({ path: 'Id', type: 'string' }, '', true); // "{ path: 'Id', type: 'string' }"
 */
export function tsLiteral(value: LiteralValue, indent = '', inline = false): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof CodeText) return value.text;
  const inner = `${indent}  `;
  if (isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => tsLiteral(item, inner, true));
    const oneLine = `[${items.join(', ')}]`;
    if (!oneLine.includes('\n') && indent.length + oneLine.length <= LINE_WIDTH - 20)
      return oneLine;
    return `[\n${value.map((item) => `${inner}${tsLiteral(item, inner, true)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(
    (entry): entry is [string, LiteralValue] => entry[1] !== undefined,
  );
  if (entries.length === 0) return '{}';
  if (inline) {
    const oneLine = `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${tsLiteral(v, inner, true)}`).join(', ')} }`;
    if (!oneLine.includes('\n') && indent.length + oneLine.length <= LINE_WIDTH - 20)
      return oneLine;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${tsLiteral(v, inner)},`).join('\n')}\n${indent}}`;
}

function isArray(value: unknown): value is readonly LiteralValue[] {
  return Array.isArray(value);
}
