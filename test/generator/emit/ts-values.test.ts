import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  code,
  jsonArrayItem,
  jsonLiteral,
  type LiteralValue,
  PrintedItems,
  tsLiteral,
} from '../../../generator/emit/ts-values.js';

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

describe(jsonArrayItem.name, () => {
  // Values of every shape the layout treats apart: short and long strings (a
  // long one-line item is laid out again for its column), nested arrays and objects.
  const text = fc.oneof(fc.string({ maxLength: 6 }), fc.string({ minLength: 40, maxLength: 120 }));
  const { value } = fc.letrec<{ value: LiteralValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), tie('value'), { maxKeys: 4 }),
    ),
  }));

  it('prints items ahead that make the JSON the values make, at any depth', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (items, depth) => {
          // The list `depth` objects deep: its items start at 2 * (depth + 1) + 2 spaces.
          const inner = ' '.repeat(2 * (depth + 1) + 2);
          const nest = (list: LiteralValue): LiteralValue => {
            let nested: LiteralValue = { list };
            for (let i = 0; i < depth; i += 1) nested = { level: nested };
            return nested;
          };
          const printed = new PrintedItems(
            inner,
            items.map((item) => jsonArrayItem(item, inner)),
          );
          expect(jsonLiteral(nest(printed))).toBe(jsonLiteral(nest(items)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses items printed for another indentation', () => {
    const printed = new PrintedItems('      ', [jsonArrayItem('a', '      ')]);
    expect(() => jsonLiteral({ list: printed })).toThrow(/printed for JSON at 6, printed at 4/);
  });
});
