/**
 * JSON parsing that reports where a syntax error is. `JSON.parse` does the
 * work; only when it fails does a small scanner walk the text to find the
 * line and column of the first error (V8's messages do not always carry one).
 * Pure (no imports): the generator's config and describe files and sync's
 * `userstore.json` / `usersyncs.json` are all read with it.
 */

/** A JSON syntax error with its 1-based position. */
export interface JsonSyntaxProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** The result of `parseJsonText`: the value, or the first syntax problem. */
export type JsonParseResult =
  | { readonly kind: 'ok'; readonly value: unknown }
  | { readonly kind: 'error'; readonly problem: JsonSyntaxProblem };

/**
 * Parses JSON text; on a syntax error returns its message, line and column.
 *
 * @example
 * parseJsonText('{"a": 1,}');
 * // → { kind: 'error', problem: { message: 'expected a string key', line: 1, column: 9 } }
 */
export function parseJsonText(text: string): JsonParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { kind: 'ok', value: JSON.parse(body) };
  } catch (error) {
    const found = locateJsonError(body);
    const offset = found?.offset ?? 0;
    const message = found?.message ?? (error instanceof Error ? error.message : String(error));
    const { line, column } = lineAndColumn(body, offset);
    return { kind: 'error', problem: { message, line, column } };
  }
}

/**
 * 1-based line and column of an offset.
 *
 * @example
 * lineAndColumn('ab\ncd', 4); // { line: 2, column: 2 }
 */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class ScanError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** Walks the text as JSON and returns the first error, or undefined when it is valid. */
function locateJsonError(text: string): { offset: number; message: string } | undefined {
  let pos = 0;
  const fail = (message: string): never => {
    throw new ScanError(pos, message);
  };
  const skipSpace = () => {
    while (pos < text.length && ' \t\n\r'.includes(text.charAt(pos))) pos++;
  };
  const describeHere = () =>
    pos >= text.length ? 'end of input' : `${JSON.stringify(text.charAt(pos))}`;
  const literal = (word: string) => {
    if (text.startsWith(word, pos)) pos += word.length;
    else fail(`unexpected ${describeHere()}`);
  };
  const string = () => {
    pos++; // opening quote
    while (pos < text.length) {
      const ch = text.charAt(pos);
      if (ch === '"') {
        pos++;
        return;
      }
      if (ch === '\\') {
        const next = text.charAt(pos + 1);
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) fail('bad \\u escape');
          pos += 6;
        } else if ('"\\/bfnrt'.includes(next) && next !== '') {
          pos += 2;
        } else {
          fail('bad escape in string');
        }
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) fail('control character in string');
      pos++;
    }
    fail('unterminated string');
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos));
    if (match === null) fail(`unexpected ${describeHere()}`);
    else pos += match[0].length;
  };
  const value = (): void => {
    skipSpace();
    const ch = text.charAt(pos);
    if (ch === '{') object();
    else if (ch === '[') array();
    else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else if (ch === '-' || (ch >= '0' && ch <= '9')) number();
    else fail(`unexpected ${describeHere()}, expected a value`);
  };
  const object = () => {
    pos++;
    skipSpace();
    if (text.charAt(pos) === '}') {
      pos++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text.charAt(pos) !== '"') fail('expected a string key');
      string();
      skipSpace();
      if (text.charAt(pos) !== ':') fail(`expected ":" but found ${describeHere()}`);
      pos++;
      value();
      skipSpace();
      const ch = text.charAt(pos);
      if (ch === ',') {
        pos++;
        continue;
      }
      if (ch === '}') {
        pos++;
        return;
      }
      fail(`expected "," or "}" but found ${describeHere()}`);
    }
  };
  const array = () => {
    pos++;
    skipSpace();
    if (text.charAt(pos) === ']') {
      pos++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      const ch = text.charAt(pos);
      if (ch === ',') {
        pos++;
        continue;
      }
      if (ch === ']') {
        pos++;
        return;
      }
      fail(`expected "," or "]" but found ${describeHere()}`);
    }
  };
  try {
    value();
    skipSpace();
    if (pos < text.length) fail(`unexpected ${describeHere()} after the value`);
    return undefined;
  } catch (error) {
    if (error instanceof ScanError) return { offset: error.offset, message: error.message };
    throw error;
  }
}
