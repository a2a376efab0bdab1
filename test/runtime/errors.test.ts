import { describe, expect, it } from 'vitest';
import { assertNever, closestName, InternalError, SoupkitError } from '../../runtime/errors.js';

describe('SoupkitError', () => {
  it('keeps its code and cause and names its class', () => {
    const cause = new Error('disk full');
    const error = new SoupkitError('STORE_IO', 'could not write', { cause });
    expect(error.code).toBe('STORE_IO');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('SoupkitError');
    expect(error).toBeInstanceOf(Error);
  });

  it('names subclasses after themselves', () => {
    class AreaError extends SoupkitError {}
    expect(new AreaError('AREA_X', 'x').name).toBe('AreaError');
  });
});

describe('InternalError', () => {
  it('is a SoupkitError whose code is INTERNAL', () => {
    const cause = new Error('inner');
    const error = new InternalError('invariant broken', { cause });
    expect(error).toBeInstanceOf(SoupkitError);
    expect([error.code, error.name, error.message, error.cause]).toEqual([
      'INTERNAL',
      'InternalError',
      'invariant broken',
      cause,
    ]);
  });
});

describe('assertNever', () => {
  it('throws an INTERNAL error naming what was unexpected', () => {
    expect(() => assertNever('surprise' as never, 'index type')).toThrowError(
      expect.objectContaining({ code: 'INTERNAL', message: 'Unexpected index type: "surprise"' }),
    );
    expect(() => assertNever('surprise' as never)).toThrowError(InternalError);
  });
});

describe('closestName', () => {
  it('suggests the nearest candidate for a typo, ignoring case', () => {
    expect(closestName('employes', ['departments', 'employees'])).toBe('employees');
    expect(closestName('ACCOUNTS', ['accounts', 'contacts'])).toBe('accounts');
  });

  it('suggests nothing when no candidate is close', () => {
    expect(closestName('xyz', ['employees'])).toBeUndefined();
    expect(closestName('anything', [])).toBeUndefined();
  });

  it('allows more edits for longer names', () => {
    expect(closestName('opportunitys', ['Opportunity'])).toBe('Opportunity');
    expect(closestName('ab', ['xy'])).toBe('xy');
    expect(closestName('abc', ['xyz'])).toBeUndefined();
  });
});
