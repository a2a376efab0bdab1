import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnValue, project } from '../../../runtime/store/project.js';

describe('project', () => {
  const doc = { a: { b: { c: 7 } }, n: null, list: ['x', 'y'] };

  it('follows dotted paths; empty path is the whole value', () => {
    expect(project(doc, 'a.b.c')).toBe(7);
    expect(project(doc, 'a.b')).toEqual({ c: 7 });
    expect(project(doc, '')).toBe(doc);
    expect(project(doc, null)).toBe(doc);
  });

  it('gives null for missing keys, JSON null and paths through scalars', () => {
    expect(project(doc, 'missing')).toBeNull();
    expect(project(doc, 'a.missing.deeper')).toBeNull();
    expect(project(doc, 'n')).toBeNull();
    expect(project(doc, 'a.b.c.d')).toBeNull();
  });

  it('maps the rest of the path over arrays, dropping nulls (the SDK example)', () => {
    const nested = { d: [{ dd: [{ ddd: 'x' }, { ddd: 'y' }] }, { dd: [{ ddd3: 'z' }] }] };
    expect(project(nested, 'd.dd.ddd')).toEqual([['x', 'y']]);
    expect(project(nested, 'd.dd.ddd3')).toEqual([['z']]);
    expect(project(nested, 'd.dd.none')).toBeNull();
    expect(project(doc, 'list')).toEqual(['x', 'y']);
  });

  it('a one-key path reads that key for any JSON object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.jsonValue()), (object) => {
        for (const [key, value] of Object.entries(object)) {
          expect(project(object, key)).toEqual(value ?? null);
        }
      }),
    );
  });
});

describe('columnValue', () => {
  it('integer truncates numbers and stores NULL for anything else', () => {
    expect(columnValue('integer', 3.7)).toBe(3);
    expect(columnValue('integer', -3.7)).toBe(-3);
    expect(columnValue('integer', '12')).toBeNull();
    expect(columnValue('integer', true)).toBeNull();
    expect(columnValue('integer', null)).toBeNull();
  });

  it('floating keeps numbers', () => {
    expect(columnValue('floating', 3.7)).toBe(3.7);
    expect(columnValue('floating', 'x')).toBeNull();
  });

  it('string and full_text hold the text form, JSON for arrays and objects', () => {
    expect(columnValue('string', 37)).toBe('37');
    expect(columnValue('string', true)).toBe('true');
    expect(columnValue('full_text', ['black', 'grey'])).toBe('["black","grey"]');
    expect(columnValue('string', { a: 1 })).toBe('{"a":1}');
    expect(columnValue('string', undefined)).toBeNull();
  });

  it('json1 gives what json_extract returns', () => {
    expect(columnValue('json1', true)).toBe(1);
    expect(columnValue('json1', 5)).toBe(5);
    expect(columnValue('json1', ['a'])).toBe('["a"]');
  });
});
