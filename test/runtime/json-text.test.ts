import { describe, expect, it } from 'vitest';
import * as generatorJsonText from '../../generator/json-text.js';
import { lineAndColumn, parseJsonText } from '../../runtime/json-text.js';

describe(parseJsonText.name, () => {
  it('parses valid JSON (and a BOM)', () => {
    expect(parseJsonText('\uFEFF{"a": [1, true, null, "x"]}')).toEqual({
      kind: 'ok',
      value: { a: [1, true, null, 'x'] },
    });
  });

  it.each([
    ['{"a": 1,}', 1, 9, /expected a string key/],
    ['{\n  "a" 1\n}', 2, 7, /expected ":"/],
    ['[1, 2', 1, 6, /expected "," or "]" but found end of input/],
    ['{"a": tru}', 1, 7, /unexpected "t"/],
    ['{"a": "x\\q"}', 1, 9, /bad escape/],
    ['{} {}', 1, 4, /after the value/],
    ['', 1, 1, /expected a value/],
  ])('locates the error in %j at %i:%i', (text, line, column, message) => {
    const result = parseJsonText(text);
    expect(result.kind).toBe('error');
    if (result.kind === 'error') {
      expect(result.problem).toMatchObject({ line, column });
      expect(result.problem.message).toMatch(message);
    }
  });

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('one implementation', () => {
  it('is what the generator imports as its own json-text module', () => {
    expect(generatorJsonText.parseJsonText).toBe(parseJsonText);
    expect(generatorJsonText.lineAndColumn).toBe(lineAndColumn);
  });
});
