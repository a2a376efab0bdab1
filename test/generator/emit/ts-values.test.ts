import { describe, expect, it } from 'vitest';
import { code, jsonLiteral, tsLiteral } from '../../../generator/emit/ts-values.js';

describe(tsLiteral.name, () => {
  it('prints objects one key per line and short arrays inline', () => {
    expect(
      tsLiteral({ a: 'x', list: ['a', 'b'], n: 1, ok: true, none: null, skipped: undefined }),
    ).toBe("{\n  a: 'x',\n  list: ['a', 'b'],\n  n: 1,\n  ok: true,\n  none: null,\n}");
  });

  it('puts small objects inside arrays on one line, long arrays one item per line', () => {
    expect(tsLiteral([{ path: 'Id', type: 'string' }])).toBe("[{ path: 'Id', type: 'string' }]");
    const long = Array.from({ length: 12 }, (_, i) => `FieldNumber${i}`);
    expect(tsLiteral(long)).toBe(`[\n${long.map((f) => `  '${f}',`).join('\n')}\n]`);
  });

  it('moves a long string value to its own line, and quotes odd keys', () => {
    const query = `SELECT ${'X, '.repeat(40)}Id FROM Account`;
    expect(tsLiteral({ query })).toBe(`{\n  query:\n    '${query}',\n}`);
    expect(tsLiteral({ 'odd-key': 1 })).toBe("{\n  'odd-key': 1,\n}");
  });

  it('prints a __proto__ key as a computed key, so it stays a property when evaluated', () => {
    const text = tsLiteral(JSON.parse('{"__proto__": ["A"], "B": []}'));
    expect(text).toBe("{\n  ['__proto__']: ['A'],\n  B: [],\n}");
    const value = new Function(`return ${text};`)() as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'B']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('prints code as is', () => {
    expect(tsLiteral([code('accountSoup'), code('contactSoup')])).toBe(
      '[accountSoup, contactSoup]',
    );
  });
});

describe(jsonLiteral.name, () => {
  it('prints valid JSON with the same layout', () => {
    const value = {
      soups: [{ soupName: 'a', indexes: [{ path: 'Id', type: 'string' }] }],
      empty: [],
    };
    const text = jsonLiteral(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toBe(
      '{\n  "soups": [{ "soupName": "a", "indexes": [{ "path": "Id", "type": "string" }] }],\n  "empty": []\n}',
    );
  });
});
