import { describe, expect, it } from 'vitest';
import { FIELD_FLAG_DEFAULTS, readFieldFlag } from '../../salesforce/describe-field.js';

describe(readFieldFlag.name, () => {
  it('reads a boolean as it is, and absent or null as the REST default', () => {
    const strict = () => {
      throw new Error('not called');
    };
    expect(readFieldFlag({ nillable: false }, 'nillable', strict)).toBe(false);
    expect(readFieldFlag({}, 'nillable', strict)).toBe(true);
    expect(readFieldFlag({ createable: null }, 'createable', strict)).toBe(false);
    expect(readFieldFlag({}, 'groupable', strict)).toBe(true);
  });

  it('leaves a value of another type to the caller: a strict reader throws, a lenient one defaults', () => {
    expect(() =>
      readFieldFlag({ unique: 'yes' }, 'unique', (key) => {
        throw new Error(`${key} must be true or false`);
      }),
    ).toThrow('unique must be true or false');
    expect(readFieldFlag({ nillable: 1 }, 'nillable', (key) => FIELD_FLAG_DEFAULTS[key])).toBe(
      true,
    );
  });
});
